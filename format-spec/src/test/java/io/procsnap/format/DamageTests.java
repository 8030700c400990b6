package io.procsnap.format;

import io.procsnap.format.internal.SeekTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.procsnap.format.TestArchives.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged frames in the middle of an archive (SPEC.md "Damage"): the reader loses the entries of the
 * damaged frames (and of an entry running into one), resumes at the next frame that starts an entry,
 * and serves everything else through {@code entries()}, {@code scan()}, {@code find()} and {@code read()}.
 */
class DamageTests {
    private static final int FRAME = 4096;

    @TempDir
    Path dir;

    /** An archive, its bytes, the entries of its intact listing and their contents. */
    private record Intact(Path file, byte[] bytes, List<Entry> entries, Map<String, byte[]> contents, long[] offsets,
                          long[] compressed, long[] decompressed) {
        int frames() {
            return offsets.length;
        }

        /** Frames an entry's records lie in: [first, last]. */
        int[] frameSpan(Entry e) {
            long start = e.offset();
            long end = start + 1536 + (e.size() + 511) / 512 * 512; // pax header + records + ustar + content
            int last = e.frame();
            while (end > decompressed[last]) {
                end -= decompressed[last];
                last++;
            }
            return new int[] {e.frame(), last};
        }

        /** Frames that start with an entry's header (the index entries' frames included). */
        Set<Integer> entryStarts() {
            Set<Integer> s = new TreeSet<>();
            for (Entry e : entries) {
                if (e.offset() == 0) {
                    s.add(e.frame());
                }
            }
            s.add(frames() - 2); // index.tsv
            s.add(frames() - 1); // index-frames.tsv
            return s;
        }

        /** What a reader recovers when {@code damaged} frames fail: SPEC.md "Damage". */
        List<String> expected(Set<Integer> damaged) {
            Set<Integer> lost = new TreeSet<>();
            Set<Integer> starts = entryStarts();
            for (int d : damaged) {
                for (int k = d; k < frames() && (k == d || !starts.contains(k) || damaged.contains(k)); k++) {
                    lost.add(k);
                }
            }
            List<String> out = new ArrayList<>();
            for (Entry e : entries) {
                int[] span = frameSpan(e);
                boolean hit = false;
                for (int k = span[0]; k <= span[1]; k++) {
                    hit |= lost.contains(k);
                }
                if (!hit) {
                    out.add(e.path());
                }
            }
            return out;
        }

        /** A copy with 16 bytes flipped in the middle of each given frame's compressed data. */
        Path damage(Path to, int... frames) throws IOException {
            byte[] b = bytes.clone();
            for (int k : frames) {
                int mid = (int) (offsets[k] + compressed[k] / 2);
                for (int i = 0; i < 16; i++) {
                    b[mid + i] ^= (byte) 0x5a;
                }
            }
            return Files.write(to, b);
        }
    }

    private Intact write(String name, ArchiveWriter.Options options, TestArchives.Body body) throws IOException {
        Path file = TestArchives.write(dir.resolve(name), options, body);
        byte[] bytes = Files.readAllBytes(file);
        SeekTable.Footer f = SeekTable.footer(Arrays.copyOfRange(bytes, bytes.length - 9, bytes.length));
        SeekTable t;
        try {
            t = SeekTable.parse(Arrays.copyOfRange(bytes, (int) (bytes.length - f.tableFrameSize()), bytes.length), f);
        } catch (io.procsnap.format.internal.FormatException e) {
            throw new AssertionError(e);
        }
        long[] off = new long[t.frames()];
        long[] c = new long[t.frames()];
        long[] d = new long[t.frames()];
        long pos = 0;
        for (int k = 0; k < off.length; k++) {
            off[k] = pos;
            c[k] = t.compressedSize(k);
            d[k] = t.decompressedSize(k);
            pos += c[k];
        }
        Map<String, byte[]> contents = new LinkedHashMap<>();
        List<Entry> entries;
        try (ArchiveReader r = ArchiveReader.open(file)) {
            assertEquals(ArchiveState.COMPLETE, r.summary().state());
            entries = r.entries();
            for (Entry e : entries) {
                contents.put(e.path(), r.read(e));
            }
        }
        return new Intact(file, bytes, entries, contents, off, c, d);
    }

    /** 200 small entries: every frame starts with an entry (SPEC.md "Where frames are cut", rule 1). */
    private Intact smallEntries() throws IOException {
        return write("small.tar.zst", ArchiveWriter.Options.defaults().withFrameSize(FRAME), w -> {
            for (int i = 0; i < 200; i++) {
                w.add(EntryHeader.file("proc/" + i + "/stat"), utf8(("stat " + i + " ").repeat(1 + i % 60)));
            }
        });
    }

    /** Checks everything a reader must still serve, through a listing first and through a scan first. */
    private void assertRecovered(Intact a, Path damaged, Set<Integer> frames) throws IOException {
        List<String> expected = a.expected(frames);
        assertTrue(expected.size() < a.entries().size(), "the damage loses something");
        assertTrue(expected.size() > a.entries().size() / 2, "most entries survive: " + expected.size());
        String firstFrame = "frame " + frames.iterator().next() + " at offset " + a.offsets[frames.iterator().next()];
        // listing first
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            List<String> got = r.entries().stream().map(Entry::path).toList();
            assertEquals(expected, got);
            for (Entry e : r.entries()) {
                assertArrayEquals(a.contents().get(e.path()), r.read(e), e.path());
            }
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.SALVAGED, s.state(), s.damage());
            assertEquals(expected.size(), s.entryCount());
            assertEquals(a.frames() - frames.size(), s.framesUsable(), s.damage());
            assertTrue(s.damage().contains(firstFrame), s.damage());
            assertTrue(s.damage().contains("resumed at frame"), s.damage());
            int lost = a.entries().size() - expected.size();
            assertTrue(s.damage().contains(expected.size() + " entries recovered, " + lost + " of the "
                    + a.entries().size() + " the index lists lost"), s.damage());
            for (Entry e : a.entries()) {
                if (expected.contains(e.path())) {
                    assertArrayEquals(a.contents().get(e.path()), r.read(r.find(e.path()).orElseThrow()), e.path());
                } else if (frames.contains(e.frame())) {
                    UncheckedIOException x = assertThrows(UncheckedIOException.class, () -> r.find(e.path()), e.path());
                    ArchiveException ae = (ArchiveException) x.getCause();
                    assertEquals(ArchiveException.Kind.CORRUPT, ae.kind());
                    assertTrue(ae.getMessage().contains("frame " + e.frame() + " at offset " + a.offsets[e.frame()]),
                            ae.getMessage());
                    ArchiveException re = assertThrows(ArchiveException.class, () -> r.read(e));
                    assertEquals(ArchiveException.Kind.CORRUPT, re.kind());
                    assertTrue(re.getMessage().contains("frame " + e.frame()), re.getMessage());
                }
            }
            assertFalse(r.verify().ok());
            assertEquals(frames.size(), r.verify().problems().size(), r.verify().problems().toString());
        }
        // scan first, as SnapshotLoader does: no exception, the summary says what the scan found
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            List<String> visited = new ArrayList<>();
            r.scan((e, content) -> {
                visited.add(e.path());
                assertArrayEquals(a.contents().get(e.path()), content, e.path());
            });
            assertEquals(expected, visited);
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.SALVAGED, s.state());
            assertEquals(expected.size(), s.entryCount());
            assertTrue(s.damage().contains(firstFrame), s.damage());
        }
        // lookups first, on a fresh reader: the index serves every intact entry, damaged ones fail CORRUPT
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            for (Entry e : a.entries()) {
                if (frames.contains(e.frame())) {
                    UncheckedIOException x = assertThrows(UncheckedIOException.class, () -> r.find(e.path()));
                    assertEquals(ArchiveException.Kind.CORRUPT, ((ArchiveException) x.getCause()).kind());
                } else {
                    assertArrayEquals(a.contents().get(e.path()), r.read(r.find(e.path()).orElseThrow()), e.path());
                }
            }
            assertEquals(ArchiveState.SALVAGED, r.summary().state());
        }
    }

    @Test
    void oneDamagedMiddleFrameLosesOnlyItsEntries() throws IOException {
        Intact a = smallEntries();
        assertTrue(a.frames() > 20, "frames " + a.frames());
        int k = a.frames() / 2;
        assertRecovered(a, a.damage(dir.resolve("mid.tar.zst"), k), Set.of(k));
    }

    @Test
    void twoDamagedFramesAdjacentOrNot() throws IOException {
        Intact a = smallEntries();
        int k = a.frames() / 3;
        assertRecovered(a, a.damage(dir.resolve("two.tar.zst"), k, 2 * k), new TreeSet<>(Set.of(k, 2 * k)));
        assertRecovered(a, a.damage(dir.resolve("adjacent.tar.zst"), k, k + 1), new TreeSet<>(Set.of(k, k + 1)));
    }

    @Test
    void theFirstDataFrameAfterTheManifest() throws IOException {
        Intact a = smallEntries();
        assertEquals(0, a.entries().get(0).offset());
        assertEquals(1, a.entries().get(0).frame(), "frame 0 holds only manifest.json");
        assertRecovered(a, a.damage(dir.resolve("first.tar.zst"), 1), Set.of(1));
    }

    @Test
    void anEntryRunningIntoADamagedFrameIsLostAndFramesStartingInsideItAreSkipped() throws IOException {
        byte[] big = new byte[3 * FRAME + 700];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 131 + (i >> 5));
        }
        Intact a = write("big.tar.zst", ArchiveWriter.Options.defaults().withFrameSize(FRAME), w -> {
            for (int i = 0; i < 60; i++) {
                w.add(EntryHeader.file("proc/" + i + "/stat"), utf8(("stat " + i + " ").repeat(1 + i % 40)));
                if (i == 30) {
                    w.add(EntryHeader.file("proc/30/maps"), big);
                }
            }
        });
        Entry maps = a.entries().stream().filter(e -> e.path().equals("proc/30/maps")).findFirst().orElseThrow();
        int[] span = a.frameSpan(maps);
        assertEquals(3, span[1] - span[0], "the big entry spans 4 frames");
        int k = span[0] + 1; // a frame in the middle of its content
        Path damaged = a.damage(dir.resolve("big-mid.tar.zst"), k);
        List<String> expected = a.expected(Set.of(k));
        assertFalse(expected.contains("proc/30/maps"));
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            List<String> visited = new ArrayList<>();
            r.scan((e, content) -> {
                visited.add(e.path());
                assertArrayEquals(a.contents().get(e.path()), content, e.path());
            });
            assertEquals(expected, visited);
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.SALVAGED, s.state());
            assertTrue(s.damage().contains("frame " + k + " at offset " + a.offsets[k]), s.damage());
            assertTrue(s.damage().contains("runs into frame " + k + " and is lost"), s.damage());
            assertTrue(s.damage().contains("starting inside an entry"), s.damage());
            // the same as a record: what, where, the entry lost with it, where the scan resumed
            Damage d = s.damages().get(0);
            assertEquals(Damage.Kind.FRAME, d.kind());
            assertEquals(k, d.frame());
            assertEquals(a.offsets[k], d.fileOffset());
            assertEquals(new Damage.Position(maps.frame(), maps.offset()), d.lostEntry());
            int resumed = k + 1;
            while (!a.entryStarts().contains(resumed)) {
                resumed++;
            }
            assertEquals(resumed, d.resumedAt());
            assertEquals(1, s.damages().size(), s.damages().toString());
            assertEquals(a.entries().size() - expected.size(), s.entriesLost());
            // the index still finds the entries that share the big entry's last frame; the big one fails
            for (Entry e : a.entries()) {
                if (e.path().equals("proc/30/maps")) {
                    ArchiveException x = assertThrows(ArchiveException.class, () -> r.read(r.find(e.path()).orElseThrow()));
                    assertEquals(ArchiveException.Kind.CORRUPT, x.kind());
                    assertTrue(x.getMessage().contains("frame " + k), x.getMessage());
                } else {
                    assertArrayEquals(a.contents().get(e.path()), r.read(r.find(e.path()).orElseThrow()), e.path());
                }
            }
        }
    }

    @Test
    void withoutTheSeekTableTheWalkedFramesResumeTheSame() throws IOException {
        Intact a = smallEntries();
        int k = a.frames() / 2;
        byte[] damaged = Files.readAllBytes(a.damage(dir.resolve("mid.tar.zst"), k));
        long tableStart = a.offsets[a.frames() - 1] + a.compressed[a.frames() - 1];
        Path cut = Files.write(dir.resolve("no-table.tar.zst"), Arrays.copyOf(damaged, (int) tableStart));
        try (ArchiveReader r = ArchiveReader.open(cut)) {
            assertEquals(a.expected(Set.of(k)), r.entries().stream().map(Entry::path).toList());
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.CUT_OFF, s.state(), "no seek table: the capture looks cut off; " + s.damage());
            assertTrue(s.damage().contains("frame " + k + " at offset " + a.offsets[k]), s.damage());
            assertEquals(a.frames() - 1, s.framesUsable());
        }
    }

    @Test
    void damageMetByALookupThenAListingThenAScanIsOneRecordSaidWithTheMostKnown() throws IOException {
        Intact a = smallEntries();
        int k = a.frames() / 2;
        Entry inside = a.entries().stream().filter(e -> e.frame() == k).findFirst().orElseThrow();
        try (ArchiveReader r = ArchiveReader.open(a.damage(dir.resolve("thrice.tar.zst"), k))) {
            assertThrows(UncheckedIOException.class, () -> r.find(inside.path()));
            assertEquals(1, r.summary().damages().size(), r.summary().damages().toString());
            r.entries();
            r.scan((e, content) -> { });
            assertThrows(UncheckedIOException.class, () -> r.find(inside.path()));
            List<Damage> d = r.summary().damages();
            assertEquals(1, d.size(), d.toString());
            assertEquals(Damage.Kind.FRAME, d.get(0).kind());
            assertEquals(k, d.get(0).frame());
            assertEquals(a.offsets[k], d.get(0).fileOffset());
            assertTrue(d.get(0).resumedAt() > k, "the scan said where it resumed: " + d.get(0));
        }
    }

    @Test
    void everyFrameDamagedButTheManifestStillOpensWithNothing() throws IOException {
        Intact a = smallEntries();
        int[] all = new int[a.frames() - 1];
        for (int k = 1; k < a.frames(); k++) {
            all[k - 1] = k;
        }
        try (ArchiveReader r = ArchiveReader.open(a.damage(dir.resolve("all.tar.zst"), all))) {
            List<String> visited = new ArrayList<>();
            r.scan((e, content) -> visited.add(e.path()));
            assertEquals(List.of(), visited);
            assertEquals(List.of(), r.entries());
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.SALVAGED, s.state());
            assertEquals(1, s.framesUsable(), s.damage());
            assertTrue(s.damage().contains("no later frame starts with an entry header"), s.damage());
        }
    }

    @Test
    void aCorruptTarHeaderInAnIntactFrameResumesAtTheNextFrameThatStartsAnEntry() throws IOException {
        byte[] garbage = new byte[512];
        Arrays.fill(garbage, (byte) 'x');
        Path file = Files.write(dir.resolve("garbage.tar.zst"), RawArchive.withManifest().endFrame()
                .file("proc/1/stat", utf8("1 (init) S\n")).endFrame()
                .raw(garbage, null).file("proc/2/stat", utf8("2 (kthreadd) S\n")).endFrame()
                .file("proc/3/stat", utf8("3 (pool) S\n")).build(true, true));
        try (ArchiveReader r = ArchiveReader.open(file)) {
            List<String> visited = new ArrayList<>();
            r.scan((e, content) -> visited.add(e.path() + "=" + new String(content, java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(List.of("proc/1/stat=1 (init) S\n", "proc/3/stat=3 (pool) S\n"), visited);
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.SALVAGED, s.state());
            assertEquals(s.framesTotal(), s.framesUsable(), "every frame decompresses");
            assertTrue(s.damage().contains("frame 2, offset 0") && s.damage().contains("not a ustar header")
                    && s.damage().contains("resumed at frame 3"), s.damage());
            assertTrue(s.damage().contains("2 entries recovered, 1 of the 3 the index lists lost"), s.damage());
            assertEquals(List.of(new Damage(Damage.Kind.TAR_HEADER, 2, s.damages().get(0).fileOffset(),
                    new Damage.Position(2, 0), 3, s.damages().get(0).description())), s.damages());
            assertEquals(1, s.entriesLost());
            assertEquals(3, s.indexedEntries());
            // index version 2 names only the frame: a lookup reads the frame's headers from its start and meets
            // the garbage too (zstd's checksum rules this out for a frame the writer made, so only a forged or
            // buggy archive can hold it); it says so instead of serving a wrong entry
            UncheckedIOException x = assertThrows(UncheckedIOException.class, () -> r.find("proc/2/stat"));
            assertEquals(ArchiveException.Kind.CORRUPT, ((ArchiveException) x.getCause()).kind());
            assertTrue(x.getCause().getMessage().contains("not a ustar header"), x.getCause().getMessage());
        }
    }
}
