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
    static ProcFileSystem fs;
    static Path libfuse;

    @BeforeAll
    static void mount() throws Exception {
        FuseEnvironment env = FuseEnvironment.probe();
        assertTrue(env.usable(), "this test needs FUSE: " + env.problems());
        dir = Files.createTempDirectory("procsnap-mount-it");
        MemorySource src = ProcFileSystemTests.sample();
        libfuse = env.libfuse();
        mount = ProcFsMount.mount(env, callers -> fs = new ProcFileSystem(src, TreeBuilder.build(src, 0),
                Fuse.builder().errno(), callers, Path.of("/proc"), 1 << 20), dir, ProcFsMount.Options.defaults());
        assertTrue(ProcFsMount.isMountPoint(dir));
    }

    @AfterAll
    static void unmount() throws Exception {
        Commands.closeAndRemove(mount, dir);
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

    /**
     * The kernel opens files itself and keeps their pages (open answers ENOSYS); the caller's own live
     * files must still be read as they are when read. The shell reads its own comm and stat, then execs
     * cat, which keeps the pid, and so the paths: cat must see itself, with exact sizes.
     */
    @Test
    void theNextProcessWithTheSamePidSeesItsOwnLiveFiles() throws Exception {
        var r = Commands.run(10, "sh", "-c", "read c < " + dir + "/self/comm; echo \"$c\"; read p n rest < " + dir
                + "/self/stat; echo \"$p $n\"; echo $$; exec cat " + dir + "/self/comm " + dir + "/self/stat");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(5, lines.length, r.out());
        String pid = lines[2];
        assertEquals(pid + " (" + lines[0] + ")", lines[1], "the shell's own stat: " + r.out());
        assertTrue(!lines[0].equals("cat"), r.out());
        assertEquals("cat", lines[3], "cat after exec reads its own comm, not the shell's pages: " + r.out());
        assertTrue(lines[4].startsWith(pid + " (cat) "), "cat's own stat: " + r.out());
        // one process stats its own status, then reads it whole: the size is its size as read then
        var size = Commands.run(10, "perl", "-e", "my $s = -s $ARGV[0]; open(my $f, '<', $ARGV[0]) or die $!;"
                + " local $/; my $c = <$f>; print $s, ' ', length($c), ' ', ($c =~ /^Name:\\t(\\S+)/ ? $1 : '?'), \"\\n\";",
                dir + "/self/status");
        String[] s = size.out().trim().split(" ");
        assertEquals(3, s.length, size.out() + size.err());
        assertEquals("perl", s[2], size.out());
        assertTrue(Long.parseLong(s[0]) > 0, "a live file reports its size: " + size.out());
        assertTrue(Math.abs(Long.parseLong(s[0]) - Long.parseLong(s[1])) < 64, "stat and read agree: " + size.out());
    }

    /**
     * The kernel keeps the listings of captured directories ({@link CachedListings}; libfuse 3.14 drops the
     * flag its own opendir was given): listing one again reaches no readdir here. The caller's own live
     * directories are listed afresh: a shell that opens a descriptor between two listings of its own
     * {@code fd} directory sees it appear (they are not flagged, and their mtime, new at each getattr,
     * would also make the kernel drop a kept listing).
     */
    @Test
    void capturedListingsAreKeptByTheKernelAndTheCallersOwnAreNot() throws Exception {
        if (libfuse.toRealPath().getFileName().toString().contains(".so.3.14.")) {
            assertTrue(fs.cachesListings(), "the opendir wrapper was not installed over " + libfuse.toRealPath());
        }
        var first = Commands.run(10, "ls", dir + "/306/task");
        long served = fs.listingsServed();
        var again = Commands.run(10, "ls", dir + "/306/task");
        assertEquals(0, again.exit(), again.err());
        assertEquals(first.out(), again.out());
        if (fs.cachesListings()) {
            assertEquals(served, fs.listingsServed(), "the second listing came from the kernel's cache");
        }
        var live = Commands.run(10, "sh", "-c", "d=" + dir + "/$$/fd; for f in $d/*; do printf '%s ' ${f##*/}; done;"
                + " echo; exec 7</dev/null; for f in $d/*; do printf '%s ' ${f##*/}; done; echo");
        String[] lines = live.out().split("\n");
        assertEquals(2, lines.length, live.out() + live.err());
        assertFalse((" " + lines[0]).contains(" 7 "), live.out());
        assertTrue((" " + lines[1]).contains(" 7 "), "the caller's own listing read afresh: " + live.out());
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

    /** A thread's cmdline and environ are its process's, failed reads too: cat gets the process's errno. */
    @Test
    void aThreadsCmdlineAnswersItsProcesssFailedRead() throws Exception {
        for (String name : new String[] {"cmdline", "environ"}) {
            var process = Commands.run(10, "cat", dir + "/306/" + name);
            var thread = Commands.run(10, "cat", dir + "/306/task/306/" + name);
            assertEquals(1, thread.exit(), thread.err());
            assertEquals(process.err().replace("/306/" + name, "/306/task/306/" + name), thread.err());
        }
        assertTrue(Commands.run(10, "cat", dir + "/306/task/306/cmdline").err().endsWith(": Input/output error\n"));
        assertTrue(Commands.run(10, "ls", dir + "/306/task/306").out().lines().toList().contains("cmdline"));
    }

    @Test
    void mountIsReadOnly() throws Exception {
        var r = Commands.run(10, "sh", "-c", "echo x > " + dir + "/306/comm");
        assertTrue(r.exit() != 0);
        assertTrue(r.err().contains("Read-only file system"), r.err());
    }
}
