package io.procsnap.capture.watch;

import io.procsnap.capture.Main;
import io.procsnap.format.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code procsnap watch}'s command line, in process: help, and every refusal before it starts watching. */
class WatchCommandTests {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, OutputStream.nullOutputStream(), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsEveryOptionWithItsDefaultEveryTriggerAndTheExitCodes() {
        assertEquals(0, run("watch", "--help"));
        String help = out.toString();
        for (TriggerKind k : TriggerKind.values()) {
            assertTrue(help.contains("\n  " + k.id + " "), k.id + " in help");
        }
        for (String line : help.split("\n")) {
            if (line.startsWith("      --")) { // an option's first line
                assertTrue(help.substring(help.indexOf(line)).split("\n  -")[0].contains("Default:"), line);
            }
        }
        assertTrue(help.contains("Exit codes:") && help.contains("watch exits 0 after SIGTERM"), help);
        assertTrue(help.contains("Default: 10m") && help.contains("Default: 200M") && help.contains("(N 95)"), help);
        assertTrue(help.lines().allMatch(l -> l.length() <= 100), "fits 100 columns");
        out.getBuffer().setLength(0);
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Commands:\n  watch "), "procsnap --help names the subcommand");
    }

    @Test
    void usageErrorsSayWhatAndExitTwo() {
        assertUsage("Missing required option: '--dir=DIR'", "watch");
        assertTrue(err.toString().contains("procsnap watch: ") && err.toString().contains("Try 'procsnap watch --help'"),
                err.toString());
        String d = dir.resolve("w").toString();
        assertUsage("--trigger nope: no such trigger (hung-task, procs-blocked, pressure, msgq-full, statfs-hang, fs-full,"
                + " probe-failed, check-hung)", "watch", "--dir", d, "--trigger", "nope");
        assertUsage("--trigger hung-task=3: hung-task takes no threshold", "watch", "--dir", d, "--trigger", "hung-task=3");
        assertUsage("--trigger msgq-full=lots: the threshold must be a number >= 0", "watch", "--dir", d, "--trigger",
                "msgq-full=lots");
        assertUsage("capture option -o is set by the watcher", "watch", "--dir", d, "--", "-o", "x.tar.zst");
        assertUsage("capture option --deadline=5s is set by the watcher", "watch", "--dir", d, "--", "--deadline=5s");
        assertUsage("--max-bytes lots: not a size", "watch", "--dir", d, "--max-bytes", "lots");
        assertUsage("--keep must be at least 1", "watch", "--dir", d, "--keep", "0");
        assertUsage("--mount needs an absolute path: rel", "watch", "--dir", d, "--mount", "rel");
        assertUsage("refusing --dir /proc: procsnap never writes under /proc or /sys", "watch", "--dir", "/proc");
        assertTrue(!Files.exists(dir.resolve("w")), "nothing made before the options are checked");
    }

    @Test
    void refusesADirectoryOnAFilesystemItWatchesForFullness() throws Exception {
        Path watch = dir.resolve("w");
        assertUsage("is on the filesystem of --mount " + dir + " (", "watch", "--dir", watch.toString(), "--mount",
                dir.toString());
        assertTrue(err.toString().contains("which fs-full watches: the watcher's own archives would fill it"), err.toString());
    }

    @Test
    void triggersDefaultToAllWithTheirThresholds() {
        var all = WatchCommand.triggers(null);
        assertEquals(TriggerKind.values().length, all.size());
        assertEquals(95.0, all.get(TriggerKind.MSGQ_FULL));
        var some = WatchCommand.triggers(java.util.List.of("msgq-full=80", "hung-task"));
        assertEquals(3, some.size(), "check-hung is always on");
        assertEquals(80.0, some.get(TriggerKind.MSGQ_FULL));
    }

    private void assertUsage(String message, String... args) {
        err.getBuffer().setLength(0);
        assertEquals(ExitCode.USAGE, run(args), err.toString());
        assertTrue(err.toString().contains(message), err.toString());
    }
}
