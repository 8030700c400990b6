package io.procsnap.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.procsnap.format.TestArchives.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveRoundTripTests {
    @TempDir
    Path dir;

    @Test
    void everyHeaderFieldSurvivesAndFindUsesTheIndex() throws IOException {
        Path file = TestArchives.write(dir.resolve("a.tar.zst"), ArchiveWriter.Options.defaults(), TestArchives::smallCapture);
        try (ArchiveReader r = ArchiveReader.open(file)) {
            assertEquals(Compression.ZSTD_SEEKABLE, r.compression());
            assertEquals(TestArchives.manifest(), r.manifest());
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.COMPLETE, s.state());
            assertNull(s.damage());
            assertEquals(15, s.entryCount());
            assertEquals(1L, s.countsByStatus().get(Status.TIMEOUT));
            assertEquals(2L, s.countsByStatus().get(Status.DENIED));
            assertEquals(2_000_003_000L, s.durationNanos());

            Entry stat = r.find("proc/306/stat").orElseThrow();
            // written with start 2000 ns, elapsed 300 ns: format 1.1 keeps whole microseconds
            assertEquals(new EntryHeader("proc/306/stat", EntryType.FILE, Status.OK, null, 0100444, 1000, 1000, 2000, 0,
                    null), stat.header());
            assertEquals("1.1", r.formatVersion());
            assertEquals("306 (msgsnd-hang) S", new String(r.read(stat)).substring(0, 19));

            Entry dirEntry = r.find("proc/306").orElseThrow();
            assertEquals(EntryType.DIRECTORY, dirEntry.header().type());
            assertEquals(040555, dirEntry.header().mode());
            assertEquals(1000, dirEntry.header().uid());

            Entry exe = r.find("proc/306/exe").orElseThrow();
            assertEquals("/usr/bin/msgsnd-hang", exe.header().linkTarget());
            assertEquals(0120777, exe.header().mode());
            assertEquals(0, r.read(exe).length);

            Entry cwd = r.find("proc/306/cwd").orElseThrow();
            assertEquals(EntryType.SYMLINK, cwd.header().type());
            assertEquals(Status.DENIED, cwd.status());
            assertEquals("EACCES", cwd.header().detail());
            assertNull(cwd.header().linkTarget());
            assertEquals(-1, cwd.header().mode());
            assertEquals(-1, cwd.header().uid());

            Entry wchan = r.find("proc/306/wchan").orElseThrow();
            assertEquals(Status.TIMEOUT, wchan.status());
            assertEquals(2_000_000_000L, wchan.header().elapsedNanos());
            assertEquals("circuit breaker open", r.find("proc/306/stack").orElseThrow().header().detail());
            assertArrayEquals(utf8("do_msgsnd"), r.read(r.find("samples/1/proc/306/task/311/wchan").orElseThrow()));

            assertTrue(r.find("proc/999/stat").isEmpty());
            assertTrue(r.find("manifest.json").isEmpty());
            assertTrue(r.find("../etc/passwd").isEmpty());

            List<Entry> all = r.entries();
            assertEquals(15, all.size());
            assertEquals("proc/306", all.get(0).path());
            assertEquals("samples/1/proc/306/task/311/wchan", all.get(14).path());
            ArchiveReader.VerifyResult v = r.verify();
            assertTrue(v.ok(), v.problems()::toString);
        }
    }

    @Test
    void bigEntriesSpanFramesAndManyEntriesFillManyFrames() throws IOException {
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        Path file = TestArchives.write(dir.resolve("b.tar.zst"), ArchiveWriter.Options.defaults().withFrameSize(64 << 10), w -> {
            for (int i = 0; i < 2000; i++) {
                w.add(EntryHeader.file("proc/" + i + "/stat"), utf8("stat of " + i + "\n"));
                if (i == 1000) {
                    w.add(EntryHeader.file("proc/big"), big);
                }
            }
        });
        try (ArchiveReader r = ArchiveReader.open(file)) {
            assertTrue(r.summary().framesTotal() > 10);
            assertArrayEquals(big, r.read(r.find("proc/big").orElseThrow()));
            for (int i = 0; i < 2000; i += 97) {
                assertArrayEquals(utf8("stat of " + i + "\n"), r.read(r.find("proc/" + i + "/stat").orElseThrow()));
            }
            assertEquals(2001, r.entries().size());
            int[] seen = {0};
            r.scan((e, content) -> {
                assertEquals(e.size(), content.length);
                seen[0]++;
            });
            assertEquals(2001, seen[0]);
            assertTrue(r.verify().ok());
        }
    }

    @Test
    void bytesWrittenCountsCompressedBytesAndFlushEndsAFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveWriter w = ArchiveWriter.open(out, TestArchives.manifest());
        assertTrue(out.size() > 0, "the manifest's frame is written at open");
        assertEquals(out.size(), w.bytesWritten());
        w.add(EntryHeader.file("proc/1/stat"), utf8("1 (init) S"));
        w.flush();
        long afterFlush = w.bytesWritten();
        assertTrue(afterFlush > 0);
        assertEquals(afterFlush, out.size());
        w.close();
        assertEquals(w.bytesWritten(), out.size());
        assertEquals(1, w.entryCount());
    }

    @Test
    void duplicatePathsFirstWins() throws IOException {
        Path file = TestArchives.write(dir.resolve("d.tar.zst"), ArchiveWriter.Options.defaults(), w -> {
            w.add(EntryHeader.file("proc/1/comm"), utf8("first"));
            w.add(EntryHeader.file("proc/1/comm"), utf8("second"));
        });
        try (ArchiveReader r = ArchiveReader.open(file)) {
            assertArrayEquals(utf8("first"), r.read(r.find("proc/1/comm").orElseThrow()));
            assertEquals(1, r.entries().size());
        }
    }

    @Test
    void gzipFallbackHoldsTheSameEntriesAndIsToldApartByMagic() throws IOException {
        Path file = TestArchives.write(dir.resolve("fallback.tar.zst"), ArchiveWriter.Options.defaults().withForceGzip(true),
                TestArchives::smallCapture);
        byte[] head = java.nio.file.Files.readAllBytes(file);
        assertEquals((byte) 0x1f, head[0]);
        try (ArchiveReader r = ArchiveReader.open(file)) {
            assertEquals(Compression.GZIP, r.compression());
            assertEquals(ArchiveState.COMPLETE, r.summary().state());
            assertEquals(15, r.entries().size());
            assertEquals(2_000_003_000L, r.summary().durationNanos());
            Entry stat = r.find("proc/306/stat").orElseThrow();
            assertEquals(-1, stat.frame());
            assertEquals("306 (msgsnd-hang) S", new String(r.read(stat)).substring(0, 19));
            assertEquals("/usr/bin/msgsnd-hang", r.find("proc/306/exe").orElseThrow().header().linkTarget());
            assertTrue(r.verify().ok());
            int[] n = {0};
            r.scan((e, c) -> n[0]++);
            assertEquals(15, n[0]);
        }
    }

    @Test
    void concurrentLookupsFromManyThreads() throws Exception {
        Path file = TestArchives.write(dir.resolve("c.tar.zst"), ArchiveWriter.Options.defaults().withFrameSize(16 << 10), w -> {
            for (int i = 0; i < 3000; i++) {
                w.add(EntryHeader.file("proc/" + i + "/comm"), utf8("comm-" + i));
            }
        });
        try (ArchiveReader r = ArchiveReader.open(file)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int seed = t;
                    results.add(pool.submit(() -> {
                        Random random = new Random(seed);
                        for (int k = 0; k < 500; k++) {
                            int i = random.nextInt(3000);
                            assertArrayEquals(utf8("comm-" + i), r.read(r.find("proc/" + i + "/comm").orElseThrow()));
                        }
                        return 500;
                    }));
                }
                for (java.util.concurrent.Future<Integer> f : results) {
                    assertEquals(500, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void bigIdsLongNamesLongTargetsAndUnicodeSurvive() throws IOException {
        String longDir = "proc/4194304/task/4194304/" + "sub/".repeat(40) + "ünïcode";
        String target = "/very/long/target/" + "x".repeat(300);
        Path file = TestArchives.write(dir.resolve("u.tar.zst"), ArchiveWriter.Options.defaults(), w -> {
            w.add(EntryHeader.directory(longDir).withOwner(040750, 4_294_967_294L, 3_000_000_000L), null);
            w.add(EntryHeader.symlink(longDir + "/link", target), null);
            w.add(EntryHeader.file("cmd/my tool\twith\\ttabs/stdout").withStatus(Status.ERROR, "E" + "X".repeat(5000)),
                    utf8("out"));
        });
        try (ArchiveReader r = ArchiveReader.open(file)) {
            EntryHeader d = r.find(longDir).orElseThrow().header();
            assertEquals(4_294_967_294L, d.uid());
            assertEquals(3_000_000_000L, d.gid());
            assertEquals(040750, d.mode());
            assertEquals(target, r.find(longDir + "/link").orElseThrow().header().linkTarget());
            Entry odd = r.find("cmd/my tool\twith\\ttabs/stdout").orElseThrow();
            assertEquals(1024, odd.header().detail().length(), "details are cut at 1024 bytes");
            assertArrayEquals(utf8("out"), r.read(odd));
        }
    }

    /** SPEC "Links a live process does not have": only error ENOENT of exe/cwd/root of a process or task. */
    @Test
    void absentProcessLinksAreRecognisedAfterARoundTrip() throws IOException {
        List<String> absent = List.of("proc/2/exe", "proc/2/cwd", "proc/2/root", "proc/9/task/10/exe");
        List<String> notAbsent = List.of("proc/3/exe", "proc/4/exe", "proc/5/fd/3", "proc/6/root", "proc/7/exe");
        Path file = TestArchives.write(dir.resolve("links.tar.zst"), ArchiveWriter.Options.defaults(), w -> {
            for (String p : absent) {
                w.add(EntryHeader.symlink(p, null).withStatus(Status.ERROR, "ENOENT"), null);
            }
            w.add(EntryHeader.symlink("proc/3/exe", null).withStatus(Status.VANISHED, "ENOENT"), null); // went away
            w.add(EntryHeader.symlink("proc/4/exe", null).withStatus(Status.ERROR, "EIO"), null);
            w.add(EntryHeader.symlink("proc/5/fd/3", null).withStatus(Status.ERROR, "ENOENT"), null); // not exe/cwd/root
            w.add(EntryHeader.symlink("proc/6/root", "/"), null); // read fine
            w.add(EntryHeader.file("proc/7/exe").withStatus(Status.ERROR, "ENOENT"), null); // not a link on the machine
        });
        try (ArchiveReader r = ArchiveReader.open(file)) {
            for (String p : absent) {
                assertTrue(r.find(p).orElseThrow().header().isAbsentProcessLink(), p);
            }
            for (String p : notAbsent) {
                assertEquals(false, r.find(p).orElseThrow().header().isAbsentProcessLink(), p);
            }
        }
    }
}
