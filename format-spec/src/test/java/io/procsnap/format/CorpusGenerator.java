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
 * {@code java -cp <test classpath> io.procsnap.format.CorpusGenerator format-spec/src/test/resources/corpus};
 * the files are committed, CorpusTests asserts each outcome.
 */
public final class CorpusGenerator {
    private CorpusGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "format-spec/src/test/resources/corpus");
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory("corpus");

        Path small = TestArchives.write(dir.resolve("ok-small.tar.zst"), ArchiveWriter.Options.defaults(),
                TestArchives::smallCapture);
        TestArchives.write(dir.resolve("ok-gzip-fallback.tar.zst"), ArchiveWriter.Options.defaults().withForceGzip(true),
                TestArchives::smallCapture);
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
        Files.write(dir.resolve("ok-multiframe.tar.zst"), m);
        int tableSize = 8 + 12 * frameCount(m) + 9;
        int tableStart = m.length - tableSize;
        Files.write(dir.resolve("ok-truncated-in-seek-table.tar.zst"), Arrays.copyOf(m, tableStart + tableSize / 2));
        Files.write(dir.resolve("ok-truncated-in-frame.tar.zst"), Arrays.copyOf(m, m.length / 2));
        byte[] damagedTable = m.clone();
        damagedTable[tableStart + 8] ^= 0x20;
        Files.write(dir.resolve("ok-seek-table-damaged.tar.zst"), damagedTable);
        byte[] damagedFrame = m.clone();
        damagedFrame[m.length / 3] ^= 0x5a;
        Files.write(dir.resolve("ok-damaged-frame.tar.zst"), damagedFrame);
        byte[] lastFrameDamaged = m.clone();
        int lastSize = io.procsnap.format.internal.Bytes.readIntLE(m, tableStart + 8 + (frameCount(m) - 1) * 12);
        lastFrameDamaged[tableStart - lastSize / 2] ^= 0x5a;
        Files.write(dir.resolve("ok-index-frame-damaged.tar.zst"), lastFrameDamaged);
        byte[] hugeCount = m.clone();
        io.procsnap.format.internal.Bytes.writeIntLE(hugeCount, m.length - 9, 0x7fffffff);
        Files.write(dir.resolve("ok-huge-frame-count.tar.zst"), hugeCount);
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
        Files.write(dir.resolve("index-version-fail.tar.zst"), RawArchive.withManifest()
                .file("proc/1/stat", utf8("1 (init) S\n")).indexVersion("2").build(true, true));
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
                .raw(RawArchive.entryBytes(Map.of("path", "proc/1/stat", "PROCSNAP.detail", "x".repeat(70_000)),
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
