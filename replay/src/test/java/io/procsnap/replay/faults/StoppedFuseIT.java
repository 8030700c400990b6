package io.procsnap.replay.faults;

import io.procsnap.capture.faults.CaptureProcess;

import io.procsnap.format.ArchiveReader;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real FUSE file system that stops answering in the middle of a capture: a capture of this machine
 * is served by {@code procsnap-replay mount}, procsnap captures that mount ({@code --proc-root}), and
 * the mount's daemon is stopped with SIGSTOP shortly after the capture starts. Every read after
 * that hangs in the kernel. The capture must end by its deadline with the hung reads recorded as
 * timeouts. SIGCONT and the unmount happen in finally, bounded. Needs root, /dev/fuse and the
 * replay module built (replay/target/replay-*.jar and replay/target/lib).
 */
class StoppedFuseIT {
    @TempDir
    Path dir;

    private static boolean mounted(Path p) throws Exception {
        return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + p + " ");
    }

    /** This module's packaged jar and its libraries (failsafe runs after the package phase). */
    private static String replayClasspath() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        List<String> cp = new ArrayList<>();
        try (Stream<Path> s = Files.list(target)) {
            s.filter(p -> p.getFileName().toString().matches("replay-.*\\.jar")
                    && !p.getFileName().toString().contains("tests")).findFirst().ifPresent(p -> cp.add(p.toString()));
        }
        try (Stream<Path> s = Files.list(target.resolve("lib"))) {
            s.forEach(p -> cp.add(p.toString()));
        }
        if (cp.size() < 2) {
            throw new IllegalStateException("replay is not packaged: target/replay-*.jar and target/lib/ are needed");
        }
        return String.join(File.pathSeparator, cp);
    }

    private static void signal(long pid, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void fuseMountStoppedMidCaptureEndsByTheDeadlineWithTimeouts() throws Exception {
        assumeTrue(CaptureProcess.isRoot() && Files.exists(Path.of("/dev/fuse")), "NOT RUN: needs root and /dev/fuse");
        String cp = replayClasspath();
        Path source = dir.resolve("source.tar.zst");
        CaptureProcess.Run first = CaptureProcess.run(CaptureProcess.command(List.of(), "-o", source.toString(),
                "--deadline", "30s", "--skip", "commands"), dir, 120);
        assertTrue(Files.exists(source), first.err());
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        Process daemon = new ProcessBuilder(CaptureProcess.java(), "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                "io.procsnap.replay.Main", "mount", source.toString(), mnt.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mount.log").toFile()).redirectInput(new File("/dev/null")).start();
        try {
            long until = System.nanoTime() + 30_000_000_000L;
            while (!mounted(mnt) && daemon.isAlive() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(mounted(mnt), "mount failed: " + Files.readString(dir.resolve("mount.log")));
            Path out = dir.resolve("stopped.tar.zst");
            long deadlineMs = 6000;
            Process capture = new ProcessBuilder(CaptureProcess.command(List.of(), "--proc-root", mnt.toString(), "-o",
                    out.toString(), "--deadline", deadlineMs + "ms", "--read-timeout", "500ms", "--skip", "commands",
                    "--min-free", "0")).redirectErrorStream(true).redirectOutput(dir.resolve("capture.log").toFile()).start();
            long t = System.nanoTime();
            // stop the daemon once the capture has written its manifest (it read the host facts through the mount)
            Path temp = dir.resolve(".stopped.tar.zst.tmp-" + capture.pid());
            while (capture.isAlive() && (!Files.exists(temp) || Files.size(temp) == 0)
                    && System.nanoTime() - t < 10_000_000_000L) {
                Thread.sleep(5);
            }
            Thread.sleep(Long.getLong("faults.stopAfterMs", 100));
            signal(daemon.pid(), "STOP");
            // the archive is written and the summary printed by the deadline; the process itself may not
            // exit before the daemon answers: a thread whose FUSE request the daemon had already taken
            // waits uninterruptibly (D state) in request_wait_answer, and exit_group waits for it
            Path log = dir.resolve("capture.log");
            while (!Files.readString(log).contains("procsnap: wrote") && capture.isAlive()
                    && System.nanoTime() - t < (deadlineMs + 20_000) * 1_000_000L) {
                Thread.sleep(50);
            }
            long ms = (System.nanoTime() - t) / 1_000_000;
            boolean exitedWhileStopped = capture.waitFor(2, TimeUnit.SECONDS);
            List<String> stuck = new ArrayList<>();
            if (!exitedWhileStopped) {
                try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(capture.pid()), "task"))) {
                    for (Path task : tasks.toList()) {
                        String state = Files.readString(task.resolve("stat")).replaceAll("^.*\\) ", "").substring(0, 1);
                        if (state.equals("D")) {
                            stuck.add(task.getFileName() + ":" + Files.readString(task.resolve("wchan")));
                        }
                    }
                } catch (java.io.IOException gone) {
                    // exited meanwhile
                }
            }
            signal(daemon.pid(), "CONT");
            boolean ended = capture.waitFor(20, TimeUnit.SECONDS);
            if (!ended) {
                capture.destroyForcibly();
            }
            String text = Files.readString(log);
            assertTrue(text.contains("procsnap: wrote"), "no summary by the deadline: " + text);
            assertTrue(ended, "capture did not exit after SIGCONT: " + text);
            try (ArchiveReader reader = ArchiveReader.open(out)) {
                Map<Status, Long> counts = reader.summary().countsByStatus();
                String figure = String.format("stopped FUSE source: archive written and summary printed %d ms after start"
                        + " (deadline %d ms), exit %d, %d entries, by status %s; process exited while the daemon was stopped: %s%s",
                        ms, deadlineMs, capture.exitValue(), reader.summary().entryCount(), counts, exitedWhileStopped,
                        exitedWhileStopped ? "" : " (threads in D state: " + stuck + ", exited after SIGCONT)");
                System.out.println(figure);
                Files.writeString(Path.of("target", "faults-stopped-fuse.txt"), figure + "\n" + text);
                assertTrue(ms < deadlineMs + 3000, figure);
                assertTrue(counts.getOrDefault(Status.TIMEOUT, 0L) > 0, figure);
            }
        } finally {
            signal(daemon.pid(), "CONT");
            daemon.destroy();
            if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
            if (mounted(mnt)) {
                new ProcessBuilder("fusermount3", "-u", mnt.toString()).start().waitFor(10, TimeUnit.SECONDS);
            }
            if (mounted(mnt)) {
                new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor(10, TimeUnit.SECONDS);
            }
            assertFalse(mounted(mnt), "mount left behind at " + mnt);
        }
    }
}
