package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code procsnap-replay shell} on a real capture of this machine, with unmodified procps. Needs root and FUSE. */
class ShellIT {

    static Commands.Result shell(String script) throws Exception {
        return Captures.replay(120, "shell", Captures.ofThisMachine().toString(), "--", "sh", "-c", script);
    }

    @Test
    void procpsWorksOnTheCapture() throws Exception {
        var r = shell("ps -eLf | head -3 && echo ---pstree && pstree -p | head -3 && echo ---top && top -b -n 1 | head -8"
                + " && echo ---free && free && echo ---uptime && uptime && echo ---vmstat && vmstat"
                + " && echo ---aux && ps aux | head -3 && echo ---pgrep && pgrep -c . ");
        assertEquals(0, r.exit(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.matches("(?s)UID +PID +PPID +LWP +C +NLWP +STIME +TTY +TIME +CMD\n.*"), out);
        assertTrue(out.contains("---pstree\n") && out.matches("(?s).*---pstree\n\\S+\\(1\\).*"), out);
        assertTrue(out.matches("(?s).*---top\ntop - .* up .*Tasks: +\\d+ total.*"), out);
        assertTrue(out.matches("(?s).*---free\n +total +used +free.*\nMem: +\\d+.*"), out);
        assertTrue(out.matches("(?s).*---uptime\n .* up .*load average.*"), out);
        assertTrue(out.matches("(?s).*---vmstat\nprocs .*"), out);
        assertTrue(out.matches("(?s).*---aux\nUSER +PID .*"), out);
        assertTrue(out.matches("(?s).*---pgrep\n\\d+\n"), out);
        assertFalse(r.err().contains("Error"), r.err());
    }

    @Test
    void psSeesTheCapturedMachineNotTheLiveOne() throws Exception {
        Path archive = Captures.ofThisMachine();
        Process later = new ProcessBuilder("sleep", "60").start();
        try {
            var r = Captures.replay(120, "shell", archive.toString(), "--", "sh", "-c",
                    "ps -eo pid=; cat /proc/.procsnap/summary.txt");
            assertEquals(0, r.exit(), r.err());
            String pid = Long.toString(later.pid());
            assertTrue(r.out().contains("state: complete"), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.trim().equals("1")), r.out());
            assertFalse(r.out().lines().anyMatch(l -> l.trim().equals(pid)), "a process started after the capture");
        } finally {
            later.destroyForcibly();
        }
    }

    /** Like sudo or unshare: after ARCHIVE everything is the command, its options included; no -- needed. */
    @Test
    void theCommandsOwnOptionsNeedNoDoubleDash() throws Exception {
        var r = Captures.replay(120, "shell", Captures.ofThisMachine().toString(), "ps", "-eo", "pid=", "--sort", "pid");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("1", r.out().lines().findFirst().orElse("").trim(), r.out());
        var withSample = Captures.replay(120, "shell", "--sample", "0", Captures.ofThisMachine().toString(), "sh", "-c",
                "echo $0 $1", "-x", "--sample");
        assertEquals(0, withSample.exit(), withSample.err());
        assertEquals("-x --sample", withSample.out().trim(), "options after ARCHIVE belong to the command");
    }

    @Test
    void exitStatusOfTheCommandIsPassedThrough() throws Exception {
        assertEquals(7, shell("exit 7").exit());
        assertEquals(0, shell("true").exit());
    }

    @Test
    void nothingIsLeftMountedAfterwards() throws Exception {
        shell("true");
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            assertFalse(lines.anyMatch(l -> l.contains("procsnap-shell-")), "shell mount left behind");
        }
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertFalse(tmp.anyMatch(p -> p.getFileName().toString().startsWith("procsnap-shell-")),
                    "shell temp directory left behind");
        }
    }
}
