package io.procsnap.capture.watch;

import io.procsnap.capture.faults.CaptureProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One watcher per directory (a lock in DIR/.procsnap-watch): a second one exits 5 naming the first;
 * the first stops cleanly on SIGTERM (exit 0, "stopped" in its log), and nothing but its state
 * directory was written in DIR.
 */
class WatchLockIT {
    @TempDir
    Path tmp;

    @Test
    void aSecondWatcherOnTheSameDirectoryIsRefusedAndTheFirstStopsOnSigterm() throws Exception {
        Path dir = tmp.resolve("watch");
        Path firstOut = tmp.resolve("first.out");
        Process first = new ProcessBuilder(CaptureProcess.command(List.of(), "watch", "--dir", dir.toString(), "--trigger",
                "procs-blocked=100000")).redirectErrorStream(true).redirectOutput(firstOut.toFile())
                .redirectInput(new File("/dev/null")).start();
        try {
            Path log = dir.resolve(".procsnap-watch/log");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(log) && Files.readString(log).contains(" watching every ")) && System.nanoTime() < end) {
                assertTrue(first.isAlive(), Files.readString(firstOut));
                Thread.sleep(100);
            }
            CaptureProcess.Run second = CaptureProcess.run(CaptureProcess.command(List.of(), "watch", "--dir",
                    dir.toString()), tmp, 60);
            assertEquals(5, second.exit(), second.err());
            assertTrue(second.err().contains("procsnap watch: another procsnap watch uses " + dir.toRealPath() + " (pid "
                    + first.pid() + "); one watcher per directory"), second.err());
            first.destroy();
            assertTrue(first.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops it");
            assertEquals(0, first.exitValue(), Files.readString(firstOut));
            assertTrue(Files.readString(log).endsWith(" stopped\n"), Files.readString(log));
            try (var s = Files.list(dir)) {
                assertEquals(List.of(dir.resolve(".procsnap-watch")), s.toList());
            }
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
