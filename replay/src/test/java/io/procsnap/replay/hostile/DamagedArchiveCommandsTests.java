package io.procsnap.replay.hostile;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ExitCode;
import io.procsnap.replay.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every damaged archive (refused corpus files, salvageable corpus files, cuts and flips of a real
 * scenario archive) through every replay command that reads an archive: a message naming the
 * command and the damage, an exit code from the shared table, never a stack trace, bounded time.
 */
class DamagedArchiveCommandsTests {
    private static final Set<Integer> ALLOWED = Set.of(ExitCode.OK, ExitCode.YES, ExitCode.PARTIAL, ExitCode.ARCHIVE);

    @TempDir
    Path dir;

    private List<String[]> invocations(String archive, int k) {
        List<String[]> l = new ArrayList<>();
        for (String c : List.of("info", "ps", "threads", "ipc", "fs", "diagnose")) {
            l.add(new String[] {c, archive});
        }
        l.add(new String[] {"ps", "--json", archive});
        l.add(new String[] {"diff", archive, archive});
        l.add(new String[] {"extract", archive, dir.resolve("x" + k).toString()});
        return l;
    }

    @Test
    void everyCommandOnEveryDamagedArchiveEndsWithAMessageNeverAStackTrace() throws Exception {
        Map<String, Path> archives = DamagedArchives.all(dir, 10);
        assertTrue(archives.size() >= 20, "damaged inputs: " + archives.keySet());
        List<String> problems = new ArrayList<>();
        int runs = 0;
        int k = 0;
        long t = System.nanoTime();
        StringBuilder table = new StringBuilder();
        for (Map.Entry<String, Path> a : archives.entrySet()) {
            StringBuilder row = new StringBuilder(a.getKey()).append(':');
            for (String[] args : invocations(a.getValue().toString(), k++)) {
                CliRun run = CliRun.of(args);
                runs++;
                row.append(' ').append(args[0]).append('=').append(run.exitCode());
                String what = a.getKey() + " " + String.join(" ", args[0]) + ": exit " + run.exitCode() + ", " + run.err();
                if (!ALLOWED.contains(run.exitCode())) {
                    problems.add(what);
                } else if (run.err().contains("\tat ") || run.err().contains("Exception")) {
                    problems.add("stack trace or exception name: " + what);
                } else if (run.exitCode() == ExitCode.ARCHIVE && !run.err().startsWith("procsnap-replay " + args[0] + ": ")) {
                    problems.add("message not prefixed by the command: " + what);
                }
            }
            table.append(row).append('\n');
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        System.out.println("damaged archives x commands: " + runs + " runs in " + ms + " ms\n" + table);
        assertEquals(List.of(), problems);
        assertTrue(ms < 120_000, "took " + ms + " ms");
    }

    /**
     * Lead decision (issue 6): a SALVAGED archive gets the analysis of what was salvaged, one stderr
     * line "procsnap-replay CMD: ARCHIVE is damaged: DAMAGE; salvaged N entries" and exit 4; a CUT_OFF
     * one a warning line and the command's own exit code. Was bug B2.
     */
    @Test
    void damagedButSalvageableArchivesAreReportedAsSuchByEveryCommand() throws Exception {
        Map<String, Path> archives = DamagedArchives.all(dir, 4);
        List<String> problems = new ArrayList<>();
        int k = 0;
        int checked = 0;
        for (Map.Entry<String, Path> a : archives.entrySet()) {
            ArchiveState state;
            try (ArchiveReader r = ArchiveReader.open(a.getValue())) {
                r.entries();
                state = r.summary().state();
            } catch (java.io.IOException | java.io.UncheckedIOException refused) {
                continue;
            }
            if (state == ArchiveState.COMPLETE) {
                continue;
            }
            for (String[] args : invocations(a.getValue().toString(), k++)) {
                CliRun run = CliRun.of(args);
                checked++;
                String where = a.getKey() + " " + args[0] + " (" + state + "): exit " + run.exitCode() + ", " + run.err();
                if (state == ArchiveState.SALVAGED) {
                    if (run.exitCode() != ExitCode.ARCHIVE || !run.err().contains(" is damaged: ")
                            || !run.err().contains("; salvaged ")) {
                        problems.add(where);
                    }
                } else if (!run.err().contains(": warning: ") || !run.err().contains("capture was cut off")
                        || run.exitCode() == ExitCode.ARCHIVE) {
                    problems.add(where);
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 50, "damaged archives checked: " + checked);
    }
}
