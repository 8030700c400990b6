package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Manifest;
import io.procsnap.replay.archive.ArchiveSource;
import io.procsnap.replay.fuse.FuseFakes.FakeStat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryptomator.jfuse.api.Fuse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree laid out from a real archive's index, its headers read per frame on first use, is the tree
 * built from the reader's listing of every entry: same names, types, headers, samples and contents.
 */
class IndexedTreeTests {
    @TempDir
    Path tmp;

    /** The sample capture plus 30 processes of 3 threads, in frames of 2 KiB: many frames, rows spread over them. */
    private Path archive() throws IOException {
        Path a = tmp.resolve("indexed.tar.zst");
        MemorySource src = ProcFileSystemTests.sample();
        for (int p = 0; p < 30; p++) {
            int pid = 1000 + p * 4;
            src.dir("proc/" + pid, 0555, 1000, 1000).file("proc/" + pid + "/cmdline", "app\0" + p + "\0")
                    .file("proc/" + pid + "/stat", pid + " (app) S 1\n");
            for (int t = 0; t < 3; t++) {
                String task = "proc/" + pid + "/task/" + (pid + t);
                src.dir(task, 0555, 1000, 1000).file(task + "/stat", (pid + t) + " (app) S 1\n")
                        .file(task + "/wchan", "futex_do_wait").file("samples/1/" + task + "/wchan", "do_epoll_wait");
            }
        }
        try (OutputStream out = Files.newOutputStream(a);
             ArchiveWriter w = ArchiveWriter.open(out, src.manifest(), ArchiveWriter.Options.defaults().withFrameSize(2048))) {
            for (Entry e : src.entries()) {
                if (e.path().contains("..")) {
                    continue; // the writer refuses these; MemorySource keeps them for the hostile-path tests
                }
                w.add(e.header(), src.read(e));
            }
        }
        return a;
    }

    /** {@code src} written as one archive of frames of the default size. */
    private Path written(MemorySource src, String name) throws IOException {
        Path a = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(a); ArchiveWriter w = ArchiveWriter.open(out, src.manifest())) {
            for (Entry e : src.entries()) {
                w.add(e.header(), src.read(e));
            }
        }
        return a;
    }

    /** The reader's listing only: what a damaged archive gets. */
    private static ArchiveSource listed(ArchiveSource s) {
        return new ArchiveSource() {
            @Override
            public List<Entry> entries() {
                return s.entries();
            }

            @Override
            public byte[] read(Entry entry) throws IOException {
                return s.read(entry);
            }

            @Override
            public Manifest manifest() {
                return s.manifest();
            }

            @Override
            public ArchiveSummary summary() {
                return s.summary();
            }
        };
    }

    @Test
    void indexedTreeIsTheListedTree() throws Exception {
        Path a = archive();
        for (int sample : new int[] {0, 1}) {
            try (ArchiveReader lazyReader = ArchiveReader.open(a); ArchiveReader listReader = ArchiveReader.open(a)) {
                ArchiveSource lazy = ArchiveSource.of(lazyReader);
                ProcTree indexed = TreeBuilder.build(lazy, sample);
                ProcTree full = TreeBuilder.build(listed(ArchiveSource.of(listReader)), sample);
                assertNotNull(indexed.headers(), "built from the index");
                assertNull(full.headers());
                assertEquals(0, indexed.headers().framesRead(), "building reads no entry");
                assertEquals(full.placed(), indexed.placed());
                assertEquals(full.threads().keySet(), indexed.threads().keySet());
                same(lazy, full.root(), indexed.root(), "/", true);
                assertTrue(indexed.headers().framesRead() > 10, "frames read: " + indexed.headers().framesRead());
            }
        }
    }

    /**
     * A hostile archive whose {@code proc} and {@code proc/self} are files: the mount's root and its
     * {@code .procsnap/proc-self} stay directories from the index as from the listing, which skips both.
     */
    /**
     * A thread's main-pass directory and file and their samples in one frame (frames of the default size):
     * the directory's node waits twice for that frame, and the sample it waited for last is what it
     * serves, as when the two are in different frames and as the listing's tree serves.
     */
    @Test
    void aSampleInTheFrameOfItsMainPassEntryIsTheOneServed() throws Exception {
        MemorySource src = new MemorySource().dir("proc/7", 0555, 0, 0).file("proc/7/stat", "7 (x) S 1\n")
                .dir("proc/7/task/7", 0555, 0, 0).file("proc/7/task/7/wchan", "futex_do_wait")
                .dir("samples/1/proc/7/task/7", 0500, 1000, 1000)
                .file("samples/1/proc/7/task/7/wchan", "do_epoll_wait");
        Path a = written(src, "one-frame.tar.zst");
        try (ArchiveReader lazyReader = ArchiveReader.open(a); ArchiveReader listReader = ArchiveReader.open(a)) {
            ArchiveSource lazy = ArchiveSource.of(lazyReader);
            ProcTree indexed = TreeBuilder.build(lazy, 1);
            ProcTree full = TreeBuilder.build(listed(ArchiveSource.of(listReader)), 1);
            assertNotNull(indexed.headers(), "built from the index");
            ProcFileSystem fs = new ProcFileSystem(lazy, indexed, Fuse.builder().errno(), () -> Caller.UNKNOWN,
                    Path.of("/proc"), 1 << 20);
            assertEquals("do_epoll_wait", FuseFakes.text(FuseFakes.readAll(fs, "/7/task/7/wchan", 4096)));
            FakeStat st = new FakeStat();
            assertEquals(0, fs.getattr("/7/task/7", st, null));
            assertEquals(1000, st.uid, "the sample's directory header, waited for last");
            assertEquals(1, indexed.headers().framesRead(), "one frame holds the whole archive");
            same(lazy, full.root(), indexed.root(), "/", true);
        }
    }

    @Test
    void aFileWhereTheTreeNeedsADirectoryIsIgnoredAsTheListingIgnoresIt() throws Exception {
        MemorySource src = new MemorySource().file("proc", "not a directory\n").file("proc/self", "nor this\n")
                .dir("proc/7", 0555, 0, 0).file("proc/7/stat", "7 (x) S 1\n").file("proc/self/mountinfo", "m\n");
        Path a = written(src, "hostile.tar.zst");
        try (ArchiveReader lazyReader = ArchiveReader.open(a); ArchiveReader listReader = ArchiveReader.open(a)) {
            ArchiveSource lazy = ArchiveSource.of(lazyReader);
            ProcTree indexed = TreeBuilder.build(lazy, 0);
            ProcTree full = TreeBuilder.build(listed(ArchiveSource.of(listReader)), 0);
            assertNotNull(indexed.headers(), "built from the index");
            assertTrue(indexed.root().isDirectory() && indexed.root().child("7") != null);
            // summary.txt differs in its counts: the index cannot tell at build time that an entry will be
            // ignored, so it counts the two files placed where the listing counts them skipped
            same(lazy, full.root(), indexed.root(), "/", false);
        }
    }

    @Test
    void aLookupReadsTheHeadersOfItsPathOnly() throws Exception {
        try (ArchiveReader reader = ArchiveReader.open(archive())) {
            ArchiveSource src = ArchiveSource.of(reader);
            ProcTree tree = TreeBuilder.build(src, 0);
            ProcFileSystem fs = new ProcFileSystem(src, tree, Fuse.builder().errno(), () -> Caller.UNKNOWN,
                    Path.of("/proc"), 1 << 20);
            FakeStat st = new FakeStat();
            assertEquals(0, fs.getattr("/1004/task/1005/stat", st, null));
            assertEquals("1005 (app) S 1\n".length(), st.size);
            // the frames of proc, proc/1004, its task/, task/1005 and the file: of the archive's many
            long read = tree.headers().framesRead();
            assertTrue(read >= 1 && read <= 5, "frames read: " + read);
            assertEquals("do_epoll_wait", FuseFakes.text(FuseFakes.readAll(fs, "/306/task/306/wchan", 4096)));
            assertEquals(0, fs.getattr("/306/cmdline", st, null));
            assertEquals(-fs.errno().eio(), fs.open("/306/cmdline", new FuseFakes.FakeFileInfo()),
                    "a timed-out read answers EIO");
        }
    }

    /**
     * The mount's warm-up reads the headers and contents of every frame that holds the main pass, once: the
     * tree is then the listed one, and requests for the main pass read no frame and load no content.
     */
    @Test
    void theWarmUpReadsEveryFrameOnceAndLeavesRequestsNothingToRead() throws Exception {
        Path a = archive();
        try (ArchiveReader lazyReader = ArchiveReader.open(a); ArchiveReader listReader = ArchiveReader.open(a)) {
            ArchiveSource lazy = ArchiveSource.of(lazyReader);
            ProcTree tree = TreeBuilder.build(lazy, 0);
            ProcFileSystem fs = new ProcFileSystem(lazy, tree, Fuse.builder().errno(), () -> Caller.UNKNOWN,
                    Path.of("/proc"), 1 << 20);
            int frames = tree.headers().awaitedFrames().length;
            assertTrue(frames > 10, "frames awaited: " + frames);
            fs.warmUp(tree.headers());
            assertEquals(0, tree.headers().awaitedFrames(p -> !p.startsWith("samples/")).length,
                    "no frame of the main pass left to read");
            int left = tree.headers().awaitedFrames().length;
            assertEquals(frames - left, tree.headers().framesRead(), "each frame read once");
            long loads = fs.archiveReads();
            assertTrue(loads > 90, "contents loaded: " + loads);
            assertEquals("1005 (app) S 1\n", FuseFakes.text(FuseFakes.readAll(fs, "/1004/task/1005/stat", 4096)));
            assertEquals("app\0" + 1 + "\0", FuseFakes.text(FuseFakes.readAll(fs, "/1004/cmdline", 4096)));
            assertEquals(loads, fs.archiveReads(), "the requests' contents were loaded");
            assertEquals(frames - left, tree.headers().framesRead());
            same(lazy, TreeBuilder.build(listed(ArchiveSource.of(listReader)), 0).root(), tree.root(), "/", true);
        }
    }

    private static void same(ArchiveSource src, Node want, Node got, String path, boolean summaries) throws IOException {
        assertEquals(want.type(), got.type(), path);
        assertEquals(want.isDirectory(), got.isDirectory(), path);
        assertEquals(want.sample(), got.sample(), path);
        EntryHeader wh = want.header();
        assertEquals(wh, got.header(), path);
        if (want.entry() != null) {
            assertEquals(want.entry().size(), got.entry().size(), path);
            assertArrayEquals(src.read(want.entry()), src.read(got.entry()), path);
        }
        assertEquals(want.sortedNames(), got.sortedNames(), path);
        for (String name : want.sortedNames()) {
            Node w = want.child(name);
            if (w.isGenerated()) {
                if (!summaries && name.equals("summary.txt")) {
                    continue;
                }
                assertArrayEquals(w.generatedContent(), got.child(name).generatedContent(), path + name);
                continue;
            }
            same(src, w, got.child(name), path + name + "/", summaries);
        }
    }
}
