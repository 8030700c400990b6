package io.procsnap.replay.fuzz;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.cli.CliRun;
import io.procsnap.replay.parse.sunos.SunosZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end fuzzing of a SunOS capture: seed 003's zone ({@link SunosZone}) with its binary /proc files
 * (psinfo, lpsinfo, lwpsinfo, status, lstatus: bytes flipped, cut, grown, header counts bent) and its
 * command outputs (mdb, ipcs, zpool, zfs: {@link TextMutator}) mutated, then every analysis command.
 * Allowed exit codes 0, 1, 3, 4; never 70 or a stack trace. Budget {@code -Dfuzz.seconds=N} (default 6).
 */
class SunosSnapshotFuzzTests {
    private static final Set<Integer> ALLOWED = Set.of(ExitCode.OK, ExitCode.YES, ExitCode.PARTIAL, ExitCode.ARCHIVE);

    @TempDir
    Path dir;

    @Test
    void mutatedSunosCapturesNeverCrashAnalysisCommands() throws Exception {
        Random rnd = new Random(ParserFuzzTests.SEED);
        long end = System.nanoTime() + ParserFuzzTests.SECONDS * 1_000_000_000L;
        List<String> findings = new ArrayList<>();
        int captures = 0;
        int runs = 0;
        // at least 3 captures: the first command runs are slow while the JIT warms up
        while ((System.nanoTime() < end || captures < 3) && findings.size() < 5) {
            Path archive = dir.resolve("s" + captures + ".tar.zst");
            double rate = 0.1 + rnd.nextDouble() * 0.4;
            SunosZone.write(archive, (path, bytes) -> rnd.nextDouble() < rate ? mutate(path, bytes, rnd) : bytes);
            captures++;
            for (String cmd : List.of("ps -L", "threads --by state,wchan", "ipc", "diagnose")) {
                List<String> args = new ArrayList<>(Arrays.asList(cmd.split(" ")));
                args.add(archive.toString());
                CliRun run = CliRun.of(args.toArray(String[]::new));
                runs++;
                if (!ALLOWED.contains(run.exitCode()) || run.err().contains("\tat ")) {
                    Path keep = Files.createDirectories(Path.of("target", "fuzz-findings"))
                            .resolve("sunos-" + captures + ".tar.zst");
                    Files.copy(archive, keep, StandardCopyOption.REPLACE_EXISTING);
                    findings.add(keep + " " + cmd + ": exit " + run.exitCode() + ": " + run.err().lines().limit(2).toList());
                }
            }
        }
        System.out.printf("sunos snapshot fuzz: %d mutated captures, %d command runs, %d findings%n", captures, runs,
                findings.size());
        assertEquals(List.of(), findings);
        assertTrue(captures >= 3, "only " + captures + " captures");
    }

    /** Text outputs through the text mutator; binary files flipped, cut, grown or given a bent header word. */
    static byte[] mutate(String path, byte[] b, Random rnd) {
        if (path.startsWith("cmd/")) {
            return TextMutator.mutate(new String(b, StandardCharsets.ISO_8859_1), rnd).getBytes(StandardCharsets.UTF_8);
        }
        byte[] m = b.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> {
                for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> m = Arrays.copyOf(m, rnd.nextInt(m.length));
            case 2 -> m = Arrays.copyOf(m, m.length + 1 + rnd.nextInt(64));
            case 3 -> {
                // pr_nent / pr_entsize / a pid word set to an extreme
                int at = rnd.nextInt(Math.max(1, Math.min(m.length, 16) / 4)) * 4;
                int v = switch (rnd.nextInt(4)) {
                    case 0 -> -1;
                    case 1 -> Integer.MAX_VALUE;
                    case 2 -> 0;
                    default -> rnd.nextInt();
                };
                for (int i = 0; i < 4 && at + i < m.length; i++) {
                    m[at + i] = (byte) (v >>> (8 * i));
                }
            }
            default -> Arrays.fill(m, (byte) rnd.nextInt(256));
        }
        return m;
    }
}
