package io.procsnap.replay.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden outputs: every analysis command on every fixture scenario (packed into a real archive),
 * compared line by line with {@code fixtures/golden/<scenario>/<command>.txt}. A golden file starts with
 * the command line and the exit code, then stdout. Lines that are volatile by nature are stored as
 * regular expressions ({@link #VOLATILE}); {@code assertLinesMatch} accepts a line when it is equal or
 * matches. Run with {@code -Dgolden.update=true} to rewrite the files, then review the diff.
 */
class GoldenOutputTests {
    /** Commands run on every scenario: golden file name -> arguments before the archive. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("info"), List.of("ps"), List.of("ps", "-L"), List.of("threads"),
            List.of("threads", "--by", "wait,pcomm,syscall"), List.of("threads", "--all-samples", "--by", "state,wchan"),
            List.of("ipc"), List.of("fs"), List.of("diagnose"),
            List.of("diagnose", "--json"));

    /** Lines whose content depends on where the test runs: pattern of the line -> regex written instead. */
    private static final List<List<String>> VOLATILE = List.of(
            List.of("^origin:    archive .*$", "origin:    archive .*"),
            // the archive file's hash: built at test time by this build's writer
            List.of("^sha256:    [0-9a-f]{64}  \\(no .*\\.sha256 beside it\\)$", "sha256:    [0-9a-f]{64}  \\(no .*\\.sha256 beside it\\)"));

    static boolean update() {
        return Boolean.getBoolean("golden.update");
    }

    /** Checks one golden case: the golden file of a scenario (its name without {@code .txt}) against a run of {@code args}. */
    @FunctionalInterface
    interface Case {
        void check(String scenario, String file, List<String> args) throws Exception;
    }

    /** One test per golden command of {@code scenario}, on the archive {@code archive} gives for it. */
    static List<DynamicTest> commandTests(String scenario, Function<String, Path> archive, Case check) {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<String> command : COMMANDS) {
            String file = String.join("-", command).replace("--", "");
            tests.add(DynamicTest.dynamicTest(scenario + ": " + String.join(" ", command), () -> {
                List<String> args = new ArrayList<>(command);
                args.add(archive.apply(scenario).toString());
                check.check(scenario, file, args);
            }));
        }
        return tests;
    }

    /** The test of {@code diff SCENARIO TWIN} against the healthy capture of the same host. */
    static DynamicTest diffTest(String scenario, Function<String, Path> archive, Case check) {
        String twin = healthyTwin(scenario);
        return DynamicTest.dynamicTest("diff " + scenario + " " + twin, () -> check.check(scenario, "diff-" + twin,
                List.of("diff", archive.apply(scenario).toString(), archive.apply(twin).toString())));
    }

    static Path golden(String scenario, String file) {
        return Scenarios.fixtures().resolve("golden").resolve(scenario).resolve(file + ".txt");
    }

    @TestFactory
    List<DynamicTest> everyCommandOnEveryScenario() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String scenario : Scenarios.names()) {
            tests.addAll(commandTests(scenario, Scenarios::archive, (s, file, args) -> check(golden(s, file), args)));
        }
        return tests;
    }

    /** The healthy capture of the same host each scenario is diffed against. */
    static String healthyTwin(String scenario) {
        return scenario.startsWith("zfs-") || scenario.startsWith("nfs-") ? "zfs-healthy" : "healthy";
    }

    @TestFactory
    List<DynamicTest> diffAgainstTheSameHostHealthy() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String scenario : Scenarios.names()) {
            tests.add(diffTest(scenario, Scenarios::archive, (s, file, args) -> check(golden(s, file), args)));
        }
        return tests;
    }

    static void check(Path golden, List<String> args) throws IOException {
        check(golden, args, CliRun.of(args.toArray(String[]::new)));
    }

    /** Compares a finished run of {@code procsnap-replay ARGS} (in this JVM or the bundle's) with its golden file. */
    static void check(Path golden, List<String> args, CliRun run) throws IOException {
        // a cut-off capture adds one "warning: ... capture was cut off" line on stderr (ArchiveDamage)
        assertTrue(run.err().isEmpty() || run.exitCode() != 0
                || run.err().lines().allMatch(l -> l.contains(": warning: ") && l.contains("capture was cut off")),
                "unexpected stderr: " + run.err());
        List<String> actual = new ArrayList<>();
        actual.add("$ procsnap-replay " + String.join(" ", args));
        actual.add("exit " + run.exitCode());
        actual.addAll(run.out().lines().toList());
        if (update()) {
            Files.createDirectories(golden.getParent());
            List<String> written = actual.stream().map(GoldenOutputTests::volatileToRegex).toList();
            Files.write(golden, written, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(golden), "missing golden file " + golden + " (run with -Dgolden.update=true)");
        assertLinesMatch(Files.readAllLines(golden, StandardCharsets.UTF_8), actual,
                golden + " differs (rewrite with -Dgolden.update=true and review the diff)");
    }

    private static String volatileToRegex(String line) {
        for (List<String> v : VOLATILE) {
            if (Pattern.matches(v.get(0), line)) {
                return v.get(1);
            }
        }
        return line;
    }
}
