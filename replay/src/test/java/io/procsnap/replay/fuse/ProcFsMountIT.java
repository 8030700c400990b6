package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cryptomator.jfuse.api.Fuse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real FUSE mount of an in-memory capture, read with the usual tools. Needs /dev/fuse and libfuse3. */
class ProcFsMountIT {
    static Path dir;
    static ProcFsMount mount;

    @BeforeAll
    static void mount() throws Exception {
        FuseEnvironment env = FuseEnvironment.probe();
        assertTrue(env.usable(), "this test needs FUSE: " + env.problems());
        dir = Files.createTempDirectory("procsnap-mount-it");
        MemorySource src = ProcFileSystemTests.sample();
        mount = ProcFsMount.mount(env, callers -> new ProcFileSystem(src, TreeBuilder.build(src, 0),
                Fuse.builder().errno(), callers, Path.of("/proc"), 1 << 20), dir, ProcFsMount.Options.defaults());
        assertTrue(ProcFsMount.isMountPoint(dir));
    }

    @AfterAll
    static void unmount() throws Exception {
        try {
            if (mount != null) {
                mount.close();
            }
        } finally {
            Commands.unmount(dir);
            assertFalse(ProcFsMount.isMountPoint(dir), "mount left behind at " + dir);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void catReadsFullContent() throws Exception {
        var r = Commands.run(10, "cat", dir + "/306/stat");
        assertEquals(0, r.exit(), r.err());
        assertEquals(ProcFileSystemTests.STAT_306, r.out());
    }

    @Test
    void headAndLessReadIt() throws Exception {
        assertEquals("306 (my prog) S", Commands.run(10, "head", "-c", "15", dir + "/306/stat").out());
        var less = Commands.run(10, "less", "-F", "-X", dir + "/306/stat");
        assertEquals(ProcFileSystemTests.STAT_306, less.out(), less.err());
    }

    @Test
    void grepRecursiveFindsContentAndReportsFailedReads() throws Exception {
        var r = Commands.run(20, "grep", "-r", "futex_do_wait\\|do_epoll_wait\\|Linux version", dir.toString());
        assertTrue(r.out().contains(dir + "/306/task/306/wchan:do_epoll_wait"), r.out());
        assertTrue(r.out().contains(dir + "/.procsnap/samples/1/proc/306/task/306/wchan:futex_do_wait"), r.out());
        assertTrue(r.out().contains(dir + "/.procsnap/cmd/dmesg/stdout:[    0.000000] Linux version"), r.out());
        assertTrue(r.err().contains("306/cmdline: Input/output error"), r.err());
        assertTrue(r.err().contains("306/environ: Permission denied"), r.err());
    }

    @Test
    void lsShowsNumericOwnersModesAndLinks() throws Exception {
        var r = Commands.run(10, "ls", "-ln", dir + "/306");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*-r--r--r-- 1 1000 1000 +79 .* stat\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*lrwxrwxrwx 1 +0 +0 +16 .* exe -> /usr/bin/my prog\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*dr-xr-xr-x 2 +0 +0 +0 .* task\n.*"), r.out());
        var d = Commands.run(10, "ls", "-lnd", dir + "/306");
        assertTrue(d.out().startsWith("dr-xr-xr-x 2 1000 1000 "), d.out());
    }

    @Test
    void readlinkOfCapturedAndCallerLinks() throws Exception {
        assertEquals("/usr/bin/my prog\n", Commands.run(10, "readlink", dir + "/306/exe").out());
        var self = Commands.run(10, "sh", "-c", "readlink " + dir + "/self; echo $$");
        String[] lines = self.out().split("\n");
        assertEquals(2, lines.length, self.out());
        var selfStat = Commands.run(10, "sh", "-c", "read a b < " + dir + "/self/stat; echo $a $$");
        String[] f = selfStat.out().trim().split(" ");
        assertEquals(f[1], f[0], "self/stat is the shell's own: " + selfStat.out() + selfStat.err());
    }

    @Test
    void getfattrExplainsATimedOutRead() throws Exception {
        var r = Commands.run(10, "getfattr", "-d", "--absolute-names", dir + "/306/cmdline");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("user.procsnap.status=\"timeout\""), r.out());
        assertTrue(r.out().contains("user.procsnap.elapsed_us=\"2000000\""), r.out());
        var cat = Commands.run(10, "cat", dir + "/306/cmdline");
        assertEquals(1, cat.exit());
        assertTrue(cat.err().contains("Input/output error"), cat.err());
    }

    @Test
    void mountIsReadOnly() throws Exception {
        var r = Commands.run(10, "sh", "-c", "echo x > " + dir + "/306/comm");
        assertTrue(r.exit() != 0);
        assertTrue(r.err().contains("Read-only file system"), r.err());
    }
}
