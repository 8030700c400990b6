package io.procsnap.format;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.procsnap.format.TestArchives.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archives cut off or damaged at the tail: what a reader must still recover (SPEC.md "Damage"). */
class SalvageTests {
    private static final int FRAME = 4096;

    @TempDir
    Path dir;
    private Path full;
    private byte[] bytes;
    private final Map<String, byte[]> contents = new LinkedHashMap<>();

    @BeforeEach
    void writeArchive() throws IOException {
        for (int i = 0; i < 120; i++) {
            // short paths: each entry is pax header + records + ustar header (3 blocks) + padded content
            contents.put("proc/" + i + "/stat", utf8(("stat " + i + " ").repeat(1 + i % 90)));
        }
        full = TestArchives.write(dir.resolve("full.tar.zst"), ArchiveWriter.Options.defaults().withFrameSize(FRAME), w -> {
            for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                w.add(EntryHeader.file(e.getKey()), e.getValue());
            }
        });
        bytes = Files.readAllBytes(full);
    }

    /** For every cut position: exactly the entries that lie wholly in complete frames come back, intact. */
    @Test
    void cutAtAnyByteRecoversEveryEntryOfTheCompleteFrames() throws IOException {
        long[] frameEnds = frameEnds();
        long[] decompressedEnds = decompressedEnds();
        Map<String, long[]> spans = new LinkedHashMap<>();
        try (ArchiveReader r = ArchiveReader.open(full)) {
            for (Entry e : r.entries()) {
                long start = (e.frame() == 0 ? 0 : decompressedEnds[e.frame() - 1]) + e.offset();
                spans.put(e.path(), new long[] {start, start + 1536 + (e.size() + 511) / 512 * 512});
            }
        }
        int checked = 0;
        for (int cut = 0; cut < bytes.length; cut += cut < 200 ? 7 : 61) {
            Path cutFile = dir.resolve("cut.tar.zst");
            Files.write(cutFile, Arrays.copyOf(bytes, cut));
            int complete = 0;
            while (complete < frameEnds.length && frameEnds[complete] <= cut) {
                complete++;
            }
            if (complete == 0) {
                ArchiveException e = assertThrows(ArchiveException.class, () -> ArchiveReader.open(cutFile).close(),
                        "cut at " + cut);
                assertTrue(e.kind() == ArchiveException.Kind.CORRUPT || e.kind() == ArchiveException.Kind.NOT_AN_ARCHIVE,
                        e.getMessage());
                continue;
            }
            long usable = decompressedEnds[complete - 1];
            List<String> expected = new ArrayList<>();
            spans.forEach((path, span) -> {
                if (span[1] <= usable) {
                    expected.add(path);
                }
            });
            try (ArchiveReader r = ArchiveReader.open(cutFile)) {
                ArchiveSummary s = r.summary();
                assertEquals(ArchiveState.CUT_OFF, s.state(), "cut at " + cut + ": " + s.damage());
                assertNotNull(s.damage());
                assertEquals(Math.min(complete, frameEnds.length), s.framesUsable(), "cut at " + cut);
                assertEquals(frameEnds[complete - 1], s.bytesRecovered(), "cut at " + cut);
                // the duration comes from index.tsv, which survives when the cut falls after it
                if (complete == frameEnds.length) {
                    assertTrue(s.durationNanos() >= 0, "cut at " + cut);
                } else if (expected.size() < contents.size()) {
                    assertEquals(-1, s.durationNanos(), "cut at " + cut);
                }
                List<String> got = r.entries().stream().map(Entry::path).toList();
                assertEquals(expected, got, "cut at " + cut);
                for (Entry e : r.entries()) {
                    assertArrayEquals(contents.get(e.path()), r.read(e), "cut at " + cut + ", " + e.path());
                }
                if (!expected.isEmpty()) {
                    String last = expected.get(expected.size() - 1);
                    assertArrayEquals(contents.get(last), r.read(r.find(last).orElseThrow()));
                }
            }
            checked++;
        }
        assertTrue(checked > 100, "cut positions checked: " + checked);
    }

    @Test
    void seekTableDamageFallsBackToTheSequentialScan() throws IOException {
        byte[] damaged = bytes.clone();
        long[] ends = frameEnds();
        int tableStart = (int) ends[ends.length - 1];
        damaged[tableStart + 8] ^= 0x10; // first entry's compressed size
        Path file = Files.write(dir.resolve("table.tar.zst"), damaged);
        try (ArchiveReader r = ArchiveReader.open(file)) {
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.SALVAGED, s.state());
            assertTrue(s.damage().contains("seek table"), s.damage());
            assertEquals(120, s.entryCount());
            assertTrue(s.durationNanos() >= 0, "duration comes from the index found by the scan");
            assertArrayEquals(contents.get("proc/77/stat"), r.read(r.find("proc/77/stat").orElseThrow()));
        }
    }

    @Test
    void aDamagedFooterWithTheTableStillThereIsSalvagedNotCutOff() throws IOException {
        byte[] damaged = bytes.clone();
        damaged[damaged.length - 1] ^= 0x01; // seekable magic
        Path file = Files.write(dir.resolve("footer.tar.zst"), damaged);
        try (ArchiveReader r = ArchiveReader.open(file)) {
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.SALVAGED, s.state(), s.damage());
            assertEquals(120, s.entryCount());
            assertEquals(s.framesTotal(), s.framesUsable());
        }
    }

    @Test
    void aDamagedMiddleFrameIsSkippedAndVerifyNamesIt() throws IOException {
        long[] ends = frameEnds();
        byte[] damaged = bytes.clone();
        int frame5 = (int) ends[4];
        damaged[frame5 + 40] ^= 0x55;
        Path file = Files.write(dir.resolve("mid.tar.zst"), damaged);
        List<String> intact;
        try (ArchiveReader r = ArchiveReader.open(full)) {
            intact = r.entries().stream().filter(e -> e.frame() != 5).map(Entry::path).toList();
        }
        try (ArchiveReader r = ArchiveReader.open(file)) {
            ArchiveReader.VerifyResult v = r.verify();
            assertFalse(v.ok());
            assertTrue(v.problems().get(0).startsWith(file + ": frame 5 at offset " + frame5)
                    || v.problems().get(0).startsWith("frame 5 at offset " + frame5), v.problems().toString());
            List<Entry> entries = r.entries();
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.SALVAGED, s.state());
            assertEquals(ends.length - 1, s.framesUsable());
            assertEquals(ends[ends.length - 1] - (ends[5] - ends[4]), s.bytesRecovered());
            assertTrue(s.damage().contains("frame 5 at offset " + frame5), s.damage());
            assertTrue(s.damage().contains("resumed at frame 6"), s.damage());
            assertEquals(intact, entries.stream().map(Entry::path).toList(), "every entry outside frame 5");
            assertTrue(entries.size() < 120);
            for (Entry e : entries) {
                assertArrayEquals(contents.get(e.path()), r.read(e), e.path());
            }
        }
        // without the seek table the walk finds the same frame and resumes the same way
        Path cut = Files.write(dir.resolve("mid-cut.tar.zst"), Arrays.copyOf(damaged, (int) ends[ends.length - 1]));
        try (ArchiveReader r = ArchiveReader.open(cut)) {
            assertEquals(intact, r.entries().stream().map(Entry::path).toList());
            assertEquals(ends.length - 1, r.summary().framesUsable());
        }
    }

    @Test
    void gzipCutOffRecoversTheEntriesBeforeTheLastSyncFlush() throws IOException {
        Path gz = TestArchives.write(dir.resolve("full.tar.gz"),
                ArchiveWriter.Options.defaults().withFrameSize(FRAME).withForceGzip(true), w -> {
                    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                        w.add(EntryHeader.file(e.getKey()), e.getValue());
                    }
                });
        byte[] g = Files.readAllBytes(gz);
        Path cut = Files.write(dir.resolve("cut.tar.gz"), Arrays.copyOf(g, g.length / 2));
        try (ArchiveReader r = ArchiveReader.open(cut)) {
            assertEquals(Compression.GZIP, r.compression());
            assertEquals(ArchiveState.CUT_OFF, r.summary().state());
            List<Entry> entries = r.entries();
            assertTrue(entries.size() > 20 && entries.size() < 120, "entries " + entries.size());
            for (Entry e : entries) {
                assertArrayEquals(contents.get(e.path()), r.read(e));
            }
        }
    }

    private long[] frameEnds() {
        return TestArchives.frameEnds(bytes);
    }

    private long[] decompressedEnds() {
        return TestArchives.decompressedEnds(bytes);
    }
}
