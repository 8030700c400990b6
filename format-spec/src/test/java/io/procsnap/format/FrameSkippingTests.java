package io.procsnap.format;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.procsnap.format.TestArchives.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: {@link ArchiveReader#scan(ArchiveReader.EntryVisitor, Predicate, Predicate, ArchiveReader.IndexRowVisitor)}
 * does not read the frames whose entries are all unneeded when the index can stand for them, and walks every
 * frame when it cannot.
 */
class FrameSkippingTests {
    private static final int FRAME = 4096;
    private static final Predicate<String> MAIN_PASS = path -> !path.startsWith("samples/");

    @TempDir
    Path dir;
    private Path archive;
    private byte[] bytes;
    private final Map<String, byte[]> contents = new LinkedHashMap<>();

    /** A main pass, then two samples each starting a fresh frame (the capture flushes between phases). */
    @BeforeEach
    void writeArchive() throws IOException {
        archive = TestArchives.write(dir.resolve("samples.tar.zst"), ArchiveWriter.Options.defaults().withFrameSize(FRAME),
                w -> {
                    for (int i = 0; i < 40; i++) {
                        add(w, "proc/" + i + "/stat", ("stat " + i + " ").repeat(1 + i % 60));
                    }
                    add(w, "proc/big/cmdline", "x".repeat(3 * FRAME)); // spans frames
                    for (int k = 1; k <= 2; k++) {
                        w.flush();
                        for (int i = 0; i < 40; i++) {
                            add(w, "samples/" + k + "/proc/" + i + "/stat", ("sample " + k + " " + i + " ").repeat(1 + i % 50));
                        }
                        add(w, "samples/" + k + "/proc/big/stack", "y".repeat(2 * FRAME + 100));
                    }
                    w.flush();
                    add(w, "proc/last/stat", "written after the samples");
                });
        bytes = Files.readAllBytes(archive);
    }

    private void add(ArchiveWriter w, String path, String content) throws IOException {
        contents.put(path, utf8(content));
        w.add(EntryHeader.file(path), utf8(content));
    }

    /** What a skipping scan handed on: the entries read, their contents, the rows of the frames not read. */
    private record Seen(List<Entry> entries, Map<String, byte[]> contents, List<String> unread, int skipped) {
    }

    private static Seen skippingScan(ArchiveReader r) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        int skipped = r.scan((e, content) -> {
            entries.add(e);
            contents.put(e.path(), content);
        }, path -> true, MAIN_PASS, (path, frame, status) -> unread.add(path + " " + status.label()));
        return new Seen(entries, contents, unread, skipped);
    }

    @Test
    void theFramesOfTheSamplesAreNotReadAndTheirRowsListThem() throws IOException {
        List<Entry> all;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            all = r.entries();
        }
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            Seen seen = skippingScan(r);
            assertTrue(seen.skipped() >= 4, "frames skipped: " + seen.skipped());
            assertEquals(all.stream().filter(e -> MAIN_PASS.test(e.path())).toList(), seen.entries(),
                    "every entry of the main pass, where the full listing has it");
            for (Entry e : seen.entries()) {
                assertArrayEquals(contents.get(e.path()), seen.contents().get(e.path()), e.path());
            }
            assertEquals(all.stream().filter(e -> !MAIN_PASS.test(e.path())).map(e -> e.path() + " ok").sorted().toList(),
                    seen.unread(), "every sample, from its index row");
            assertEquals(ArchiveState.COMPLETE, r.summary().state());
            assertEquals(all.size(), r.summary().entryCount());
            assertEquals(all, r.entries(), "the listing is still the full walk's");
        }
    }

    @Test
    void aDamagedSampleFrameIsStillFoundByTheCheckOfTheFramesNotRead() throws IOException {
        int frame = firstFrameOf("samples/2/");
        Path damaged = damage(frame);
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            Seen seen = skippingScan(r);
            assertTrue(seen.skipped() > 0);
            assertEquals(42, seen.entries().size(), "the main pass, whole");
            assertEquals(80 + 2, seen.unread().size(), "the samples, from the index");
            ArchiveSummary s = r.summary();
            assertEquals(ArchiveState.SALVAGED, s.state());
            assertTrue(s.damage().contains("frame " + frame + " at offset"), s.damage());
            assertEquals(List.of(frame), s.damages().stream().map(Damage::frame).toList());
        }
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            r.scan((e, content) -> { }, path -> true);
            assertEquals(ArchiveState.SALVAGED, r.summary().state(), "as a full walk finds it");
            assertTrue(r.summary().damage().contains("frame " + frame + " at offset"), r.summary().damage());
        }
    }

    @Test
    void aDamagedMainFrameIsSalvagedAroundAsAFullWalkDoes() throws IOException {
        int frame = firstFrameOf("proc/20/");
        Path damaged = damage(frame);
        List<String> expected;
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            expected = r.entries().stream().map(Entry::path).filter(MAIN_PASS).toList();
        }
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            Seen seen = skippingScan(r);
            assertTrue(seen.skipped() > 0);
            assertEquals(expected, seen.entries().stream().map(Entry::path).toList());
            assertTrue(expected.size() < 42 && expected.contains("proc/last/stat"), expected.toString());
            assertEquals(ArchiveState.SALVAGED, r.summary().state());
            assertTrue(r.summary().damage().contains("frame " + frame), r.summary().damage());
        }
    }

    @Test
    void aDamagedIndexFallsBackToTheFullWalk() throws IOException {
        Path damaged = damage(lastDataFrame()); // the frame map: the index is not found
        List<Entry> walked;
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            assertEquals(ArchiveState.SALVAGED, r.summary().state());
            walked = r.entries();
        }
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            Seen seen = skippingScan(r);
            assertEquals(0, seen.skipped());
            assertEquals(List.of(), seen.unread());
            assertEquals(walked, seen.entries(), "every entry, samples too, from the walk");
            assertEquals(contents.keySet().stream().toList(), seen.entries().stream().map(Entry::path).toList());
        }
    }

    @Test
    void aGzipArchiveIsWalkedWhole() throws IOException {
        Path gz = TestArchives.write(dir.resolve("samples.tar.gz"), ArchiveWriter.Options.defaults().withForceGzip(true)
                .withFrameSize(FRAME), w -> {
                    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                        w.add(EntryHeader.file(e.getKey()), e.getValue());
                    }
                });
        try (ArchiveReader r = ArchiveReader.open(gz)) {
            Seen seen = skippingScan(r);
            assertEquals(0, seen.skipped());
            assertEquals(List.copyOf(contents.keySet()), seen.entries().stream().map(Entry::path).toList());
            assertArrayEquals(contents.get("samples/2/proc/7/stat"), seen.contents().get("samples/2/proc/7/stat"));
        }
    }

    private int firstFrameOf(String prefix) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            return r.entries().stream().filter(e -> e.path().startsWith(prefix)).mapToInt(Entry::frame).min().orElseThrow();
        }
    }

    /** The archive with a byte in the middle of frame {@code k}'s compressed data changed. */
    private Path damage(int k) throws IOException {
        long[] ends = frameEnds();
        long start = k == 0 ? 0 : ends[k - 1];
        byte[] d = bytes.clone();
        d[(int) (start + (ends[k] - start) / 2)] ^= 0x55;
        return Files.write(dir.resolve("damaged-" + k + ".tar.zst"), d);
    }

    private int lastDataFrame() {
        return frameEnds().length - 1;
    }

    private long[] frameEnds() {
        return TestArchives.frameEnds(bytes);
    }
}
