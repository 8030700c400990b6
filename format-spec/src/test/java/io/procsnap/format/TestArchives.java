package io.procsnap.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Builds small archives for tests (also shipped in the test-jar for other modules). */
public final class TestArchives {
    private TestArchives() {
    }

    public static Manifest manifest() {
        return new Manifest(Manifest.FORMAT_VERSION, "procsnap", "0.1.0-test",
                new Manifest.Host("testhost", "6.1.0-test", "0d5e8c0a-7f3b-4a8e-9c1e-2b9d3f0a1c55",
                        "4c4c4544004d3510804bb4c04f4e3432"),
                new Manifest.Captor(0, 0, 0), Instant.parse("2026-11-22T01:00:00Z"), 123_456_000_000L,
                Map.of("timeout", "2s"), new Manifest.Platform("amd64", 100, 4096, "test"), Map.of());
    }

    /** The seek table at the end of an archive's bytes. */
    public static io.procsnap.format.internal.SeekTable seekTable(byte[] archive) {
        io.procsnap.format.internal.SeekTable.Footer f = io.procsnap.format.internal.SeekTable.footer(
                java.util.Arrays.copyOfRange(archive, archive.length - 9, archive.length));
        byte[] table = java.util.Arrays.copyOfRange(archive, (int) (archive.length - f.tableFrameSize()), archive.length);
        try {
            return io.procsnap.format.internal.SeekTable.parse(table, f);
        } catch (io.procsnap.format.internal.FormatException e) {
            throw new AssertionError(e);
        }
    }

    /** The file offset where each data frame of an archive ends. */
    public static long[] frameEnds(byte[] archive) {
        io.procsnap.format.internal.SeekTable t = seekTable(archive);
        return ends(t.frames(), t::compressedSize);
    }

    /** Where each data frame of an archive ends in the decompressed stream. */
    public static long[] decompressedEnds(byte[] archive) {
        io.procsnap.format.internal.SeekTable t = seekTable(archive);
        return ends(t.frames(), t::decompressedSize);
    }

    private static long[] ends(int frames, java.util.function.IntToLongFunction size) {
        long[] ends = new long[frames];
        long pos = 0;
        for (int k = 0; k < frames; k++) {
            pos += size.applyAsLong(k);
            ends[k] = pos;
        }
        return ends;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Something to write into an archive. */
    @FunctionalInterface
    public interface Body {
        void write(ArchiveWriter w) throws IOException;
    }

    public static Path write(Path file, ArchiveWriter.Options options, Body body) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ArchiveWriter w = ArchiveWriter.open(out, manifest(), options)) {
            body.write(w);
        }
        return file;
    }

    /** A small process tree: a directory, files of every status, symlinks, a command output. */
    public static void smallCapture(ArchiveWriter w) throws IOException {
        w.add(EntryHeader.directory("proc/306").withOwner(040555, 1000, 1000).withTiming(1000, 10), null);
        w.add(EntryHeader.file("proc/306/stat").withOwner(0100444, 1000, 1000).withTiming(2000, 300),
                utf8("306 (msgsnd-hang) S 1 306 306 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 2 0 12345 1000 200\n"));
        w.add(EntryHeader.file("proc/306/wchan").withOwner(0100444, 1000, 1000).withTiming(3000, 2_000_000_000L)
                .withStatus(Status.TIMEOUT, null), null);
        w.add(EntryHeader.file("proc/306/environ").withOwner(0100400, 1000, 1000).withStatus(Status.DENIED, "EACCES"), null);
        w.add(EntryHeader.symlink("proc/306/exe", "/usr/bin/msgsnd-hang").withOwner(0120777, 1000, 1000), null);
        w.add(EntryHeader.symlink("proc/306/cwd", null).withStatus(Status.DENIED, "EACCES"), null);
        w.add(EntryHeader.symlink("proc/306/fd/3", "socket:[43211]"), null);
        w.add(EntryHeader.directory("proc/306/task/311").withOwner(040555, 1000, 1000), null);
        w.add(EntryHeader.file("proc/306/task/311/wchan").withOwner(0100444, 1000, 1000), utf8("do_msgsnd"));
        w.add(EntryHeader.file("cmd/dmesg/stdout"), utf8("[    0.000000] Linux version 6.1.0\n"));
        w.add(EntryHeader.file("proc/307/stat").withStatus(Status.VANISHED, "ESRCH"), null);
        w.add(EntryHeader.file("proc/sysvipc/msg").withStatus(Status.TRUNCATED, "cap 16"), utf8("       key      m"));
        w.add(EntryHeader.file("proc/306/stack").withStatus(Status.SKIPPED, "circuit breaker open"), null);
        w.add(EntryHeader.file("proc/306/io").withStatus(Status.ERROR, "EIO"), null);
        w.add(EntryHeader.file("samples/1/proc/306/task/311/wchan"), utf8("do_msgsnd"));
    }
}
