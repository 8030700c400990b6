package io.procsnap.replay.fuzz;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.cli.CliRun;
import io.procsnap.replay.cli.Scenarios;
import io.procsnap.replay.model.TreeArchiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end fuzzing: a scenario capture whose procfs files (stat, status, stack, sysvipc, mountinfo,
 * net, zpool output, ...) are mutated, packed into a real archive and run through every analysis
 * command. Allowed exit codes: 0, 1, 3, 4; never 70 (internal error) or a stack trace. Budget
 * {@code -Dfuzz.seconds=N} (default 6).
 */
class SnapshotFuzzTests {
    private static final Set<Integer> ALLOWED = Set.of(ExitCode.OK, ExitCode.YES, ExitCode.PARTIAL, ExitCode.ARCHIVE);

    @TempDir
    Path dir;

    @Test
    void mutatedCapturesNeverCrashAnalysisCommands() throws Exception {
        Random rnd = new Random(ParserFuzzTests.SEED);
        List<String> scenarios = List.of("zfs-full", "msgq-deadlock", "nfs-oom");
        long end = System.nanoTime() + ParserFuzzTests.SECONDS * 1_000_000_000L;
        List<String> findings = new ArrayList<>();
        int captures = 0;
        int runs = 0;
        while (System.nanoTime() < end && findings.size() < 5) {
            String scenario = scenarios.get(rnd.nextInt(scenarios.size()));
            Path tree = dir.resolve("t" + captures);
            copy(Scenarios.tree(scenario), tree);
            List<Path> files;
            try (Stream<Path> s = Files.walk(tree)) {
                files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> !p.getFileName().toString().equals("procsnap-meta.json"))
                        .filter(p -> !(ParserFuzzTests.KNOWN_OPEN_BUGS.contains("dmesg") && p.toString().contains("/cmd/dmesg/")))
                        .toList();
            }
            for (int i = 0; i < 8 && !files.isEmpty(); i++) {
                Path f = files.get(rnd.nextInt(files.size()));
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                Files.writeString(f, TextMutator.mutate(text, rnd), StandardCharsets.UTF_8);
            }
            Path archive = dir.resolve("c" + captures + ".tar.zst");
            TreeArchiver.pack(tree, archive);
            captures++;
            for (String cmd : List.of("info", "ps", "threads", "ipc", "fs", "diagnose")) {
                CliRun run = CliRun.of(cmd, archive.toString());
                runs++;
                if (!ALLOWED.contains(run.exitCode()) || run.err().contains("\tat ")) {
                    Path keep = Files.createDirectories(Path.of("target", "fuzz-findings"))
                            .resolve("snapshot-" + scenario + "-" + captures + ".tar.zst");
                    Files.copy(archive, keep, StandardCopyOption.REPLACE_EXISTING);
                    findings.add(keep + " " + cmd + ": exit " + run.exitCode() + ": "
                            + run.err().lines().limit(2).toList());
                }
            }
        }
        System.out.printf("snapshot fuzz: %d mutated captures, %d command runs, %d findings%n", captures, runs, findings.size());
        assertEquals(List.of(), findings);
        assertTrue(captures >= 2, "only " + captures + " captures");
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(q, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
