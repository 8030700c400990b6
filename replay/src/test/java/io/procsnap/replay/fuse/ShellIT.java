package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.ArchiveReader;
import io.procsnap.replay.cli.Scenarios;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
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

    /**
     * The capture's clock: on the msgq-procsnap fixture (a real capture, 2026-11-22 02:17:48 UTC), date,
     * uptime and top inside shell show the capture's time, not today's, and ps -o lstart agrees with the
     * captured btime (procps 4 takes it from /proc/stat; older procps from the clock minus the uptime);
     * --real-time gives today. Needs libfaketime (Debian package faketime, scripts/setup.sh).
     */
    @Test
    void commandsSeeTheCapturesClock() throws Exception {
        assertTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1")),
                "libfaketime is not installed (Debian package faketime; scripts/setup.sh installs it)");
        Path archive = Scenarios.archive("msgq-procsnap");
        Instant captured;
        Instant started;
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            captured = reader.manifest().startUtc().plusNanos(reader.find("proc/uptime").orElseThrow().header().startNanos());
            long btime = text(reader, "proc/stat").lines().filter(l -> l.startsWith("btime "))
                    .mapToLong(l -> Long.parseLong(l.substring(6).strip())).findFirst().orElseThrow();
            String stat = text(reader, "proc/1/stat");
            long ticks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
            started = Instant.ofEpochSecond(btime).plusMillis(ticks * 10);
        }
        String script = "export TZ=UTC; date +%s; uptime; top -b -n 1 | head -1; ps -o lstart= -p 1";
        var r = Captures.replay(120, "shell", archive.toString(), "sh", "-c", script);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertFalse(r.err().contains("libfaketime"), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals(4, out.size(), r.out());
        assertNear(captured, Instant.ofEpochSecond(Long.parseLong(out.get(0).strip())), "date", r.out());
        assertNear(captured, clock(captured, out.get(1).strip().substring(0, 8)), "uptime", r.out());
        assertNear(captured, clock(captured, out.get(2).substring("top - ".length(), "top - ".length() + 8)), "top", r.out());
        Instant lstart = LocalDateTime.parse(out.get(3).strip().replaceAll(" +", " "),
                DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT)).toInstant(ZoneOffset.UTC);
        assertNear(started, lstart, "ps -o lstart", r.out());

        var real = Captures.replay(120, "shell", "--real-time", archive.toString(), "date", "+%s");
        assertEquals(0, real.exit(), real.err());
        assertNear(Instant.now(), Instant.ofEpochSecond(Long.parseLong(real.out().strip())), "date --real-time", real.out());
    }

    private static String text(ArchiveReader reader, String path) throws Exception {
        return new String(reader.read(reader.find(path).orElseThrow()), StandardCharsets.US_ASCII);
    }

    /** HH:MM:SS printed by uptime or top, on the capture's day. */
    private static Instant clock(Instant day, String hhmmss) {
        return LocalDate.ofInstant(day, ZoneOffset.UTC).atTime(LocalTime.parse(hhmmss)).toInstant(ZoneOffset.UTC);
    }

    private static void assertNear(Instant expected, Instant actual, String what, String out) {
        long seconds = Math.abs(expected.getEpochSecond() - actual.getEpochSecond());
        assertTrue(seconds <= 15, what + " shows " + actual + ", capture's clock says " + expected + ":\n" + out);
    }
}
