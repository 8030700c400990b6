package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.ExitCode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code procsnap-replay mount} as a user runs it: foreground, SIGTERM, --daemon, no FUSE, damaged archive. */
class MountCommandIT {
    Path dir;
    Process foreground;
    Path log;

    @BeforeEach
    void dir() throws Exception {
        dir = Files.createTempDirectory("procsnap-mountcmd-it");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (foreground != null && foreground.isAlive()) {
            foreground.destroyForcibly();
            foreground.waitFor(10, TimeUnit.SECONDS);
        }
        Commands.unmount(dir);
        assertFalse(ProcFsMount.isMountPoint(dir), "mount left behind at " + dir);
        Files.deleteIfExists(dir);
    }

    Process startForeground(Path archive) throws Exception {
        log = Files.createTempFile("procsnap-mountcmd", ".log");
        log.toFile().deleteOnExit();
        foreground = new ProcessBuilder(Captures.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                Captures.classpath(), "io.procsnap.replay.Main", "mount", archive.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 300 && !(ProcFsMount.isMountPoint(dir) && Files.readString(log).startsWith("serving ")); i++) {
            if (!foreground.isAlive()) {
                throw new AssertionError("mount exited " + foreground.exitValue() + ": " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        assertTrue(ProcFsMount.isMountPoint(dir), "not mounted within 30 s: " + Files.readString(log));
        return foreground;
    }

    /**
     * fusermount3 -u as a user types it. Right after mounting, fusermount3's auto_unmount helper may
     * still sit in the mount point for a moment (EBUSY), so this retries briefly.
     */
    int userUnmount() throws Exception {
        int exit = -1;
        for (int i = 0; i < 20 && exit != 0; i++) {
            exit = Commands.run(10, "fusermount3", "-u", dir.toString()).exit();
            if (exit != 0) {
                Thread.sleep(250);
            }
        }
        return exit;
    }

    @Test
    void foregroundMountServesAndUnmountsCleanlyOnSigterm() throws Exception {
        Process p = startForeground(Captures.ofThisMachine());
        var cat = Commands.run(10, "cat", dir + "/1/stat");
        assertTrue(cat.out().startsWith("1 ("), cat.out() + cat.err());
        var ls = Commands.run(10, "ls", dir + "/.procsnap");
        assertTrue(ls.out().contains("manifest.json") && ls.out().contains("cmd"), ls.out());
        p.destroy();  // SIGTERM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mount did not stop on SIGTERM");
        assertFalse(ProcFsMount.isMountPoint(dir), "SIGTERM left the mount behind");
    }

    @Test
    void foregroundMountEndsWhenUnmountedFromOutside() throws Exception {
        Process p = startForeground(Captures.ofThisMachine());
        assertEquals(0, userUnmount());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mount process kept running after fusermount3 -u");
        assertEquals(0, p.exitValue(), Files.readString(log));
    }

    @Test
    void daemonReturnsOnceServedAndStopsOnUnmount() throws Exception {
        var r = Captures.replay(60, "mount", "--daemon", Captures.ofThisMachine().toString(), dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(ProcFsMount.isMountPoint(dir));
        long pid = Long.parseLong(r.out().replaceAll("(?s).* by pid (\\d+) .*", "$1"));
        Path daemonLog = Path.of(r.out().replaceAll("(?s).*\\(log: ([^)]+)\\).*", "$1").trim());
        daemonLog.toFile().deleteOnExit();
        assertTrue(Commands.run(10, "cat", dir + "/1/stat").out().startsWith("1 ("));
        assertEquals(0, userUnmount());
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "daemon still running");
    }

    @Test
    void withoutLibfuseItFailsWithExitFiveAndPointsAtExtract() throws Exception {
        var r = Commands.run(60, Map.of(FuseEnvironment.LIBFUSE_VARIABLE, "/nonexistent/libfuse3.so.3"),
                List.of(Captures.java(), "--enable-native-access=ALL-UNNAMED", "-cp", Captures.classpath(),
                        "io.procsnap.replay.Main", "mount", Captures.ofThisMachine().toString(), dir.toString()));
        assertEquals(ExitCode.ENVIRONMENT, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("procsnap-replay mount: FUSE is not available: libfuse3"), r.err());
        assertTrue(r.err().contains("procsnap-replay extract ARCHIVE DIR"), r.err());
    }

    @Test
    void aMissingSampleIsAUsageError() throws Exception {
        var r = Captures.replay(60, "mount", "--sample", "99", Captures.ofThisMachine().toString(), dir.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("the archive has no sample 99"), r.err());
        assertFalse(ProcFsMount.isMountPoint(dir));
    }

    @Test
    void aNegativeSampleIsAUsageErrorForMountAndShellAlike() throws Exception {
        var mount = Captures.replay(60, "mount", "--sample", "-1", Captures.ofThisMachine().toString(), dir.toString());
        assertEquals(ExitCode.USAGE, mount.exit(), mount.out() + mount.err());
        assertTrue(mount.err().contains("--sample must be 0 or more"), mount.err());
        assertFalse(ProcFsMount.isMountPoint(dir));
        var shell = Captures.replay(60, "shell", "--sample", "-1", Captures.ofThisMachine().toString(), "true");
        assertEquals(ExitCode.USAGE, shell.exit(), shell.out() + shell.err());
        assertTrue(shell.err().contains("--sample must be 0 or more"), shell.err());
    }

    @Test
    void sampleOptionServesRepeatedSampleAtTheRoot() throws Exception {
        Path archive = Captures.ofThisMachine();
        Process p = new ProcessBuilder(Captures.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                Captures.classpath(), "io.procsnap.replay.Main", "mount", "--sample", "1", archive.toString(),
                dir.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        foreground = p;
        for (int i = 0; i < 300 && !ProcFsMount.isMountPoint(dir); i++) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        var r = Commands.run(10, "getfattr", "-n", "user.procsnap.sample", "--only-values", dir + "/1/task/1/stat");
        assertEquals("1", r.out(), r.err());
    }

    @Test
    void damagedArchiveIsServedAsFarAsItCanBeSalvaged() throws Exception {
        Path damaged = Files.createTempFile("procsnap-damaged", ".tar.zst");
        try {
            Files.copy(Captures.ofThisMachine(), damaged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
                f.setLength(f.length() * 6 / 10);
            }
            Process p = startForeground(damaged);
            var grep = Commands.run(60, "grep", "-r", "-c", "State", dir.toString());
            assertTrue(grep.out().contains("/status:1"), "salvaged processes are served: " + grep.err());
            var summary = Commands.run(10, "cat", dir + "/.procsnap/summary.txt");
            assertTrue(summary.out().contains("state: cut_off") || summary.out().contains("state: salvaged"),
                    summary.out());
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertFalse(ProcFsMount.isMountPoint(dir));
        } finally {
            Files.deleteIfExists(damaged);
        }
    }
}
