package io.procsnap.capture.faults;

import io.procsnap.capture.ProcFixture;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ExitCode;
import io.procsnap.format.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C (SIGINT) or a SIGTERM in the middle of a capture: nothing new starts, the archive is finished
 * as it stands (complete, renamed into place, no temporary file left), the summary says it stopped
 * early and the exit code is 3. A fixture whose {@code stack} read hangs (a FIFO, 20 s read timeout)
 * keeps the capture busy when the signal arrives: the hung read is abandoned at once and recorded as a
 * timeout with the signal as its reason, rather than waited for until its own timeout. The real capture
 * program runs as its own process.
 */
class SignalIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalMidwayEndsInAFinishedPartialArchive(String signal) throws Exception {
        ProcFixture f = new ProcFixture(Files.createDirectories(dir.resolve("fixture")));
        for (int pid = 100; pid < 140; pid++) {
            f.process(pid, "app" + pid);
        }
        Files.delete(f.proc.resolve("100/task/100/stack"));
        f.fifo("100/task/100/stack");
        Path archive = dir.resolve("a.tar.zst");
        // started with the default dispositions: a suite run as a background job of a non-interactive shell
        // (`./scripts/test.sh &`, nohup) hands every child SIGINT ignored, and a JVM keeps an ignored
        // SIGINT ignored (as any program that a shell starts in the background should)
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP"));
        cmd.addAll(CaptureProcess.command(List.of(), "--proc-root", f.proc.toString(), "--read-timeout", "20s",
                "--skip", "filesystems,commands", "--deadline", "60s", "--min-free", "0", "-o", archive.toString()));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(new File("/dev/null"))
                .redirectError(err.toFile()).start();
        try {
            // the manifest frame is written before the first read: wait for the temporary file, then signal
            // while the hung read still holds the capture
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (temporaryFiles().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(!temporaryFiles().isEmpty(), "the capture started writing");
            // then for the hung read itself: a thread of the capture asleep opening or reading the FIFO
            // (on a loaded machine the capture may not have reached it yet)
            while (!readingFifo(p.pid()) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(readingFifo(p.pid()), "a capture thread is blocked on the FIFO");
            assertTrue(p.isAlive(), "still busy with the hung read when the signal comes");
            long sent = System.nanoTime();
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ended after SIG" + signal);
            long tookMs = (System.nanoTime() - sent) / 1_000_000L;
            assertTrue(tookMs < 10_000, "did not wait for the hung read's 20 s timeout: " + tookMs + " ms");
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(ExitCode.PARTIAL, p.exitValue(), stderr);
            assertTrue(stderr.contains("stopped early: interrupted by a signal"), stderr);
            assertTrue(Files.exists(archive), "renamed into place: " + stderr);
            assertEquals(List.of(), temporaryFiles(), "no temporary file left");
            try (ArchiveReader reader = ArchiveReader.open(archive)) {
                assertEquals(ArchiveState.COMPLETE, reader.summary().state(), "index and seek table written");
                assertTrue(reader.summary().countsByStatus().getOrDefault(Status.SKIPPED, 0L) > 0,
                        "what was not read is recorded as skipped: " + reader.summary().countsByStatus());
                io.procsnap.format.EntryHeader hung = reader.find("proc/100/task/100/stack").orElseThrow().header();
                assertEquals(Status.TIMEOUT, hung.status(), "the read in flight ends as a timeout");
                assertTrue(hung.detail().startsWith("interrupted by a signal"), hung.detail());
            }
            System.out.println("SIG" + signal + ": ended " + tookMs + " ms after the signal; " + stderr.trim());
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    /**
     * Whether a thread of the process sleeps in the kernel on a FIFO: opening it (wait_for_partner until a
     * writer comes), or reading it.
     */
    private static boolean readingFifo(long pid) throws Exception {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.anyMatch(t -> {
                try {
                    String wchan = Files.readString(t.resolve("wchan"), StandardCharsets.UTF_8);
                    return wchan.contains("fifo") || wchan.contains("pipe") || wchan.equals("wait_for_partner");
                } catch (Exception gone) {
                    return false;
                }
            });
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    private List<Path> temporaryFiles() throws Exception {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(x -> x.getFileName().toString().startsWith(".a.tar.zst.tmp-")).forEach(found::add);
        }
        return found;
    }
}
