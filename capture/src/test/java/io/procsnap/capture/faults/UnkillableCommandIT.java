package io.procsnap.capture.faults;

import io.procsnap.capture.ProcFixture;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.Entry;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
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
 * capture must record the command "left behind", never wait for it, and end on time. Cleanup kills the
 * daemon (the kernel then aborts the connection and {@code cat} ends) and lazily unmounts.
 */
class UnkillableCommandIT {
    /** The system's Python, where apt's python3-fusepy is (scripts/setup.sh installs it), not a pyenv shim. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final String HANGFS = String.join("\n",
            "import errno, stat, sys, threading",
            "try:",
            "    from fusepy import FUSE, FuseOSError, Operations  # Debian's python3-fusepy",
            "except ImportError:",
            "    from fuse import FUSE, FuseOSError, Operations",
            "class Hang(Operations):",
            "    def getattr(self, path, fh=None):",
            "        if path == '/':",
            "            return dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2)",
            "        if path == '/hang':",
            "            return dict(st_mode=stat.S_IFREG | 0o444, st_nlink=1, st_size=4096)",
            "        raise FuseOSError(errno.ENOENT)",
            "    def readdir(self, path, fh):",
            "        return ['.', '..', 'hang']",
            "    def open(self, path, flags):",
            "        threading.Event().wait()  # never answers",
            "FUSE(Hang(), sys.argv[1], foreground=True, nothreads=False, ro=True)",
            "");

    @TempDir
    Path dir;

    @Test
    void aCommandStuckInTheKernelIsLeftBehindAndTheCaptureEndsOnTime() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "needs /dev/fuse");
        assumeTrue(CaptureProcess.isRoot(), "mounting FUSE here needs root");
        Path script = Files.writeString(dir.resolve("hangfs.py"), HANGFS);
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        Process daemon = new ProcessBuilder(PYTHON, script.toString(), mnt.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("hangfs.log").toFile()).start();
        ProcessHandle cat = null;
        try {
            awaitMount(mnt, daemon);
            Path archive = dir.resolve("a.tar.zst");
            try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
                fx.process(100, "app");
                CaptureProcess.Run r = CaptureProcess.run(CaptureProcess.command(List.of(), "-o", archive.toString(),
                        "--proc-root", fx.proc.toString(), "--skip", "filesystems", "--command-timeout", "1s",
                        "--add-command", "hang=cat " + mnt.resolve("hang"), "--deadline", "60s"), dir, 60);
                assertEquals(3, r.exit(), r.err());
                // 1 s timeout, 1 s after SIGTERM, 1 s after SIGKILL, then left behind; start-up and the rest on top
                assertTrue(r.millis() < 15_000, "ended on time: " + r.millis() + " ms");
                assertTrue(r.err().contains("hung: ") && r.err().contains("cmd/hang/status"), r.err());
            }
            cat = findCat(mnt).orElseThrow(() -> new AssertionError("cat is no longer there: it was killable"));
            assertEquals('D', state(cat.pid()), "cat waits uninterruptibly for the FUSE answer");
            try (ArchiveReader reader = ArchiveReader.open(archive)) {
                Entry status = reader.find("cmd/hang/status").orElseThrow();
                assertEquals(Status.TIMEOUT, status.status());
                assertEquals("timed out; left behind (did not exit after SIGKILL)", status.header().detail());
                String json = new String(reader.read(status), StandardCharsets.UTF_8);
                assertTrue(json.contains("\"killed\":true") && json.contains("\"leftBehind\":true"), json);
            }
        } finally {
            daemon.destroyForcibly(); // closing /dev/fuse aborts the connection: the stuck read fails
            daemon.waitFor(10, TimeUnit.SECONDS);
            new ProcessBuilder("umount", "-l", mnt.toString()).redirectErrorStream(true)
                    .redirectOutput(new File("/dev/null")).start().waitFor(10, TimeUnit.SECONDS);
        }
        cat.onExit().completeOnTimeout(cat, 10, TimeUnit.SECONDS).get();
        assertFalse(cat.isAlive(), "cat ended once the FUSE daemon was gone");
    }

    private static void awaitMount(Path mnt, Process daemon) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mnt + " ")) {
                return;
            }
            assertTrue(daemon.isAlive(), "the FUSE daemon (python3-fusepy) died: is python3-fusepy installed?");
            Thread.sleep(50);
        }
        throw new AssertionError("FUSE mount did not appear at " + mnt);
    }

    /** The {@code cat} of our mount, found by its command line (cmdline of a D-state reader is readable). */
    private static Optional<ProcessHandle> findCat(Path mnt) {
        String target = mnt.resolve("hang").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains(target))
                .orElse(false)).findFirst();
    }

    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
