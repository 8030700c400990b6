package io.procsnap.capture.faults;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes and threads appearing and vanishing at a high rate while the real program captures
 * /proc: a fork storm (short-lived processes) and a thread storm (threads living a few ms), both
 * started here and stopped by their process group. No crash, a complete archive, vanished entries
 * recorded as {@code vanished}, never as {@code error} with ENOENT/ESRCH. After a normal capture
 * no child of the capture is left (it reaps what it starts).
 */
class ChurnIT {
    @TempDir
    Path dir;

    private static final String FORK_STORM = "while :; do for i in 1 2 3 4 5 6 7 8; do /bin/true & done; wait; done";
    private static final String THREAD_STORM = """
            import threading, time
            def f(): time.sleep(0.002)
            while True:
                ts = [threading.Thread(target=f) for _ in range(20)]
                [t.start() for t in ts]
                [t.join() for t in ts]
            """;

    @Test
    void captureUnderForkAndThreadStormRecordsVanishedEntries() throws Exception {
        List<Process> storms = new ArrayList<>();
        storms.add(new ProcessBuilder("setsid", "sh", "-c", FORK_STORM).redirectOutput(new File("/dev/null"))
                .redirectError(new File("/dev/null")).start());
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            storms.add(new ProcessBuilder("setsid", "/usr/bin/python3", "-c", THREAD_STORM).redirectOutput(new File("/dev/null"))
                    .redirectError(new File("/dev/null")).start());
        }
        try {
            Thread.sleep(500);
            Path archive = dir.resolve("churn.tar.zst");
            CaptureProcess.Run r = CaptureProcess.run(CaptureProcess.command(List.of(), "-o", archive.toString(),
                    "--deadline", "60s", "--samples", "2", "--interval", "200ms"), dir, 180);
            assertTrue(r.exit() == 0 || r.exit() == 3, "exit " + r.exit() + ": " + r.err());
            assertTrue(!r.err().contains("\tat "), r.err());
            try (ArchiveReader reader = ArchiveReader.open(archive)) {
                Map<Status, Long> counts = reader.summary().countsByStatus();
                List<String> wrong = new ArrayList<>();
                for (Entry e : reader.entries()) {
                    String d = e.header().detail();
                    // an exe, cwd or root link that says ENOENT while its /proc/PID is there is the machine's
                    // answer (SPEC.md, "Links a live process does not have"): an exiting process drops its mm
                    // and fs before it is reaped, so "not alive now" cannot judge those
                    if (e.status() == Status.ERROR && d != null && (d.contains("ENOENT") || d.contains("ESRCH"))
                            && !e.header().isAbsentProcessLink() && !stillAlive(e.path())) {
                        wrong.add(e.path() + " " + d);
                    }
                }
                String figure = String.format("churn (fork storm + %s): %d ms, exit %d, %d entries, by status %s",
                        storms.size() > 1 ? "thread storm" : "no python3", r.millis(), r.exit(),
                        reader.summary().entryCount(), counts);
                System.out.println(figure);
                Files.writeString(Path.of("target", "faults-churn.txt"), figure + "\n" + r.err());
                assertEquals(List.of(), wrong.stream().limit(20).toList(), "vanished entries recorded as error");
                assertTrue(counts.getOrDefault(Status.VANISHED, 0L) > 0, "some entries vanished under churn: " + figure);
            }
        } finally {
            for (Process s : storms) {
                // setsid made the storm a process group leader: end exactly that group
                new ProcessBuilder("kill", "-KILL", "--", "-" + s.pid()).start().waitFor(10, TimeUnit.SECONDS);
                s.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void normalCaptureLeavesNoChildBehind() throws Exception {
        Path archive = dir.resolve("plain.tar.zst");
        Process p = new ProcessBuilder(CaptureProcess.command(List.of(), "-o", archive.toString(), "--deadline", "60s"))
                .redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null")).start();
        List<ProcessHandle> seen = new ArrayList<>();
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            p.descendants().filter(h -> !seen.contains(h)).forEach(seen::add);
        }
        Thread.sleep(200);
        List<String> alive = seen.stream().filter(ProcessHandle::isAlive)
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
        System.out.println("children seen during a capture: " + seen.size() + ", alive after it: " + alive);
        alive.forEach(a -> ProcessHandle.of(Long.parseLong(a.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly));
        assertEquals(List.of(), alive);
    }

    /**
     * A kernel thread's or zombie's {@code exe}/{@code cwd}/{@code root} cannot be read (ENOENT) while it
     * lives: that entry is an error of the live machine, not a vanished process.
     */
    private static boolean stillAlive(String path) {
        String[] parts = path.split("/");
        String last = parts[parts.length - 1];
        return parts.length >= 3 && parts[0].equals("proc") && parts[1].matches("[0-9]+")
                && EntryHeader.isProcessLinkName(last)
                && Files.isDirectory(Path.of("/proc", parts[1]));
    }
}
