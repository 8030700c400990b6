package io.procsnap.format;

import io.procsnap.format.ArchiveException.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static io.procsnap.format.TestArchives.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per corpus file (written by CorpusGenerator): {@code ok-*} open, {@code *-fail} are refused. */
class CorpusTests {

    static Path corpus(String name) {
        try {
            return Path.of(CorpusTests.class.getResource("/corpus/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("corpus file " + name + " missing", e);
        }
    }

    /** Opens, lists, reads every entry: the full reader workout; returns the summary. */
    static ArchiveSummary workout(Path file) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(file)) {
            try {
                for (Entry e : r.entries()) {
                    r.read(e);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return r.summary();
        }
    }

    static ArchiveException refused(String name, Kind kind, String... messageParts) {
        Path file = corpus(name);
        ArchiveException e = assertThrows(ArchiveException.class, () -> workout(file));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), "message contains '" + part + "': " + e.getMessage());
        }
        return e;
    }

    @Test
    void okSmall() throws IOException {
        ArchiveSummary s = workout(corpus("ok-small.tar.zst"));
        assertEquals(ArchiveState.COMPLETE, s.state());
        assertEquals(15, s.entryCount());
        try (ArchiveReader r = ArchiveReader.open(corpus("ok-small.tar.zst"))) {
            assertTrue(r.verify().ok());
            assertArrayEquals(utf8("do_msgsnd"), r.read(r.find("proc/306/task/311/wchan").orElseThrow()));
            assertEquals("1.0", r.formatVersion(), "written by the format 1.0 writer: PROCSNAP.* records, index version 1");
            assertEquals(new EntryHeader("proc/306/stat", EntryType.FILE, Status.OK, null, 0100444, 1000, 1000, 2000, 300,
                    null), r.find("proc/306/stat").orElseThrow().header(), "1.0 timing is in nanoseconds");
        }
    }

    /** The same case written by the format 1.0 writer and by today's (CorpusGenerator.VERSION). */
    static List<String> bothVersions(String name) {
        return List.of(name + ".tar.zst", name + CorpusGenerator.VERSION + ".tar.zst");
    }

    @Test
    void okGzipFallback() throws IOException {
        for (String name : bothVersions("ok-gzip-fallback")) {
            ArchiveSummary s = workout(corpus(name));
            assertEquals(ArchiveState.COMPLETE, s.state(), name);
            assertEquals(15, s.entryCount(), name);
        }
    }

    @Test
    void okMultiframe() throws IOException {
        for (String name : bothVersions("ok-multiframe")) {
            ArchiveSummary s = workout(corpus(name));
            assertEquals(ArchiveState.COMPLETE, s.state(), name);
            assertTrue(s.framesTotal() > 10, name + ": frames " + s.framesTotal());
            try (ArchiveReader r = ArchiveReader.open(corpus(name))) {
                assertEquals(40_000, r.read(r.find("proc/big/maps").orElseThrow()).length);
                assertTrue(r.verify().ok());
            }
        }
    }

    @Test
    void okTruncatedInSeekTable() throws IOException {
        for (String name : bothVersions("ok-truncated-in-seek-table")) {
            ArchiveSummary s = workout(corpus(name));
            assertEquals(ArchiveState.CUT_OFF, s.state(), name);
            assertEquals(41, s.entryCount(), name);
            assertTrue(s.damage().contains("seek table at offset"), s.damage());
        }
    }

    @Test
    void okTruncatedInFrame() throws IOException {
        ArchiveSummary s = workout(corpus("ok-truncated-in-frame.tar.zst"));
        assertEquals(ArchiveState.CUT_OFF, s.state());
        assertTrue(s.entryCount() > 5 && s.entryCount() < 41, "entries " + s.entryCount());
        assertTrue(s.damage().contains("is cut off"), s.damage());
        assertEquals(Damage.Kind.CUT_OFF, s.damages().get(0).kind(), "no seek table");
        assertTrue(s.damages().stream().anyMatch(d -> d.kind() == Damage.Kind.CUT_OFF && d.frame() >= 0),
                "the frame the file ends in: " + s.damages());
        assertEquals(s.framesTotal(), s.framesUsable());
    }

    @Test
    void okSeekTableDamaged() throws IOException {
        ArchiveSummary s = workout(corpus("ok-seek-table-damaged.tar.zst"));
        assertEquals(ArchiveState.SALVAGED, s.state());
        assertEquals(41, s.entryCount());
        assertTrue(s.damage().contains("seek table"), s.damage());
    }

    @Test
    void okDamagedFrame() throws IOException {
        // ok-multiframe with a byte flipped in frame 13: its 2 entries are lost, the 39 others recovered
        List<Entry> intact;
        try (ArchiveReader r = ArchiveReader.open(corpus("ok-multiframe.tar.zst"))) {
            intact = r.entries();
        }
        List<String> outside = intact.stream().filter(e -> e.frame() != 13).map(Entry::path).toList();
        assertEquals(39, outside.size());
        ArchiveSummary s = workout(corpus("ok-damaged-frame.tar.zst"));
        assertEquals(ArchiveState.SALVAGED, s.state());
        assertEquals(39, s.entryCount());
        assertTrue(s.damage().contains("frame 13 at offset 3607") && s.damage().contains("resumed at frame 14")
                && s.damage().contains("39 entries recovered, 2 of the 41 the index lists lost"), s.damage());
        Damage d = s.damages().get(0);
        assertEquals(List.of(Damage.Kind.FRAME, 13, 3607L, 14), List.of(d.kind(), d.frame(), d.fileOffset(), d.resumedAt()));
        assertEquals(2, s.entriesLost());
        assertEquals(s.framesTotal() - 1, s.framesUsable());
        try (ArchiveReader r = ArchiveReader.open(corpus("ok-damaged-frame.tar.zst"))) {
            ArchiveReader.VerifyResult v = r.verify();
            assertFalse(v.ok());
            assertTrue(v.problems().get(0).contains("frame 13"), v.problems().toString());
            assertEquals(outside, r.entries().stream().map(Entry::path).toList());
            assertEquals(40_000, r.read(r.find("proc/big/maps").orElseThrow()).length);
            for (Entry e : intact) {
                if (e.frame() == 13) {
                    UncheckedIOException x = assertThrows(UncheckedIOException.class, () -> r.find(e.path()));
                    assertEquals(Kind.CORRUPT, ((ArchiveException) x.getCause()).kind());
                    assertTrue(x.getCause().getMessage().contains("frame 13"), x.getCause().getMessage());
                }
            }
        }
    }

    @Test
    void okIndexFrameDamaged() throws IOException {
        ArchiveSummary s = workout(corpus("ok-index-frame-damaged.tar.zst"));
        assertEquals(ArchiveState.SALVAGED, s.state());
        assertEquals(41, s.entryCount(), "every entry lies before the damaged frame map");
        assertEquals(s.framesTotal() - 1, s.framesUsable());
        assertTrue(s.damage().contains("frame " + (s.framesTotal() - 1)), s.damage());
    }

    @Test
    void okHugeFrameCountIsContained() throws IOException {
        ArchiveSummary s = workout(corpus("ok-huge-frame-count.tar.zst"));
        assertEquals(ArchiveState.SALVAGED, s.state());
        assertTrue(s.damage().contains("2147483647 frames"), s.damage());
        assertEquals(41, s.entryCount());
    }

    @Test
    void okDuplicatePathFirstWins() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(corpus("ok-duplicate-path.tar.zst"))) {
            assertArrayEquals(utf8("first\n"), r.read(r.find("proc/1/comm").orElseThrow()));
            assertEquals(1, r.entries().size());
        }
    }

    @Test
    void okBombLyingTableIsContained() throws IOException {
        ArchiveSummary s = workout(corpus("ok-bomb-lying-table.tar.zst"));
        assertEquals(ArchiveState.SALVAGED, s.state());
        assertEquals(3, s.framesTotal());
        assertEquals(2, s.framesUsable(), "frame 1 (the bomb) is damaged; frame 2 holds the end-of-archive blocks");
        assertEquals(1, s.entryCount());
        assertTrue(s.damage().contains("frame 1"), s.damage());
    }

    @Test
    void okBombCutOffIsContained() throws IOException {
        ArchiveSummary s = workout(corpus("ok-bomb-cut-off.tar.zst"));
        assertEquals(1, s.framesUsable());
        assertEquals(1, s.entryCount());
        assertTrue(s.damage().contains("more than the limit"), s.damage());
    }

    @Test
    void badMagicFail() {
        refused("bad-magic-fail.tar.zst", Kind.NOT_AN_ARCHIVE, "[50 4b 03 04]", "28 b5 2f fd");
    }

    @Test
    void reservedBitsFail() {
        refused("reserved-bits-fail.tar.zst", Kind.UNSUPPORTED_VERSION, "reserved bits 2-6", "descriptor 0x84");
    }

    @Test
    void truncatedInFirstFrameFail() {
        refused("truncated-in-first-frame-fail.tar.zst", Kind.CORRUPT, "nothing can be recovered", "frame 0");
    }

    @Test
    void unsupportedVersionFail() {
        refused("unsupported-version-fail.tar.zst", Kind.UNSUPPORTED_VERSION, "version 2 found",
                "supports version 1 (1.0 to 1.1)");
    }

    @Test
    void indexVersionFail() {
        // index version 2 is format 1.1's; this file (rewritten with 1.1) says 3
        refused("index-version-fail.tar.zst", Kind.UNSUPPORTED_VERSION, "index version 3 found",
                "supports versions 1 and 2");
    }

    // ---------------------------------------------------------------- format 1.1 (CorpusGenerator.VERSION)

    @Test
    void okSmallV11() throws IOException {
        ArchiveSummary s = workout(corpus("ok-small-v1.1.tar.zst"));
        assertEquals(ArchiveState.COMPLETE, s.state());
        assertEquals(15, s.entryCount());
        try (ArchiveReader r = ArchiveReader.open(corpus("ok-small-v1.1.tar.zst"));
             ArchiveReader old = ArchiveReader.open(corpus("ok-small.tar.zst"))) {
            assertEquals("1.1", r.formatVersion());
            assertTrue(r.verify().ok());
            // every entry found through the version 2 index (frame only) reads as in the 1.0 file
            for (Entry e : old.entries()) {
                Entry found = r.find(e.path()).orElseThrow();
                EntryHeader h = e.header();
                assertEquals(h.withTiming(h.startNanos() / 1000 * 1000, h.elapsedNanos() / 1000 * 1000), found.header());
                assertArrayEquals(old.read(e), r.read(found), e.path());
            }
        }
    }

    @Test
    void okTruncatedInFrameV11() throws IOException {
        ArchiveSummary f = workout(corpus("ok-truncated-in-frame-v1.1.tar.zst"));
        assertEquals(ArchiveState.CUT_OFF, f.state());
        assertTrue(f.entryCount() > 5 && f.entryCount() < 41, "entries " + f.entryCount());
        assertEquals(List.of(Damage.Kind.CUT_OFF, Damage.Kind.CUT_OFF, Damage.Kind.ENTRY_CUT_OFF),
                f.damages().stream().map(Damage::kind).toList(), f.damage());
    }

    @Test
    void okSeekTableDamagedAndHugeFrameCountV11() throws IOException {
        for (String name : List.of("ok-seek-table-damaged-v1.1.tar.zst", "ok-huge-frame-count-v1.1.tar.zst")) {
            ArchiveSummary s = workout(corpus(name));
            assertEquals(ArchiveState.SALVAGED, s.state(), name);
            assertEquals(41, s.entryCount(), name);
            assertEquals(Damage.Kind.SEEK_TABLE, s.damages().get(0).kind(), name);
        }
    }

    @Test
    void okDamagedFrameV11() throws IOException {
        List<Entry> intact;
        try (ArchiveReader r = ArchiveReader.open(corpus("ok-multiframe-v1.1.tar.zst"))) {
            intact = r.entries();
        }
        ArchiveSummary s = workout(corpus("ok-damaged-frame-v1.1.tar.zst"));
        assertEquals(ArchiveState.SALVAGED, s.state());
        Damage d = s.damages().get(0);
        assertEquals(Damage.Kind.FRAME, d.kind());
        int k = d.frame();
        assertEquals(k + 1, d.resumedAt());
        List<String> outside = intact.stream().filter(e -> e.frame() != k).map(Entry::path).toList();
        assertEquals(intact.size() - outside.size(), s.entriesLost());
        try (ArchiveReader r = ArchiveReader.open(corpus("ok-damaged-frame-v1.1.tar.zst"))) {
            assertEquals(outside, r.entries().stream().map(Entry::path).toList());
            for (Entry e : intact) {
                if (e.frame() == k) {
                    UncheckedIOException x = assertThrows(UncheckedIOException.class, () -> r.find(e.path()));
                    assertEquals(Kind.CORRUPT, ((ArchiveException) x.getCause()).kind());
                } else {
                    assertEquals(e.header(), r.find(e.path()).orElseThrow().header());
                }
            }
        }
    }

    @Test
    void okIndexFrameDamagedV11() throws IOException {
        ArchiveSummary s = workout(corpus("ok-index-frame-damaged-v1.1.tar.zst"));
        assertEquals(ArchiveState.SALVAGED, s.state());
        assertEquals(41, s.entryCount(), "every entry lies before the damaged frame map");
        assertEquals(s.framesTotal() - 1, s.damages().get(0).frame());
    }

    @Test
    void unsupportedMinorFail() {
        refused("unsupported-minor-fail.tar.zst", Kind.UNSUPPORTED_VERSION, "version 1.2 found", "(1.0 to 1.1)");
    }

    @Test
    void indexRowWrongFrameFail() throws IOException {
        // a version 2 row names only a frame: a lookup reads that frame's headers and must not serve another entry
        try (ArchiveReader r = ArchiveReader.open(corpus("index-row-wrong-frame-fail.tar.zst"))) {
            assertArrayEquals(utf8("1 (init) S\n"), r.read(r.find("proc/1/stat").orElseThrow()));
            UncheckedIOException x = assertThrows(UncheckedIOException.class, () -> r.find("proc/2/stat"));
            assertEquals(Kind.CORRUPT, ((ArchiveException) x.getCause()).kind());
            assertTrue(x.getCause().getMessage().contains("points at frame 1, which starts no entry with that path"),
                    x.getCause().getMessage());
            assertEquals(List.of("proc/1/stat", "proc/2/stat"), r.entries().stream().map(Entry::path).toList());
        }
    }

    @Test
    void okBothSpellingsTheFormat11RecordWins() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(corpus("ok-both-spellings.tar.zst"))) {
            EntryHeader both = r.find("proc/3/stat").orElseThrow().header();
            assertEquals(Status.DENIED, both.status());
            assertEquals(7_000_000L, both.startNanos(), "start_us 7000 over start_ns 5000000");
            EntryHeader old = r.find("proc/4/stat").orElseThrow().header();
            assertEquals(Status.TIMEOUT, old.status());
            assertEquals(5_000_123L, old.startNanos(), "a 1.0 record alone reads as before, to the nanosecond");
        }
    }

    @Test
    void okTimeOutOfRangeLosesOnlyItsEntry() throws IOException {
        ArchiveSummary s = workout(corpus("ok-time-out-of-range.tar.zst"));
        assertEquals(ArchiveState.SALVAGED, s.state());
        assertEquals(1, s.entryCount(), s.damage());
        Damage d = s.damages().get(0);
        assertEquals(List.of(Damage.Kind.TAR_HEADER, 1, new Damage.Position(1, 0), 2),
                List.of(d.kind(), d.frame(), d.lostEntry(), d.resumedAt()), d.toString());
        assertTrue(d.description().contains("start_us is out of range"), d.description());
    }

    @Test
    void notProcsnapFail() {
        refused("not-procsnap-fail.tar.zst", Kind.NOT_AN_ARCHIVE, "'etc/passwd'", "expected manifest.json");
    }

    @Test
    void traversalDotDotFail() {
        refused("traversal-dotdot-fail.tar.zst", Kind.HOSTILE, "proc/../../etc/cron.d/x", "frame 0, offset ");
    }

    @Test
    void traversalAbsoluteFail() {
        refused("traversal-absolute-fail.tar.zst", Kind.HOSTILE, "'/etc/cron.d/x'", "absolute path");
    }

    @Test
    void hardlinkFail() {
        refused("hardlink-fail.tar.zst", Kind.HOSTILE, "tar entry type '1'");
    }

    @Test
    void oversizedPaxFail() {
        refused("oversized-pax-fail.tar.zst", Kind.HOSTILE, "pax header of 1073741824 bytes", "frame 0, offset ");
    }

    @Test
    void oversizedPaxValueFail() {
        refused("oversized-pax-value-fail.tar.zst", Kind.HOSTILE, "pax header of 70", "limit of 65536");
    }

    @Test
    void oversizedEntryFail() {
        refused("oversized-entry-fail.tar.zst", Kind.HOSTILE, "claims 4294967296 content bytes", "limit of 67108864");
    }

    @Test
    void lyingSizeFail() throws IOException {
        Path file = corpus("lying-size-fail.tar.zst");
        try (ArchiveReader r = ArchiveReader.open(file)) {
            Entry e = r.find("proc/1/stat").orElseThrow();
            ArchiveException x = assertThrows(ArchiveException.class, () -> r.read(e));
            assertEquals(Kind.CORRUPT, x.kind());
            assertTrue(x.getMessage().contains("claims 10485760 bytes") && x.getMessage().contains("frame 0, offset 2560"),
                    x.getMessage());
            assertEquals(List.of(), r.entries(), "a scan drops the entry that runs past the data");
            assertEquals(ArchiveState.SALVAGED, r.summary().state());
        }
    }

    @Test
    void bombFrameFail() {
        refused("bomb-frame-fail.tar.zst", Kind.HOSTILE, "frame 1", "33554432 decompressed bytes");
    }
}
