package io.procsnap.replay.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archives of format 1.0 keep reading the same: every scenario packed by the format 1.0 writer
 * ({@code src/test/resources/archives-v1.0/}, written from the same fixture trees before format 1.1:
 * {@code PROCSNAP.*} pax records in nanoseconds, index version 1) runs every golden command and must
 * print the golden output of the format 1.1 archive, line for line. A golden file whose 1.0 output
 * differs on purpose has a {@code <command>.v1.0.txt} twin: the cut-off scenario's damage line names
 * the last bytes of the cut file, which are other bytes in a 1.0 archive. Scenarios added after format
 * 1.1 have no 1.0 archive and are not run here.
 */
class Format10GoldenTests {
    private static final Path DIR = Path.of("target", "fixture-archives-v1.0");

    /** The 1.0 archive of a scenario, copied from the test resources to {@link #DIR}. */
    static Path archive(String scenario) {
        Path target = DIR.resolve(scenario + ".tar.zst");
        try (InputStream in = Format10GoldenTests.class.getResourceAsStream(resource(scenario))) {
            Files.createDirectories(DIR);
            Path part = DIR.resolve(scenario + ".tar.zst." + ProcessHandle.current().pid() + ".part");
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static String resource(String scenario) {
        return "/archives-v1.0/" + scenario + ".tar.zst";
    }

    @TestFactory
    List<DynamicTest> everyCommandOnEveryFormat10Scenario() {
        List<String> scenarios = Scenarios.names().stream()
                .filter(s -> Format10GoldenTests.class.getResource(resource(s)) != null).toList();
        assertTrue(scenarios.size() >= 8, "format 1.0 archives of the 8 scenarios of format 1.0's time: " + scenarios);
        List<DynamicTest> tests = new ArrayList<>();
        for (String scenario : scenarios) {
            tests.addAll(GoldenOutputTests.commandTests(scenario, Format10GoldenTests::archive, Format10GoldenTests::check));
            tests.add(GoldenOutputTests.diffTest(scenario, Format10GoldenTests::archive, Format10GoldenTests::check));
        }
        return tests;
    }

    /**
     * Runs {@code args} on the 1.0 archives and compares with the golden file, as if the paths were those
     * of the 1.1 archives the goldens were written from.
     */
    private static void check(String scenario, String file, List<String> args) throws IOException {
        CliRun run = CliRun.of(args.toArray(String[]::new));
        String from = DIR + "/";
        String to = Path.of("target", "fixture-archives") + "/";
        CliRun asIfV11 = new CliRun(run.exitCode(), run.out().replace(from, to), run.err().replace(from, to));
        List<String> v11Args = args.stream().map(a -> a.replace(from, to)).toList();
        Path twin = GoldenOutputTests.golden(scenario, file + ".v1.0");
        Path golden = Files.exists(twin) ? twin : GoldenOutputTests.golden(scenario, file);
        if (GoldenOutputTests.update()) {
            return; // the goldens are the 1.1 archives' output; a 1.0 twin is written by hand, never updated
        }
        GoldenOutputTests.check(golden, v11Args, asIfV11);
    }
}
