package io.procsnap.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static io.procsnap.format.TestArchives.utf8;

/**
 * Writes the test corpus (src/test/resources/corpus): one small archive per case, {@code ok-*} when a
 * reader must open it (possibly salvaging), {@code *-fail} when it must refuse it. Run by hand:
 * {@code java -cp <test classpath> io.procsnap.format.CorpusGenerator format-spec/src/test/resources/corpus [--all]};
 * the files are committed, CorpusTests asserts each outcome.
 *
 * <p>Archives made by the writer exist once per format version: the files without a version in their
 * name ({@code ok-small}, {@code ok-gzip-fallback}, {@code ok-multiframe} and the damaged copies of it,
 * {@code ok-writer-golden*}) were written by the format 1.0 writer (commit 9238c09 and before) and are
 * kept as they are, so every reader keeps reading 1.0; this generator writes their {@code -v1.1}
 * counterparts and the cases format 1.1 added. {@code --all} also rewrites the cases that do not depend
 * on the version (hostile paths, bombs, lying sizes...) with today's {@link RawArchive}.
 */
public final class CorpusGenerator {
    /** Suffix of the files the current writer makes. */
    static final String VERSION = "-v1.1";

    private CorpusGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "format-spec/src/test/resources/corpus");
        boolean all = args.length > 1 && args[1].equals("--all");
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory("corpus");

        Path small = TestArchives.write(dir.resolve("ok-small" + VERSION + ".tar.zst"), ArchiveWriter.Options.defaults(),
                TestArchives::smallCapture);
        TestArchives.write(dir.resolve("ok-gzip-fallback" + VERSION + ".tar.zst"),
                ArchiveWriter.Options.defaults().withForceGzip(true), TestArchives::smallCapture);
        byte[] big = new byte[40_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >> 7));
        }
        Path multi = TestArchives.write(tmp.resolve("multi.tar.zst"), ArchiveWriter.Options.defaults().withFrameSize(4096),
                w -> {
                    for (int i = 0; i < 40; i++) {
                        w.add(EntryHeader.file("proc/" + (100 + i) + "/stat"), utf8((100 + i) + " (worker) S 1\n"));
                    }
                    w.add(EntryHeader.file("proc/big/maps"), big);
                });
        byte[] m = Files.readAllBytes(multi);
        Files.write(dir.resolve("ok-multiframe" + VERSION + ".tar.zst"), m);
        int tableSize = 8 + 12 * frameCount(m) + 9;
        int tableStart = m.length - tableSize;
        Files.write(dir.resolve("ok-truncated-in-seek-table" + VERSION + ".tar.zst"),
                Arrays.copyOf(m, tableStart + tableSize / 2));
        Files.write(dir.resolve("ok-truncated-in-frame" + VERSION + ".tar.zst"), Arrays.copyOf(m, m.length / 2));
        byte[] damagedTable = m.clone();
        damagedTable[tableStart + 8] ^= 0x20;
        Files.write(dir.resolve("ok-seek-table-damaged" + VERSION + ".tar.zst"), damagedTable);
        byte[] damagedFrame = m.clone();
        damagedFrame[m.length / 3] ^= 0x5a;
        Files.write(dir.resolve("ok-damaged-frame" + VERSION + ".tar.zst"), damagedFrame);
        byte[] lastFrameDamaged = m.clone();
        int lastSize = io.procsnap.format.internal.Bytes.readIntLE(m, tableStart + 8 + (frameCount(m) - 1) * 12);
        lastFrameDamaged[tableStart - lastSize / 2] ^= 0x5a;
        Files.write(dir.resolve("ok-index-frame-damaged" + VERSION + ".tar.zst"), lastFrameDamaged);
        byte[] hugeCount = m.clone();
        io.procsnap.format.internal.Bytes.writeIntLE(hugeCount, m.length - 9, 0x7fffffff);
        Files.write(dir.resolve("ok-huge-frame-count" + VERSION + ".tar.zst"), hugeCount);

        // cases format 1.1 added
        String minor2 = new String(io.procsnap.format.internal.ManifestCodec.encode(TestArchives.manifest()),
                StandardCharsets.UTF_8).replace("\"format_minor\" : 1", "\"format_minor\" : 2");
        Files.write(dir.resolve("unsupported-minor-fail.tar.zst"),
                new RawArchive().manifestJson(utf8(minor2)).file("proc/1/stat", utf8("1 (init) S\n")).build(true, true));
        Files.write(dir.resolve("index-version-fail.tar.zst"), RawArchive.withManifest()
                .file("proc/1/stat", utf8("1 (init) S\n")).indexVersion("3").build(true, true));
        Files.write(dir.resolve("index-row-wrong-frame-fail.tar.zst"), RawArchive.withManifest().endFrame()
                .file("proc/1/stat", utf8("1 (init) S\n")).endFrame()
                .raw(RawArchive.entryBytes(RawArchive.pax("proc/2/stat", "file", "ok"), "proc/2/stat", (byte) '0', 15,
                        utf8("2 (kthreadd) S\n")), null).indexRow("proc/2/stat", 1).build(true, true));
        Map<String, String> both = RawArchive.pax("proc/3/stat", "file", "denied");
        both.put("PROCSNAP.status", "timeout");
        both.put("PROCSNAP.start_ns", "5000000");
        both.put(RawArchive.record(EntryAttributes.START_US), "7000");
        Files.write(dir.resolve("ok-both-spellings.tar.zst"), RawArchive.withManifest()
                .raw(RawArchive.entryBytes(both, "proc/3/stat", (byte) '0', 0, new byte[0]), "proc/3/stat")
                .raw(RawArchive.entryBytes(Map.of("PROCSNAP.status", "timeout", "PROCSNAP.start_ns", "5000123"),
                        "proc/4/stat", (byte) '0', 0, new byte[0]), "proc/4/stat").build(true, true));
        Map<String, String> far = RawArchive.pax("proc/5/stat", "file", "ok");
        far.put(RawArchive.record(EntryAttributes.START_US), "9223372036854776");
        Files.write(dir.resolve("ok-time-out-of-range.tar.zst"), RawArchive.withManifest().endFrame()
                .raw(RawArchive.entryBytes(far, "proc/5/stat", (byte) '0', 0, new byte[0]), "proc/5/stat").endFrame()
                .file("proc/6/stat", utf8("6 (ok) S\n")).build(true, true));
        if (!all) {
            Files.walk(tmp).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            return;
        }

        // cases that do not depend on the format version
        Files.write(dir.resolve("ok-duplicate-path.tar.zst"), RawArchive.withManifest()
                .file("proc/1/comm", utf8("first\n")).file("proc/1/comm", utf8("second\n")).build(true, true));
        byte[] s = Files.readAllBytes(small);
        byte[] badMagic = s.clone();
        badMagic[0] = 'P';
        badMagic[1] = 'K';
        badMagic[2] = 3;
        badMagic[3] = 4;
        Files.write(dir.resolve("bad-magic-fail.tar.zst"), badMagic);
        byte[] reserved = s.clone();
        reserved[s.length - 5] |= 0x04;
        Files.write(dir.resolve("reserved-bits-fail.tar.zst"), reserved);
        Files.write(dir.resolve("truncated-in-first-frame-fail.tar.zst"), Arrays.copyOf(s, 30));
        String v2 = new String(io.procsnap.format.internal.ManifestCodec.encode(TestArchives.manifest()), StandardCharsets.UTF_8)
                .replace("\"format_version\" : 1", "\"format_version\" : 2");
        Files.write(dir.resolve("unsupported-version-fail.tar.zst"),
                new RawArchive().manifestJson(utf8(v2)).file("proc/1/stat", utf8("1 (init) S\n")).build(true, true));
        Files.write(dir.resolve("not-procsnap-fail.tar.zst"), new RawArchive()
                .file("etc/passwd", utf8("root:x:0:0::/root:/bin/sh\n")).build(false, true));
        Files.write(dir.resolve("traversal-dotdot-fail.tar.zst"), RawArchive.withManifest()
                .file("proc/1/stat", utf8("1 (init) S\n")).file("proc/../../etc/cron.d/x", utf8("* * * * * root sh\n"))
                .build(true, true));
        Files.write(dir.resolve("traversal-absolute-fail.tar.zst"), RawArchive.withManifest()
                .file("/etc/cron.d/x", utf8("* * * * * root sh\n")).build(false, true));
        Files.write(dir.resolve("hardlink-fail.tar.zst"), RawArchive.withManifest()
                .raw(RawArchive.entryBytes(RawArchive.pax("proc/1/stat", "file", "ok"), "proc/1/stat", (byte) '1', 0,
                        new byte[0]), null).build(false, true));
        byte[] paxBig = RawArchive.entryBytes(null, "PaxHeaders/x", (byte) 'x', 1L << 30, new byte[0]);
        Files.write(dir.resolve("oversized-pax-fail.tar.zst"), RawArchive.withManifest().raw(paxBig, null).build(false, true));
        Files.write(dir.resolve("oversized-entry-fail.tar.zst"), RawArchive.withManifest()
                .raw(RawArchive.entryBytes(RawArchive.pax("proc/1/stat", "file", "ok"), "proc/1/stat", (byte) '0',
                        100L << 30, new byte[0]), "proc/1/stat").build(true, true));
        Files.write(dir.resolve("lying-size-fail.tar.zst"), RawArchive.withManifest()
                .raw(RawArchive.entryBytes(RawArchive.pax("proc/1/stat", "file", "ok"), "proc/1/stat", (byte) '0',
                        10L << 20, utf8("1 (init) S\n")), "proc/1/stat").build(true, true));
        Files.write(dir.resolve("oversized-pax-value-fail.tar.zst"), RawArchive.withManifest()
                .raw(RawArchive.entryBytes(Map.of("path", "proc/1/stat", RawArchive.record(EntryAttributes.DETAIL),
                        "x".repeat(70_000)),
                        "proc/1/stat", (byte) '0', 0, new byte[0]), "proc/1/stat").build(true, true));
        byte[] zeros = new byte[32 << 20];
        Files.write(dir.resolve("bomb-frame-fail.tar.zst"), RawArchive.withManifest().frameOf(zeros).build(false, true));
        Files.write(dir.resolve("ok-bomb-lying-table.tar.zst"), RawArchive.withManifest()
                .file("proc/1/stat", utf8("1 (init) S\n")).frameOf(Arrays.copyOf(zeros, 4 << 20))
                .claimDecompressedSize(1, 4096).build(false, true));
        Files.write(dir.resolve("ok-bomb-cut-off.tar.zst"), RawArchive.withManifest()
                .file("proc/1/stat", utf8("1 (init) S\n")).frameOf(zeros).build(false, false));
        Files.walk(tmp).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    private static int frameCount(byte[] archive) {
        return io.procsnap.format.internal.Bytes.readIntLE(archive, archive.length - 9);
    }
}
