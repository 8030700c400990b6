package io.procsnap.replay.fleet;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.cli.CliRun;
import io.procsnap.replay.cli.Scenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cuts and byte flips of a real scenario archive through {@code report} and {@code fleet}. */
class DamagedFleetTests {
    @TempDir
    static Path dir;
    static List<Path> damaged = new ArrayList<>();

    @BeforeAll
    static void damage() throws IOException {
        byte[] good = Files.readAllBytes(Scenarios.archive("msgq-deadlock"));
        int n = good.length;
        for (int cut : new int[] {3, 100, 1000, n / 3, n / 2, n - 10}) {
            Path p = dir.resolve("cut-" + cut + ".tar.zst");
            Files.write(p, Arrays.copyOf(good, cut));
            damaged.add(p);
        }
        for (int at : new int[] {n / 4, n / 2, n - 40}) {
            byte[] b = good.clone();
            for (int i = at; i < Math.min(n, at + 16); i++) {
                b[i] ^= (byte) 0xa5;
            }
            Path p = dir.resolve("flip-" + at + ".tar.zst");
            Files.write(p, b);
            damaged.add(p);
        }
    }

    @Test
    void reportOfADamagedArchiveIsAPageOrAMessageNeverAStackTrace() throws IOException {
        for (Path p : damaged) {
            Path html = dir.resolve(p.getFileName() + ".html");
            CliRun run = CliRun.of("report", p.toString(), "-o", html.toString());
            assertTrue(Set.of(ExitCode.OK, ExitCode.ARCHIVE).contains(run.exitCode()), p + ": " + run.err());
            assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), p + ": " + run.err());
            if (Files.exists(html)) {
                // a salvaged archive: the page of what was salvaged, and exit 4 with the damage on stderr
                String page = Files.readString(html);
                assertTrue(page.contains("id=\"findings\""), p.toString());
                assertTrue(run.exitCode() == ExitCode.OK || run.err().contains("is damaged"), p + ": " + run.err());
            } else {
                assertEquals(ExitCode.ARCHIVE, run.exitCode(), p + ": " + run.err());
                assertTrue(run.err().startsWith("procsnap-replay report: "), run.err());
            }
        }
    }

    @Test
    void fleetOverDamagedArchivesAccountsForEveryFile() {
        CliRun run = CliRun.of("fleet", "--jsonl", dir.toString());
        assertTrue(Set.of(ExitCode.OK, ExitCode.ARCHIVE).contains(run.exitCode()), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        for (Path p : damaged) {
            assertTrue(run.out().contains("\"file\":\"" + p + "\""), p + "\n" + run.out());
        }
    }
}
