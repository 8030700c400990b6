package io.procsnap.capture.faults;

import io.procsnap.capture.ProcFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A SIGKILLed capture cannot take its command children with it; the {@code timeout -s KILL} each
 * command runs under does. A command hung in an interruptible wait (here {@code sleep}) ends a few
 * seconds past its own timeout even though the capture that would have killed it is gone. Without
 * the outer limit the {@code sleep} would live its full 297 s. Cleanup kills that one {@code sleep} by
 * pid if it is still there.
 */
class KilledCommandIT {
    @TempDir
    Path dir;

    @Test
    void aHungCommandEndsAfterTheCaptureIsKilled() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/timeout")), "coreutils timeout");
        ProcessHandle sleeper = null;
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            fx.process(100, "app");
            Process capture = new ProcessBuilder(CaptureProcess.command(List.of(), "-o", dir.resolve("a.tar.zst").toString(),
                    "--proc-root", fx.proc.toString(), "--skip", "filesystems", "--command-timeout", "2s",
                    "--add-command", "hang=sleep 297.5", "--deadline", "60s"))
                    .directory(dir.toFile()).redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null"))
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Optional<ProcessHandle> found = Optional.empty();
            while (found.isEmpty() && System.nanoTime() < deadline && capture.isAlive()) {
                found = capture.descendants().filter(KilledCommandIT::isOurSleep).findFirst();
                Thread.sleep(20);
            }
            assertTrue(found.isPresent(), "the hang command started");
            sleeper = found.get();
            capture.destroyForcibly(); // SIGKILL: the capture cannot kill the sleep on its timeout any more
            assertTrue(capture.waitFor(10, TimeUnit.SECONDS));
            long killed = System.nanoTime();
            // timeout -s KILL 5 (2 s + two 1 s grace periods + 1 s) counts from the command's start
            sleeper.onExit().completeOnTimeout(sleeper, 20, TimeUnit.SECONDS).get();
            assertFalse(sleeper.isAlive(), "the hung command outlived the killed capture by "
                    + (System.nanoTime() - killed) / 1_000_000 + " ms");
        } finally {
            if (sleeper != null && sleeper.isAlive()) {
                sleeper.destroyForcibly();
            }
        }
    }

    private static boolean isOurSleep(ProcessHandle p) {
        return p.info().arguments().map(a -> List.of(a).contains("297.5")).orElse(false)
                && p.info().command().map(c -> c.endsWith("/sleep")).orElse(false);
    }
}
