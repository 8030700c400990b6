package io.procsnap.format;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.procsnap.format.TestArchives.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our archives through the real {@code zstd}, GNU {@code tar} and libarchive's {@code bsdtar} binaries
 * (SPEC.md "Interoperability"): they list and extract without a word on stderr, and with extended
 * attributes asked for the extracted files carry the entries' records as {@code user.procsnap.*}.
 * Fails loudly when a binary is missing rather than passing silently.
 */
class TarInteropIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void binariesPresent() throws Exception {
        for (String tool : List.of("zstd", "tar", "bsdtar", "getfattr")) {
            Result r = run(null, tool, "--version");
            assertEquals(0, r.exit, tool + " must be installed for this test (apt-get install zstd tar"
                    + " libarchive-tools attr; scripts/setup.sh does): " + r.err);
        }
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(Path cwd, String... argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + Arrays.toString(argv));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private Path archive(ArchiveWriter.Options options) throws IOException {
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ((i * 7) ^ (i >>> 9));
        }
        return TestArchives.write(dir.resolve(options.forceGzip() ? "a.tar.gz" : "a.tar.zst"), options, w -> {
            TestArchives.smallCapture(w);
            w.add(EntryHeader.file("proc/306/maps").withOwner(0100444, 1000, 1000), big);
            w.add(EntryHeader.file("proc/306/" + "long-name-".repeat(15) + "end"), utf8("long\n"));
            w.add(EntryHeader.file("proc/306/status").withOwner(0100444, 1000, 1000).withTiming(5_000_000, 12_000),
                    utf8("Name:\tmsgsnd-hang\n"));
            w.add(EntryHeader.symlink("proc/306/fd/4", "pipe:[1]").withTiming(9_000_000, 0), null);
        });
    }

    @Test
    void zstdDecompressesAndTarListsEveryEntry() throws Exception {
        Path a = archive(ArchiveWriter.Options.defaults());
        Result r = run(dir, "sh", "-c", "zstd -dc a.tar.zst | tar -tvf -");
        assertEquals(0, r.exit, r.err);
        assertEquals("", r.err, "GNU tar knows every keyword the format writes");
        List<String> lines = r.out.lines().toList();
        assertEquals(22, lines.size(), r.out); // manifest + 19 entries + index + its frame map
        assertTrue(lines.get(0).endsWith(" manifest.json"), lines.get(0));
        assertTrue(lines.get(lines.size() - 2).endsWith(" index.tsv"), r.out);
        assertTrue(lines.get(lines.size() - 1).endsWith(" index-frames.tsv"), r.out);
        assertTrue(r.out.contains("dr-xr-xr-x 1000/1000"), r.out);
        assertTrue(r.out.contains("proc/306/exe -> /usr/bin/msgsnd-hang"), r.out);
        assertTrue(r.out.contains("proc/306/" + "long-name-".repeat(15) + "end"), r.out);
        assertTrue(r.out.contains("-r--r--r-- 1000/1000   3145728 "), r.out);
        Result test = run(dir, "zstd", "-t", a.getFileName().toString());
        assertEquals(0, test.exit, test.err);
    }

    @Test
    void tarExtractsWithModesSymlinksAndDirectories() throws Exception {
        archive(ArchiveWriter.Options.defaults());
        Path out = Files.createDirectory(dir.resolve("out"));
        Result r = run(dir, "tar", "--zstd", "-xf", "a.tar.zst", "-C", "out");
        assertEquals(0, r.exit, r.err);
        assertEquals("", r.err, "tar --zstd -xf prints nothing");
        assertArrayEquals(utf8("do_msgsnd"), Files.readAllBytes(out.resolve("proc/306/task/311/wchan")));
        assertEquals("r--r--r--", perms(out.resolve("proc/306/stat")));
        assertEquals("r--------", perms(out.resolve("proc/306/environ")));
        assertEquals("r-xr-xr-x", perms(out.resolve("proc/306")));
        assertTrue(Files.isSymbolicLink(out.resolve("proc/306/exe")));
        assertEquals("/usr/bin/msgsnd-hang", Files.readSymbolicLink(out.resolve("proc/306/exe")).toString());
        assertEquals("socket:[43211]", Files.readSymbolicLink(out.resolve("proc/306/fd/3")).toString());
        assertTrue(Files.isRegularFile(out.resolve("proc/306/cwd"), LinkOption.NOFOLLOW_LINKS),
                "a failed readlink extracts as an empty file");
        assertEquals(3 << 20, Files.size(out.resolve("proc/306/maps")));
        try (ArchiveReader reader = ArchiveReader.open(dir.resolve("a.tar.zst"))) {
            assertArrayEquals(reader.read(reader.find("proc/306/maps").orElseThrow()),
                    Files.readAllBytes(out.resolve("proc/306/maps")));
            if ("root".equals(System.getProperty("user.name"))) {
                assertEquals(1000, Files.getAttribute(out.resolve("proc/306"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
            }
        }
        String index = Files.readString(out.resolve("index.tsv"));
        assertTrue(index.startsWith("#procsnap-index\tversion=2\tentries=19\t"), index);
        run(dir, "chmod", "-R", "u+rwx", "out");
    }

    /**
     * With extended attributes asked for, GNU tar and bsdtar put each entry's records on the extracted
     * file, named as the FUSE mount names them ({@code user.procsnap.status}, ...); symlinks, which
     * Linux keeps user attributes off, carry them as {@code trusted.procsnap.*} (root only) and make
     * neither tool complain.
     */
    @Test
    void extractedFilesCarryTheRecordsAsExtendedAttributes() throws Exception {
        archive(ArchiveWriter.Options.defaults());
        for (List<String> tool : List.of(List.of("tar", "--zstd", "--xattrs", "--xattrs-include=user.*", "-xf"),
                List.of("tar", "--zstd", "--xattrs", "-xf"), List.of("bsdtar", "-xf"))) {
            Path out = Files.createDirectory(dir.resolve("x-" + tool.get(0) + tool.size()));
            List<String> argv = new ArrayList<>(tool);
            argv.addAll(List.of("a.tar.zst", "-C", out.getFileName().toString()));
            Result r = run(dir, argv.toArray(String[]::new));
            assertEquals(0, r.exit, tool + ": " + r.err);
            assertEquals("", r.err, tool + " extracts silently");
            if (tool.get(0).equals("bsdtar") && !"root".equals(System.getProperty("user.name"))) {
                continue; // bsdtar restores attributes by default only as root
            }
            assertEquals(List.of("user.procsnap.elapsed_us=\"2000000\"", "user.procsnap.start_us=\"3\"",
                    "user.procsnap.status=\"timeout\""), attributes(out.resolve("proc/306/wchan"), false), tool.toString());
            assertEquals(List.of("user.procsnap.detail=\"EACCES\"", "user.procsnap.status=\"denied\""),
                    attributes(out.resolve("proc/306/environ"), false), tool.toString());
            assertEquals(List.of("user.procsnap.detail=\"EACCES\"", "user.procsnap.status=\"denied\"",
                    "user.procsnap.type=\"symlink\"", "user.procsnap.unknown=\"mode,uid,gid\""),
                    attributes(out.resolve("proc/306/cwd"), false), "a failed readlink: a file saying it was a symlink");
            assertEquals(List.of("user.procsnap.elapsed_us=\"12\"", "user.procsnap.start_us=\"5000\""),
                    attributes(out.resolve("proc/306/status"), false), "status ok is the default: no record");
            if (tool.get(0).equals("bsdtar")) { // GNU tar restores only user.* unless told otherwise
                assertEquals(List.of("trusted.procsnap.start_us=\"9000\"", "trusted.procsnap.unknown=\"mode,uid,gid\""),
                        attributes(out.resolve("proc/306/fd/4"), true), tool + " on a symlink");
            }
            run(dir, "chmod", "-R", "u+rwx", out.getFileName().toString());
        }
    }

    /** The same file written by the format 1.0 writer: GNU tar warns about every PROCSNAP.* record. */
    @Test
    void aFormat10ArchiveIsWhatMadeGnuTarTalk() throws Exception {
        Path v10 = Files.copy(CorpusTests.corpus("ok-small.tar.zst"), dir.resolve("v10.tar.zst"));
        Path out = Files.createDirectory(dir.resolve("v10"));
        Result r = run(dir, "tar", "--zstd", "-xf", v10.getFileName().toString(), "-C", "v10");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.err.lines().count() > 15 * 4 && r.err.contains("Ignoring unknown extended header keyword"
                + " 'PROCSNAP.status'"), r.err);
        run(dir, "chmod", "-R", "u+rwx", out.getFileName().toString());
    }

    /** {@code getfattr -d} of one file: its procsnap attributes, sorted; {@code trusted} asks for all namespaces. */
    private static List<String> attributes(Path file, boolean trusted) throws Exception {
        Result r = trusted ? run(null, "getfattr", "-h", "-d", "-m", "^trusted\\.procsnap\\.", file.toString())
                : run(null, "getfattr", "-d", "-m", "^user\\.procsnap\\.", file.toString());
        assertEquals(0, r.exit, r.err);
        return r.out.lines().filter(l -> l.contains("procsnap.")).sorted().toList();
    }

    @Test
    void gzipFallbackExtractsWithStockTar() throws Exception {
        archive(ArchiveWriter.Options.defaults().withForceGzip(true));
        Result r = run(dir, "sh", "-c", "tar -tzvf a.tar.gz");
        assertEquals(0, r.exit, r.err);
        assertEquals("", r.err);
        assertEquals(22, r.out.lines().count(), r.out);
        assertTrue(r.out.contains("proc/306/exe -> /usr/bin/msgsnd-hang"), r.out);
    }

    /** zstd's own view of a cut archive agrees with ours: every complete frame decompresses. */
    @Test
    void cutArchiveStillListsWithStockTools() throws Exception {
        Path a = archive(ArchiveWriter.Options.defaults().withFrameSize(64 << 10));
        byte[] b = Files.readAllBytes(a);
        Path cut = Files.write(dir.resolve("cut.tar.zst"), Arrays.copyOf(b, b.length * 2 / 3));
        Result r = run(dir, "sh", "-c", "zstd -dc cut.tar.zst 2>/dev/null | tar -tf - 2>/dev/null");
        List<String> tarNames = new ArrayList<>(r.out.lines().toList());
        try (ArchiveReader reader = ArchiveReader.open(cut)) {
            List<String> ours = new ArrayList<>(reader.entries().stream().map(Entry::path).toList());
            ours.add(0, "manifest.json");
            // tar also lists the entry it was in the middle of when the data ended; we drop it
            assertTrue(tarNames.size() == ours.size() || tarNames.size() == ours.size() + 1, tarNames + " vs " + ours);
            for (int i = 0; i < ours.size(); i++) {
                assertEquals(ours.get(i), tarNames.get(i).replaceAll("/$", ""));
            }
        }
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * The seek table read by an independent parser (Python's struct, following the zstd seekable-format
     * spec) and each listed frame decompressed on its own by the zstd binary: sizes match, checksums
     * match the frames' own, and the frames concatenate to what {@code zstd -dc} gives for the file.
     */
    @Test
    void seekTableMatchesTheZstdSeekableFormatAndEveryFrameStandsAlone() throws Exception {
        Path a = archive(ArchiveWriter.Options.defaults().withFrameSize(256 << 10));
        String script = String.join("\n",
                "import struct, sys",
                "b = open(sys.argv[1], 'rb').read()",
                "n, desc, magic = struct.unpack('<IBI', b[-9:])",
                "assert magic == 0x8F92EAB1, hex(magic)",
                "assert desc & 0x7C == 0 and desc & 0x80, hex(desc)",
                "size = 12 * n + 9",
                "start = len(b) - 8 - size",
                "sk, fs = struct.unpack('<II', b[start:start + 8])",
                "assert sk == 0x184D2A5E and fs == size, (hex(sk), fs, size)",
                "off = 0",
                "for i in range(n):",
                "    c, d, x = struct.unpack('<III', b[start + 8 + 12 * i:start + 20 + 12 * i])",
                "    print(off, c, d, x)",
                "    off += c",
                "assert off == start, (off, start)");
        Path py = Files.writeString(dir.resolve("seek.py"), script);
        Result table = run(dir, "python3", py.toString(), a.toString());
        assertEquals(0, table.exit, table.err);
        byte[] file = Files.readAllBytes(a);
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        List<String> rows = table.out.lines().toList();
        assertTrue(rows.size() > 10, table.out);
        for (String row : rows) {
            String[] f = row.split(" ");
            int off = Integer.parseInt(f[0]);
            int c = Integer.parseInt(f[1]);
            long d = Long.parseLong(f[2]);
            long checksum = Long.parseLong(f[3]);
            Path frame = Files.write(dir.resolve("frame.zst"), Arrays.copyOfRange(file, off, off + c));
            Process p = new ProcessBuilder("zstd", "-dc", frame.toString()).start();
            byte[] content = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "frame at " + off);
            assertEquals(d, content.length, "frame at " + off);
            assertEquals(0, content.length % 512, "frames hold whole tar records");
            long trailing = java.nio.ByteBuffer.wrap(file, off + c - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()
                    & 0xffffffffL;
            assertEquals(checksum, trailing, "seek table checksum = frame content checksum, frame at " + off);
            joined.writeBytes(content);
        }
        Process whole = new ProcessBuilder("zstd", "-dc", a.toString()).start();
        byte[] all = whole.getInputStream().readAllBytes();
        assertTrue(whole.waitFor(30, TimeUnit.SECONDS));
        assertArrayEquals(all, joined.toByteArray());
    }
}
