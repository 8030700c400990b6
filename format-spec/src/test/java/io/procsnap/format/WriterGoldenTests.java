package io.procsnap.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.procsnap.format.TestArchives.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer's output is specified byte for byte: {@link #varied} written with the format 1.1 writer is
 * committed as {@code corpus/ok-writer-golden*-v1.1.tar.zst}; today's writer must reproduce those files
 * exactly. The same entries written by the format 1.0 writer (2026-11-22) stay committed as
 * {@code corpus/ok-writer-golden*.tar.zst}: a reader must read both to the same entries and contents
 * (timing in whole microseconds, as 1.1 stores it).
 * Regenerate only on a deliberate format change:
 * {@code java -cp <test classpath> io.procsnap.format.WriterGoldenTests format-spec/src/test/resources/corpus}.
 */
class WriterGoldenTests {
    static final String DEFAULT = "ok-writer-golden-v1.1.tar.zst";
    static final String SMALL_FRAMES = "ok-writer-golden-4k-frames-v1.1.tar.zst";
    static final String GZIP = "ok-writer-golden-gzip-v1.1.tar.zst";
    /** The format 1.0 writer's files of the same entries (never rewritten). */
    static final List<String> V10 = List.of("ok-writer-golden.tar.zst", "ok-writer-golden-4k-frames.tar.zst",
            "ok-writer-golden-gzip.tar.zst");

    @TempDir
    Path dir;

    static ArchiveWriter.Options smallFrames() {
        return ArchiveWriter.Options.defaults().withFrameSize(4096);
    }

    /** Every shape of entry the header writer distinguishes. Deterministic. */
    static void varied(ArchiveWriter w, boolean huge) throws IOException {
        TestArchives.smallCapture(w);
        w.add(EntryHeader.directory("proc/1").withOwner(040555, 0, 0).withTiming(0, 0), null);
        w.add(EntryHeader.directory("proc/2").withTiming(5, 6), new byte[] {1, 2, 3}); // content of a dir is dropped
        w.add(EntryHeader.directory("proc/3").withOwner(-1, 4_294_967_294L, 65534), null);
        w.add(EntryHeader.file("proc/4/status").withOwner(0100444, 07777777L, 010000000L).withTiming(1, 2), utf8("x"));
        w.add(EntryHeader.file("proc/5/status").withOwner(0100644, 1L << 40, -1).withTiming(-7, Long.MAX_VALUE),
                utf8("negative start"));
        w.add(EntryHeader.file("proc/6/status").withOwner(0107777, -1, 12).withTiming(Long.MAX_VALUE / 2, 3), new byte[0]);
        w.add(EntryHeader.file("proc/7/status").withOwner(-1, 5, -1), null);
        for (Status s : Status.values()) {
            for (EntryType t : EntryType.values()) {
                String p = "st/" + s.label() + "/" + t.name().toLowerCase();
                EntryHeader h = new EntryHeader(p, t, s, s == Status.OK ? null : "detail of " + s, 0100444, 1000, 1000,
                        s.ordinal() * 1_000_000_007L, 12345, t == EntryType.SYMLINK && s == Status.OK ? "/target/" + s : null);
                w.add(h, utf8("content of " + p));
            }
        }
        // content lengths around block boundaries, and a sub-array
        int[] sizes = {0, 1, 2, 100, 511, 512, 513, 1023, 1024, 1025, 1535, 1536, 3000, 4095, 4096, 4097, 10_000};
        for (int n : sizes) {
            byte[] c = new byte[n];
            for (int i = 0; i < n; i++) {
                c[i] = (byte) (i * 7 + n);
            }
            w.add(EntryHeader.file("proc/100/task/" + n + "/stat").withOwner(0100444, 100, 100).withTiming(n * 1000L, n),
                    c);
        }
        byte[] big = new byte[200];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        w.add(EntryHeader.file("proc/101/cmdline").withTiming(9_000_000_000L, 1), big, 37, 111);
        w.add(EntryHeader.file("proc/101/truncated").withStatus(Status.TRUNCATED, "cap 50"), big, 0, 50);
        w.flush();
        w.flush();
        // pax record lengths crossing 9/10, 99/100 and 999/1000 digits, details beyond the 1024-byte cut
        for (int n = 0; n < 1100; n += n < 20 || (n > 70 && n < 110) || n > 960 ? 1 : 37) {
            w.add(EntryHeader.file("proc/102/d" + n).withStatus(Status.ERROR, "e".repeat(n)), null);
        }
        w.add(EntryHeader.file("proc/102/utf8-detail").withStatus(Status.ERROR, "\u00e9".repeat(600)), null);
        w.add(EntryHeader.file("proc/102/utf8-detail3").withStatus(Status.ERROR, "x" + "\u20ac".repeat(400)), null);
        w.add(EntryHeader.file("proc/102/nl-detail").withStatus(Status.SKIPPED, "line one\nline=two\t\\"), null);
        w.add(EntryHeader.file("proc/102/empty-detail").withStatus(Status.DENIED, ""), null);
        // long paths: splittable into prefix/name, not splittable, long last segment, directories
        String seg = "abcdefghij".repeat(3);
        w.add(EntryHeader.file("proc/103/" + seg + "/" + seg + "/" + seg + "/" + seg + "/stat"), utf8("split"));
        w.add(EntryHeader.directory("proc/103/" + seg + "/" + seg + "/" + seg + "/" + seg.substring(0, 9)), null);
        w.add(EntryHeader.file("proc/103/" + "z".repeat(150)), utf8("unsplittable last segment"));
        w.add(EntryHeader.file("proc/103/" + "y".repeat(99)), utf8("exactly 108"));
        w.add(EntryHeader.file("p/" + "q".repeat(98)), utf8("exactly 100"));
        w.add(EntryHeader.directory("d/" + "q".repeat(97)), null);
        w.add(EntryHeader.directory("d/" + "r".repeat(98)), null);
        w.add(EntryHeader.file(("s".repeat(60) + "/").repeat(5) + "t".repeat(101)), utf8("name part too long"));
        w.add(EntryHeader.file(("u".repeat(60) + "/").repeat(3) + "v".repeat(99)), utf8("prefix too long"));
        w.add(EntryHeader.file("w".repeat(155) + "/" + "x".repeat(100)), utf8("both full"));
        w.add(EntryHeader.file(("deep/").repeat(800) + "end"), utf8("4003 bytes"));
        // unicode: 2, 3 and 4-byte characters, cut inside the ustar name, long last segments, a lone surrogate
        w.add(EntryHeader.file("proc/104/\u00fc\u00f1\u00ef\u00e7\u00f8d\u00e9/\u65e5\u672c\u8a9e"), utf8("unicode"));
        w.add(EntryHeader.file("proc/104/" + "\u00e9".repeat(60)), utf8("2-byte chars cut at 100"));
        w.add(EntryHeader.file("proc/104/" + "\u20ac".repeat(40)), utf8("3-byte chars cut at 100"));
        w.add(EntryHeader.file("proc/104/" + "\ud83d\ude00".repeat(50)), utf8("emoji: last segment cut at 80 chars"));
        w.add(EntryHeader.file("proc/104/" + "a" + "\ud83d\ude00".repeat(50)), utf8("emoji cut mid surrogate pair"));
        w.add(EntryHeader.file("proc/104/lone\ud800surrogate"), utf8("lone surrogate"));
        w.add(EntryHeader.file("proc/104/tab\there\nnewline\\back"), utf8("escaped in the index"));
        w.add(EntryHeader.symlink("proc/104/exe", "/usr/bin/\u00e9t\u00e9 " + "/l".repeat(70)).withOwner(0120777, 3, 4),
                null);
        w.add(EntryHeader.symlink("proc/104/cwd", "/" + "\u20ac".repeat(40)), utf8("ignored content"));
        w.add(EntryHeader.symlink("proc/104/root", "").withTiming(1, 1), null);
        w.add(EntryHeader.symlink("proc/104/fd/0", null).withStatus(Status.VANISHED, "ENOENT"), utf8("kept content"));
        w.add(EntryHeader.symlink("proc/104/fd/1", null).withStatus(Status.TIMEOUT, null).withOwner(0120777, -1, -1), null);
        w.add(EntryHeader.file("proc/104/stat"), utf8("duplicate path, first"));
        w.add(EntryHeader.file("proc/104/stat"), utf8("duplicate path, second"));
        // entries larger than a 4 KiB frame, and many small ones filling frames
        byte[] large = new byte[70_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i % 251);
        }
        w.add(EntryHeader.file("proc/105/maps").withTiming(3_000_000_000L, 10), large);
        w.flush();
        for (int i = 0; i < 300; i++) {
            w.add(EntryHeader.file("proc/" + (2000 + i) + "/task/" + (5000 + i) + "/wchan").withOwner(0100444, i, i)
                    .withTiming(i * 31_337L, i), utf8("do_wait_" + i));
        }
        if (huge) { // cut at MAX_ENTRY_SIZE and marked truncated by the writer
            w.add(EntryHeader.file("proc/106/huge").withTiming(4_000_000_000L, 1), new byte[ArchiveWriter.MAX_ENTRY_SIZE + 3]);
        }
        w.add(EntryHeader.file("proc/106/after-huge"), utf8("after"));
    }

    static byte[] write(ArchiveWriter.Options options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter w = ArchiveWriter.open(out, TestArchives.manifest(), options)) {
            varied(w, options.frameSize() >= ArchiveWriter.Options.DEFAULT_FRAME_SIZE);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] b) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    @Test
    void defaultOptionsReproduceTheGoldenArchiveByteForByte() throws IOException {
        byte[] golden = Files.readAllBytes(CorpusTests.corpus(DEFAULT));
        assertArrayEquals(golden, write(ArchiveWriter.Options.defaults()));
    }

    @Test
    void smallFramesReproduceTheGoldenArchiveByteForByte() throws IOException {
        byte[] golden = Files.readAllBytes(CorpusTests.corpus(SMALL_FRAMES));
        assertArrayEquals(golden, write(smallFrames()));
    }

    /** Deflate output may differ between zlib builds, so the gzip golden compares the tar stream inside. */
    @Test
    void gzipFallbackReproducesTheGoldenTarStream() throws IOException {
        byte[] golden = gunzip(Files.readAllBytes(CorpusTests.corpus(GZIP)));
        assertArrayEquals(golden, gunzip(write(ArchiveWriter.Options.defaults().withForceGzip(true))));
    }

    @Test
    void goldenArchiveReadsBack() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(CorpusTests.corpus(DEFAULT))) {
            assertEquals(ArchiveState.COMPLETE, r.summary().state());
            assertArrayEquals(utf8("duplicate path, first"), r.read(r.find("proc/104/stat").orElseThrow()));
            assertEquals(ArchiveWriter.MAX_ENTRY_SIZE, r.read(r.find("proc/106/huge").orElseThrow()).length);
        }
    }

    /** Every entry with its content, timing truncated to microseconds, in archive order. */
    private static List<String> readBack(Path file) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        try (ArchiveReader r = ArchiveReader.open(file)) {
            assertEquals(ArchiveState.COMPLETE, r.summary().state(), file.toString());
            r.scan((e, content) -> {
                EntryHeader h = e.header();
                EntryHeader micros = h.withTiming(h.startNanos() / 1000 * 1000, h.elapsedNanos() / 1000 * 1000);
                out.add(micros + " " + e.size() + " " + java.util.Arrays.hashCode(content));
            });
        }
        return out;
    }

    @Test
    void format10AndFormat11GoldensReadToTheSameEntries() throws IOException {
        List<String> goldens = List.of(DEFAULT, SMALL_FRAMES, GZIP);
        for (int i = 0; i < goldens.size(); i++) {
            List<String> v11 = readBack(CorpusTests.corpus(goldens.get(i)));
            List<String> v10 = readBack(CorpusTests.corpus(V10.get(i)));
            assertTrue(v11.size() > 400, "entries " + v11.size());
            assertEquals(v10, v11, V10.get(i) + " against " + goldens.get(i));
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "format-spec/src/test/resources/corpus");
        Files.write(dir.resolve(DEFAULT), write(ArchiveWriter.Options.defaults()));
        Files.write(dir.resolve(SMALL_FRAMES), write(smallFrames()));
        Files.write(dir.resolve(GZIP), write(ArchiveWriter.Options.defaults().withForceGzip(true)));
    }
}
