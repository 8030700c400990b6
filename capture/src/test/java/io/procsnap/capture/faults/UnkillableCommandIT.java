package io.procsnap.capture.faults;

import io.procsnap.capture.ProcFixture;
import io.procsnap.capture.holders.HangFs;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.Entry;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A command that survives SIGKILL, for real: {@code cat} of a file on a FUSE filesystem (python3-fusepy)
 * whose daemon takes the OPEN request and never answers. Once a synchronous request is with the daemon,
 * the kernel waits for the answer uninterruptibly, so SIGTERM and SIGKILL leave {@code cat} in D state
 * (a READ would not do: it goes through readahead, and waiting for a page lock is killable). The
 * capture must record the command "left behind", never wait for it, and end on time. Cleanup
 * ({@link HangFs#close}) kills the daemon (the kernel then aborts the connection and {@code cat} ends)
 * and lazily unmounts.
 */
class UnkillableCommandIT {
    @TempDir
    Path dir;

    @Test
    void aCommandStuckInTheKernelIsLeftBehindAndTheCaptureEndsOnTime() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "needs /dev/fuse");
        assumeTrue(CaptureProcess.isRoot(), "mounting FUSE here needs root");
        HangFs fs = HangFs.mount(Files.createDirectories(dir.resolve("fs")));
        ProcessHandle cat = null;
        try {
            Path archive = dir.resolve("a.tar.zst");
            try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
                fx.process(100, "app");
                CaptureProcess.Run r = CaptureProcess.run(CaptureProcess.command(List.of(), "-o", archive.toString(),
                        "--proc-root", fx.proc.toString(), "--skip", "filesystems", "--command-timeout", "1s",
                        "--add-command", "hang=cat " + fs.path("hang"), "--deadline", "60s"), dir, 60);
                assertEquals(3, r.exit(), r.err());
                // 1 s timeout, 1 s after SIGTERM, 1 s after SIGKILL, then left behind; start-up and the rest on top
                assertTrue(r.millis() < 15_000, "ended on time: " + r.millis() + " ms");
                assertTrue(r.err().contains("hung: ") && r.err().contains("cmd/hang/status"), r.err());
            }
            cat = findCat(fs.path("hang")).orElseThrow(() -> new AssertionError("cat is no longer there: it was killable"));
            assertEquals('D', state(cat.pid()), "cat waits uninterruptibly for the FUSE answer");
            try (ArchiveReader reader = ArchiveReader.open(archive)) {
                Entry status = reader.find("cmd/hang/status").orElseThrow();
                assertEquals(Status.TIMEOUT, status.status());
                assertEquals("timed out; left behind (did not exit after SIGKILL)", status.header().detail());
                String json = new String(reader.read(status), StandardCharsets.UTF_8);
                assertTrue(json.contains("\"killed\":true") && json.contains("\"leftBehind\":true"), json);
            }
        } finally {
            fs.close(); // kills the daemon: closing /dev/fuse aborts the connection, the stuck open fails
        }
        cat.onExit().completeOnTimeout(cat, 10, TimeUnit.SECONDS).get();
        assertFalse(cat.isAlive(), "cat ended once the FUSE daemon was gone");
    }

    /** The {@code cat} of our mount, found by its command line (cmdline of a D-state reader is readable). */
    private static Optional<ProcessHandle> findCat(Path hang) {
        String target = hang.toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains(target))
                .orElse(false)).findFirst();
    }

    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
