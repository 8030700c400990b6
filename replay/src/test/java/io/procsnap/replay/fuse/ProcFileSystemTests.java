package io.procsnap.replay.fuse;

import static io.procsnap.replay.fuse.FuseFakes.readAll;
import static io.procsnap.replay.fuse.FuseFakes.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.Status;
import io.procsnap.replay.fuse.FuseFakes.FakeFileInfo;
import io.procsnap.replay.fuse.FuseFakes.FakeStat;
import io.procsnap.replay.fuse.FuseFakes.ListFiller;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.cryptomator.jfuse.api.Fuse;
import org.junit.jupiter.api.Test;

/** The FUSE callbacks called directly, without mounting. */
class ProcFileSystemTests {
    static final String STAT_306 = "306 (my prog) S 1 306 306 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 2 0 500 1000 100\n";

    static MemorySource sample() {
        return new MemorySource()
                .dir("proc", 0555, 0, 0)
                .dir("proc/306", 0555, 1000, 1000)
                .file("proc/306/stat", STAT_306, 0100444, 1000, 1000)
                .file("proc/306/comm", "my prog\n", 0100644, 1000, 1000)
                .link("proc/306/exe", "/usr/bin/my prog")
                .failed("proc/306/cmdline", Status.TIMEOUT, null, 2_000_000_000L)
                .failed("proc/306/environ", Status.DENIED, "EACCES", 10_000)
                .failed("proc/306/io", Status.VANISHED, "ESRCH", 10_000)
                .failed("proc/306/smaps", Status.SKIPPED, "circuit breaker: 3 timeouts", 0)
                .dir("proc/306/task/306", 0555, 1000, 1000)
                .file("proc/306/task/306/wchan", "do_epoll_wait", 0100444, 1000, 1000)
                .dir("proc/10", 0555, 0, 0)
                .dir("proc/2", 0555, 0, 0)
                .file("proc/uptime", "1000.00 900.00\n")
                .file("proc/self/mountinfo", "22 1 0:21 / / rw - ext4 /dev/sda1 rw\n")
                .file("cmd/dmesg/stdout", "[    0.000000] Linux version 6.18\n")
                .file("statfs/0", "mount_point: /\nfstype: ext4\n")
                .file("samples/1/proc/306/task/306/wchan", "futex_do_wait")
                .file("../etc/passwd", "nope")
                .file("proc/../x", "nope");
    }

    static ProcFileSystem fs(MemorySource src, int sample, Caller caller) {
        return new ProcFileSystem(src, TreeBuilder.build(src, sample), Fuse.builder().errno(), () -> caller,
                Path.of("/proc"), 1 << 20);
    }

    static ProcFileSystem fs(MemorySource src) {
        return fs(src, 0, Caller.UNKNOWN);
    }

    static Caller me() {
        int pid = (int) ProcessHandle.current().pid();
        return new Caller(pid, 0, 0);
    }

    @Test
    void processDirectoryKeepsNumericOwnerAndMode() {
        FakeStat st = new FakeStat();
        assertEquals(0, fs(sample()).getattr("/306", st, null));
        assertEquals(0040555, st.mode);
        assertEquals(1000, st.uid);
        assertEquals(1000, st.gid);
    }

    @Test
    void fileReportsCapturedLengthAndModeAndStartTime() {
        FakeStat st = new FakeStat();
        assertEquals(0, fs(sample()).getattr("/306/comm", st, null));
        assertEquals(0100644, st.mode);
        assertEquals("my prog\n".length(), st.size);
        assertEquals(MemorySource.START, st.mtime.value);
    }

    @Test
    void rootListsSelfThenNamesThenPidsInNumericOrder() {
        ListFiller filler = new ListFiller();
        assertEquals(0, fs(sample()).readdir("/", filler, 0, null, 0));
        assertEquals(List.of(".", "..", "self", "thread-self", ".procsnap", "uptime", "2", "10", "306"), filler.names);
    }

    @Test
    void readReturnsFullLengthsUntilEndOfFileWhateverTheChunk() {
        ProcFileSystem fs = fs(sample());
        for (int chunk : new int[] {1, 7, 64, 4096, 131072}) {
            assertEquals(STAT_306, text(readAll(fs, "/306/stat", chunk)), "chunk " + chunk);
        }
    }

    @Test
    void readAtOrPastEndReturnsZero() {
        ProcFileSystem fs = fs(sample());
        FakeFileInfo fi = new FakeFileInfo();
        assertEquals(0, fs.open("/306/comm", fi));
        assertEquals(0, fs.read("/306/comm", ByteBuffer.allocate(10), 10, 8, fi));
        assertEquals(0, fs.read("/306/comm", ByteBuffer.allocate(10), 10, 100, fi));
        assertEquals(3, fs.read("/306/comm", ByteBuffer.allocate(10), 10, 5, fi));
    }

    @Test
    void contentIsReadFromTheArchiveOnceThenCached() {
        MemorySource src = sample();
        ProcFileSystem fs = fs(src);
        readAll(fs, "/306/stat", 4096);
        int afterFirst = src.reads.get();
        readAll(fs, "/306/stat", 4096);
        readAll(fs, "/306/comm", 4096);
        readAll(fs, "/.procsnap/cmd/dmesg/stdout", 4096);
        assertEquals(afterFirst, src.reads.get(), "the first miss loaded its whole frame; the rest are hits");
        long withContent = src.entries().stream()
                .filter(e -> e.size() > 0 && (e.status() == Status.OK || e.status() == Status.TRUNCATED)).count();
        assertEquals(withContent - 2, afterFirst, "every served file of frame 0 (not the two hostile paths) read once");
    }

    @Test
    void timedOutReadFailsWithEioAndExplainsItself() {
        ProcFileSystem fs = fs(sample());
        FakeStat st = new FakeStat();
        assertEquals(0, fs.getattr("/306/cmdline", st, null));
        assertEquals(0, st.size);
        assertEquals(-io.procsnap.format.layout.Errno.EIO.number(), fs.open("/306/cmdline", new FakeFileInfo()));
        assertEquals("timeout", xattr(fs, "/306/cmdline", "user.procsnap.status"));
        assertEquals("2000000", xattr(fs, "/306/cmdline", "user.procsnap.elapsed_us"));
        assertEquals("proc/306/cmdline", xattr(fs, "/306/cmdline", "user.procsnap.path"));
    }

    /** Linux serves a process's cmdline and environ in every task/TID; the capture records them per process. */
    @Test
    void threadsServeTheirProcesssCommandLineAndNothingTheCaptureDidNotTake() {
        MemorySource src = new MemorySource()
                .dir("proc", 0555, 0, 0)
                .dir("proc/40", 0555, 0, 0)
                .file("proc/40/cmdline", "sleep\0" + "60\0")
                .dir("proc/40/task/40", 0555, 0, 0)
                .dir("proc/40/task/41", 0555, 0, 0)
                .file("proc/40/task/41/stat", "41 (sleep) S\n")
                .file("proc/40/task/41/cmdline", "own\0");
        ProcFileSystem fs = fs(src);
        assertEquals("sleep\0" + "60\0", text(readAll(fs, "/40/task/40/cmdline", 4096)));
        assertEquals("own\0", text(readAll(fs, "/40/task/41/cmdline", 4096)), "a thread's own file wins");
        assertEquals(-io.procsnap.format.layout.Errno.ENOENT.number(), fs.getattr("/40/task/40/environ", new FakeStat(), null),
                "environ was not captured: absent in the threads too");
        ProcFileSystem failed = fs(sample());
        assertEquals(-io.procsnap.format.layout.Errno.EIO.number(), failed.open("/306/task/306/cmdline", new FakeFileInfo()),
                "a failed read fails in the threads as in the process");
        assertEquals(-io.procsnap.format.layout.Errno.EACCES.number(), failed.open("/306/task/306/environ", new FakeFileInfo()));
    }

    @Test
    void deniedVanishedAndSkippedAnswerAsCaptured() {
        ProcFileSystem fs = fs(sample());
        assertEquals(-io.procsnap.format.layout.Errno.EACCES.number(), fs.open("/306/environ", new FakeFileInfo()));
        assertEquals(-io.procsnap.format.layout.Errno.ESRCH.number(), fs.open("/306/io", new FakeFileInfo()));
        assertEquals(-io.procsnap.format.layout.Errno.ENODATA.number(), fs.open("/306/smaps", new FakeFileInfo()));
        assertEquals("circuit breaker: 3 timeouts", xattr(fs, "/306/smaps", "user.procsnap.detail"));
    }

    @Test
    void symlinkReturnsCapturedTextNulTerminatedAndTruncatedToTheBuffer() {
        ProcFileSystem fs = fs(sample());
        ByteBuffer buf = ByteBuffer.allocate(100);
        assertEquals(0, fs.readlink("/306/exe", buf, 100));
        assertEquals("/usr/bin/my prog", cString(buf));
        ByteBuffer small = ByteBuffer.allocate(5);
        assertEquals(0, fs.readlink("/306/exe", small, 5));
        assertEquals("/usr", cString(small));
        FakeStat st = new FakeStat();
        assertEquals(0, fs.getattr("/306/exe", st, null));
        assertEquals(0120777, st.mode);
        assertEquals("/usr/bin/my prog".length(), st.size);
    }

    @Test
    void missingNamesAreEnoent() {
        ProcFileSystem fs = fs(sample());
        assertEquals(-io.procsnap.format.layout.Errno.ENOENT.number(), fs.getattr("/999", new FakeStat(), null));
        assertEquals(-io.procsnap.format.layout.Errno.ENOENT.number(), fs.getattr("/306/nothing", new FakeStat(), null));
        assertEquals(-io.procsnap.format.layout.Errno.ENOENT.number(), fs.getattr("/self", new FakeStat(), null), "no caller, no self");
        assertEquals(-io.procsnap.format.layout.Errno.ENOTDIR.number(), fs.opendir("/306/stat", new FakeFileInfo()));
    }

    @Test
    void selfPointsAtTheCallersOwnLiveProcess() {
        Caller me = me();
        ProcFileSystem fs = fs(sample(), 0, me);
        ByteBuffer buf = ByteBuffer.allocate(64);
        assertEquals(0, fs.readlink("/self", buf, 64));
        assertEquals(Integer.toString(me.tid()), cString(buf));
        String stat = text(readAll(fs, "/" + me.tid() + "/stat", 1024));
        assertTrue(stat.startsWith(me.tid() + " ("), stat);
        ListFiller task = new ListFiller();
        assertEquals(0, fs.readdir("/" + me.tid() + "/task", task, 0, null, 0));
        assertTrue(task.names.contains(Integer.toString(me.tid())), task.names.toString());
        assertEquals("replay-host", xattr(fs, "/" + me.tid() + "/stat", "user.procsnap.origin"));
        ListFiller root = new ListFiller();
        fs.readdir("/", root, 0, null, 0);
        assertTrue(!root.names.contains(Integer.toString(me.tid())), "the caller is never listed");
    }

    @Test
    void selfServesTheCapturedMountTableOverTheLiveOne() {
        Caller me = me();
        ProcFileSystem fs = fs(sample(), 0, me);
        assertEquals("22 1 0:21 / / rw - ext4 /dev/sda1 rw\n", text(readAll(fs, "/" + me.tid() + "/mountinfo", 4096)));
        assertEquals("archive", xattr(fs, "/" + me.tid() + "/mountinfo", "user.procsnap.origin"));
    }

    @Test
    void threadSelfPointsIntoTheTaskDirectory() {
        Caller me = me();
        ProcFileSystem fs = fs(sample(), 0, me);
        ByteBuffer buf = ByteBuffer.allocate(64);
        assertEquals(0, fs.readlink("/thread-self", buf, 64));
        assertEquals(me.tid() + "/task/" + me.tid(), cString(buf));
    }

    @Test
    void otherPidsOfTheReplayHostAreNotServed() {
        ProcFileSystem fs = fs(sample(), 0, me());
        assertEquals(-io.procsnap.format.layout.Errno.ENOENT.number(), fs.getattr("/1", new FakeStat(), null));
    }

    @Test
    void nonProcEntriesLiveUnderDotProcsnap() {
        ProcFileSystem fs = fs(sample());
        assertEquals("[    0.000000] Linux version 6.18\n", text(readAll(fs, "/.procsnap/cmd/dmesg/stdout", 4096)));
        assertTrue(text(readAll(fs, "/.procsnap/statfs/0", 4096)).contains("fstype: ext4"));
        assertTrue(text(readAll(fs, "/.procsnap/manifest.json", 4096)).contains("\"hostname\" : \"testhost\""));
        assertTrue(text(readAll(fs, "/.procsnap/summary.txt", 4096)).contains("entries_timeout: 1"));
        assertEquals("futex_do_wait", text(readAll(fs, "/.procsnap/samples/1/proc/306/task/306/wchan", 4096)));
        assertEquals("generated", xattr(fs, "/.procsnap/manifest.json", "user.procsnap.origin"));
    }

    @Test
    void sampleOptionOverlaysRepeatedSampleAtTheRoot() {
        ProcFileSystem fs = fs(sample(), 1, Caller.UNKNOWN);
        assertEquals("futex_do_wait", text(readAll(fs, "/306/task/306/wchan", 4096)));
        assertEquals("1", xattr(fs, "/306/task/306/wchan", "user.procsnap.sample"));
        assertEquals(STAT_306, text(readAll(fs, "/306/stat", 4096)), "files the sample lacks come from the main pass");
        assertEquals("do_epoll_wait", text(readAll(fs(sample()), "/306/task/306/wchan", 4096)));
    }

    @Test
    void hostilePathsAreNotServedButCounted() {
        ProcTree tree = TreeBuilder.build(sample(), 0);
        assertEquals(2, tree.skipped());
        assertEquals(null, tree.meta().child(".."));
    }

    @Test
    void xattrSizeQueryAndTooSmallBuffer() {
        ProcFileSystem fs = fs(sample());
        assertEquals("timeout".length(), fs.getxattr("/306/cmdline", "user.procsnap.status", ByteBuffer.allocate(0)));
        assertEquals(-io.procsnap.format.layout.Errno.ERANGE.number(), fs.getxattr("/306/cmdline", "user.procsnap.status", ByteBuffer.allocate(3)));
        assertEquals(-io.procsnap.format.layout.Errno.ENODATA.number(), fs.getxattr("/306/cmdline", "user.other", ByteBuffer.allocate(100)));
        int size = fs.listxattr("/306/cmdline", ByteBuffer.allocate(0));
        ByteBuffer list = ByteBuffer.allocate(size);
        assertEquals(size, fs.listxattr("/306/cmdline", list));
        String names = new String(list.array(), 0, size, StandardCharsets.UTF_8);
        assertTrue(names.contains("user.procsnap.status\0"), names);
        assertTrue(names.contains("user.procsnap.elapsed_us\0"), names);
    }

    @Test
    void failedDirectoryReadFailsWithItsErrno() {
        MemorySource src = new MemorySource().dir("proc/7", 0555, 0, 0)
                .add(io.procsnap.format.EntryHeader.directory("proc/7/task").withStatus(Status.TIMEOUT, null), null);
        ProcFileSystem fs = fs(src);
        assertEquals(0, fs.getattr("/7/task", new FakeStat(), null));
        assertEquals(-io.procsnap.format.layout.Errno.EIO.number(), fs.opendir("/7/task", new FakeFileInfo()));
    }

    @Test
    void threadsAreLookedUpByTidButNotListed() {
        MemorySource src = sample().dir("proc/306/task/311", 0555, 1000, 1000)
                .file("proc/306/task/311/wchan", "do_msgsnd", 0100444, 1000, 1000);
        ProcFileSystem fs = fs(src);
        assertEquals("do_msgsnd", text(readAll(fs, "/311/wchan", 64)));
        assertEquals("do_epoll_wait", text(readAll(fs, "/306/task/306/wchan", 64)));
        ListFiller root = new ListFiller();
        fs.readdir("/", root, 0, null, 0);
        assertTrue(!root.names.contains("311"), root.names.toString());
        assertEquals(-io.procsnap.format.layout.Errno.ENOENT.number(), fs.getattr("/312", new FakeStat(), null));
    }

    /**
     * The kernel may keep the listing of a directory reached through a name the root holds, never that of a
     * non-leader thread's {@code /<tid>} (the caller's process of that number may take it) or of the caller's
     * own live directories.
     */
    @Test
    void onlyCapturedDirectoriesKeepTheirListings() {
        Caller me = me();
        MemorySource src = sample().dir("proc/306/task/311", 0555, 1000, 1000);
        ProcFileSystem fs = fs(src, 0, me);
        for (String kept : List.of("/", "/306", "/306/task", "/306/task/306", "/.procsnap")) {
            assertTrue(ProcFileSystem.keepsListing(fs.resolve(kept, me)), kept);
        }
        for (String fresh : List.of("/311", "/" + me.tid(), "/" + me.tid() + "/task", "/self/fd")) {
            assertTrue(!ProcFileSystem.keepsListing(fs.resolve(fresh, me)), fresh);
        }
    }

    @Test
    void callersOwnPidWinsOverACapturedThreadWithTheSameNumber() {
        Caller me = me();
        MemorySource src = sample().dir("proc/306/task/" + me.tid(), 0555, 1000, 1000)
                .file("proc/306/task/" + me.tid() + "/wchan", "do_msgsnd", 0100444, 1000, 1000);
        ProcFileSystem fs = fs(src, 0, me);
        String stat = text(readAll(fs, "/" + me.tid() + "/stat", 1024));
        assertTrue(stat.startsWith(me.tid() + " ("), stat);
        ListFiller task = new ListFiller();
        assertEquals(0, fs.readdir("/" + me.tid() + "/task", task, 0, null, 0), "ps -L needs /proc/self/task");
        assertTrue(task.names.contains(Integer.toString(me.tid())), task.names.toString());
        assertEquals("do_msgsnd", text(readAll(fs, "/306/task/" + me.tid() + "/wchan", 64)));
        ProcFileSystem other = fs(src, 0, new Caller(1, 0, 0));
        assertEquals("do_msgsnd", text(readAll(other, "/" + me.tid() + "/wchan", 64)), "other callers see the thread");
    }

    @Test
    void readdirPlusHandsArchivedChildrenWithTheirAttributesButNotSelf() {
        ProcFileSystem fs = fs(sample(), 0, me());
        java.util.Map<String, FakeStat> plus = new java.util.HashMap<>();
        java.util.List<String> names = new java.util.ArrayList<>();
        org.cryptomator.jfuse.api.DirFiller filler = (name, stat, offset, flags) -> {
            names.add(name);
            if ((flags & org.cryptomator.jfuse.api.DirFiller.FUSE_FILL_DIR_PLUS) != 0) {
                FakeStat st = new FakeStat();
                stat.accept(st);
                plus.put(name, st);
            }
            return 0;
        };
        assertEquals(0, fs.readdir("/306", filler, 0, null, org.cryptomator.jfuse.api.FuseOperations.FUSE_READDIR_PLUS));
        FakeStat comm = new FakeStat();
        fs.getattr("/306/comm", comm, null);
        assertEquals(comm.mode, plus.get("comm").mode);
        assertEquals(comm.size, plus.get("comm").size);
        assertEquals(0120777, plus.get("exe").mode);
        assertEquals(0040555, plus.get("task").mode);
        names.clear();
        plus.clear();
        assertEquals(0, fs.readdir("/", filler, 0, null, org.cryptomator.jfuse.api.FuseOperations.FUSE_READDIR_PLUS));
        assertTrue(names.contains("self") && !plus.containsKey("self") && !plus.containsKey("thread-self"), names.toString());
        assertTrue(plus.containsKey("306"), plus.keySet().toString());
        names.clear();
        plus.clear();
        assertEquals(0, fs.readdir("/306", filler, 0, null, 0));
        assertTrue(plus.isEmpty() && names.contains("comm"), "plain READDIR: names only");
    }

    @Test
    void readdirGoesOnFromTheOffsetOfTheLastNameTheKernelTook() {
        ProcFileSystem fs = fs(sample());
        ListFiller all = new ListFiller();
        assertEquals(0, fs.readdir("/306", all, 0, null, 0));
        java.util.List<String> names = new java.util.ArrayList<>();
        long[] next = {0};
        for (int call = 0; call < 20 && names.size() < all.names.size(); call++) {
            int[] room = {3};
            assertEquals(0, fs.readdir("/306", (name, stat, offset, flags) -> {
                if (room[0]-- == 0) {
                    return 1;
                }
                names.add(name);
                next[0] = offset;
                return 0;
            }, next[0], null, 0));
        }
        assertEquals(all.names, names);
        assertEquals(java.util.List.of(".", ".."), all.names.subList(0, 2));
    }

    static String xattr(ProcFileSystem fs, String path, String name) {
        ByteBuffer buf = ByteBuffer.allocate(256);
        int n = fs.getxattr(path, name, buf);
        if (n < 0) {
            return "errno " + -n;
        }
        return new String(buf.array(), 0, n, StandardCharsets.UTF_8);
    }

    static String cString(ByteBuffer buf) {
        byte[] a = buf.array();
        int end = 0;
        while (end < a.length && a[end] != 0) {
            end++;
        }
        return new String(a, 0, end, StandardCharsets.UTF_8);
    }
}
