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

    Process startForeground(Path archive, String... options) throws Exception {
        log = Files.createTempFile("procsnap-mountcmd", ".log");
        log.toFile().deleteOnExit();
        List<String> command = new java.util.ArrayList<>(List.of(Captures.java(), "--enable-native-access=ALL-UNNAMED",
                "-cp", Captures.classpath(), "io.procsnap.replay.Main", "mount"));
        command.addAll(List.of(options));
        command.addAll(List.of(archive.toString(), dir.toString()));
        foreground = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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

    /**
     * SIGTERM the moment the mount appears, while jfuse's mount() still waits for its probe's answer on
     * the main thread: the mount still ends and leaves nothing. Before the shutdown hook was installed
     * ahead of mount(), the JVM could stop the FUSE loop with the probe unanswered and stay a zombie
     * whose main thread waited on its own mount (3 of ~35 such kills). A run that hangs all the same has
     * its connection aborted through fusectl, so the test cleans up what it made.
     */
    @Test
    void aSigtermAsTheMountAppearsStillUnmounts() throws Exception {
        Path archive = Captures.ofThisMachine();
        for (int round = 0; round < 12; round++) {
            foreground = new ProcessBuilder(Captures.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                    Captures.classpath(), "io.procsnap.replay.Main", "mount", archive.toString(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String device = null;
            while (device == null && foreground.isAlive() && System.nanoTime() < deadline) {
                device = fuseDevice(dir);
            }
            assertTrue(device != null, "round " + round + ": not mounted within 30 s");
            foreground.destroy(); // SIGTERM
            boolean ended = foreground.waitFor(20, TimeUnit.SECONDS);
            if (!ended) {
                abortConnection(device);
            }
            assertTrue(ended, "round " + round + ": a SIGTERM as the mount appeared left the server hung");
            assertFalse(ProcFsMount.isMountPoint(dir), "round " + round + ": the mount was left behind");
        }
    }

    /** The FUSE connection (the minor device number) mounted at {@code mountPoint}, or null. */
    private static String fuseDevice(Path mountPoint) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(mountPoint.toString())) {
                return f[2].substring(f[2].indexOf(':') + 1);
            }
        }
        return null;
    }

    /** Aborts FUSE connection {@code device} through fusectl, mounted for the purpose and unmounted after. */
    private void abortConnection(String device) throws Exception {
        Path ctl = Path.of("/sys/fs/fuse/connections");
        boolean mounted = Files.exists(ctl.resolve(device));
        if (!mounted) {
            Commands.run(10, "mount", "-t", "fusectl", "fusectl", ctl.toString());
        }
        try {
            Files.writeString(ctl.resolve(device).resolve("abort"), "1");
        } finally {
            if (!mounted) {
                Commands.run(10, "umount", ctl.toString());
            }
        }
        foreground.waitFor(10, TimeUnit.SECONDS);
        Commands.unmount(dir);
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

    /** {@link KernelCachePrimerIT#manyProcesses} written as an archive: a walk of some seconds. */
    private static Path manyProcessesArchive(int n) throws Exception {
        MemorySource src = KernelCachePrimerIT.manyProcesses(n);
        Path a = Files.createTempFile("procsnap-mountcmd-many", ".tar.zst");
        a.toFile().deleteOnExit();
        try (var out = Files.newOutputStream(a); var w = io.procsnap.format.ArchiveWriter.open(out, src.manifest())) {
            for (io.procsnap.format.Entry e : src.entries()) {
                w.add(e.header(), src.read(e));
            }
        }
        return a;
    }

    /** Threads of {@code p} whose name starts with {@code procsnap-prime} (the walk's leader and walkers). */
    private static long walkThreads(Process p) throws Exception {
        long n = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/" + p.pid() + "/task"))) {
            for (Path t : tasks) {
                try {
                    n += Files.readString(t.resolve("comm")).startsWith("procsnap-prime") ? 1 : 0;
                } catch (java.io.IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return n;
    }

    /**
     * SIGTERM while the priming walk of a large archive runs (24,000 threads: seconds of walking): the mount
     * stops the walk, unmounts and exits at once, leaving nothing mounted.
     */
    @Test
    void aSigtermWhileTheWalkRunsUnmountsAndEndsPromptly() throws Exception {
        Process p = startForeground(manyProcessesArchive(6_000));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (walkThreads(p) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(walkThreads(p) >= 2, "the walk's threads did not appear: " + Files.readString(log));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mount did not stop on SIGTERM during the walk");
        assertFalse(ProcFsMount.isMountPoint(dir), "SIGTERM during the walk left the mount behind");
    }

    /**
     * {@code --no-prime}: the mount serves and starts no walk (without the option, the same archive keeps the
     * walk's threads alive for seconds after the mount serves, as the test above shows).
     */
    @Test
    void noPrimeServesWithoutWalking() throws Exception {
        Process p = startForeground(manyProcessesArchive(6_000), "--no-prime");
        for (int i = 0; i < 40; i++) {
            assertEquals(0, walkThreads(p), "a walk started despite --no-prime");
            Thread.sleep(50);
        }
        var cat = Commands.run(10, "cat", dir + "/104/task/105/stat");
        assertEquals("105 (worker) S 1 104 104 0 -1\n", cat.out(), cat.err());
        p.destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mount did not stop on SIGTERM");
    }
}
