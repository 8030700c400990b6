package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException.Kind;

/**
 * The zstd seekable-format seek table: a skippable frame (magic 0x184D2A5E) holding one entry per
 * frame (compressed size, decompressed size, optional checksum) and a 9-byte footer
 * (frame count, descriptor, seekable magic 0x8F92EAB1) at the very end of the file.
 */
public final class SeekTable {
    public static final int SEEKABLE_MAGIC = 0x8F92EAB1;
    public static final int FOOTER_SIZE = 9;
    public static final int SKIPPABLE_HEADER_SIZE = 8;
    /** Descriptor bit 7: each entry carries a 4-byte checksum. */
    public static final int CHECKSUM_FLAG = 0x80;
    /** Descriptor bits 2-6: must be zero; a table with any of them set is refused. */
    public static final int RESERVED_BITS = 0x7C;
    /** The zstd reference implementation's own ceiling on frames in one table. */
    public static final long MAX_FRAMES = 0x8000000L;

    private final int[] compressedSizes;
    private final int[] decompressedSizes;
    private final int[] checksums;

    private SeekTable(int[] compressedSizes, int[] decompressedSizes, int[] checksums) {
        this.compressedSizes = compressedSizes;
        this.decompressedSizes = decompressedSizes;
        this.checksums = checksums;
    }

    /**
     * Parsed footer: the frame count and descriptor. {@link #present()} is false when the last four
     * bytes are not the seekable magic (the archive was cut off or its tail damaged).
     */
    public record Footer(boolean present, long frames, int descriptor, String foundMagic) {
        public boolean checksums() {
            return (descriptor & CHECKSUM_FLAG) != 0;
        }

        public int entrySize() {
            return checksums() ? 12 : 8;
        }

        /** Bytes of the whole seek-table frame, skippable header included. */
        public long tableFrameSize() {
            return SKIPPABLE_HEADER_SIZE + frames * entrySize() + FOOTER_SIZE;
        }
    }

    /** Parses the last 9 bytes of a file. */
    public static Footer footer(byte[] last9) {
        int magic = Bytes.readIntLE(last9, 5);
        if (magic != SEEKABLE_MAGIC) {
            return new Footer(false, 0, 0, Bytes.hex(last9, 5, 4));
        }
        return new Footer(true, Bytes.readUIntLE(last9, 0), last9[4] & 0xff, Bytes.hex(last9, 5, 4));
    }

    /** The reasons a footer cannot be used in a file of {@code fileSize} bytes, or null. */
    public static String footerProblem(Footer f, long fileSize) {
        if (f.frames() > MAX_FRAMES) {
            return "seek table claims " + f.frames() + " frames, more than the format's limit of " + MAX_FRAMES;
        }
        if (f.tableFrameSize() > fileSize) {
            return "seek table claims " + f.frames() + " frames (" + f.tableFrameSize()
                    + " bytes) but the file has only " + fileSize + " bytes";
        }
        return null;
    }

    /**
     * Parses the whole seek-table frame {@code b} (skippable header to footer).
     *
     * @throws FormatException when the frame's magic or size disagree with the footer
     */
    public static SeekTable parse(byte[] b, Footer f) throws FormatException {
        int magic = Bytes.readIntLE(b, 0);
        if (magic != ZstdFrames.SEEK_TABLE_MAGIC) {
            throw new FormatException(Kind.CORRUPT, "seek table frame magic is " + Bytes.hex(b, 0, 4)
                    + ", expected 5e 2a 4d 18");
        }
        long frameSize = Bytes.readUIntLE(b, 4);
        if (frameSize != b.length - SKIPPABLE_HEADER_SIZE) {
            throw new FormatException(Kind.CORRUPT, "seek table frame size field says " + frameSize
                    + " bytes, footer implies " + (b.length - SKIPPABLE_HEADER_SIZE));
        }
        int n = (int) f.frames();
        int[] c = new int[n];
        int[] d = new int[n];
        int[] s = f.checksums() ? new int[n] : null;
        int es = f.entrySize();
        for (int i = 0; i < n; i++) {
            int off = SKIPPABLE_HEADER_SIZE + i * es;
            c[i] = Bytes.readIntLE(b, off);
            d[i] = Bytes.readIntLE(b, off + 4);
            if (s != null) {
                s[i] = Bytes.readIntLE(b, off + 8);
            }
        }
        return new SeekTable(c, d, s);
    }

    /** Encodes a seek table with checksums for {@code n} frames. */
    public static byte[] encode(int n, int[] compressed, int[] decompressed, int[] checksums) {
        int size = SKIPPABLE_HEADER_SIZE + n * 12 + FOOTER_SIZE;
        byte[] b = new byte[size];
        Bytes.writeIntLE(b, 0, ZstdFrames.SEEK_TABLE_MAGIC);
        Bytes.writeIntLE(b, 4, size - SKIPPABLE_HEADER_SIZE);
        for (int i = 0; i < n; i++) {
            int off = SKIPPABLE_HEADER_SIZE + i * 12;
            Bytes.writeIntLE(b, off, compressed[i]);
            Bytes.writeIntLE(b, off + 4, decompressed[i]);
            Bytes.writeIntLE(b, off + 8, checksums[i]);
        }
        int off = size - FOOTER_SIZE;
        Bytes.writeIntLE(b, off, n);
        b[off + 4] = (byte) CHECKSUM_FLAG;
        Bytes.writeIntLE(b, off + 5, SEEKABLE_MAGIC);
        return b;
    }

    public int frames() {
        return compressedSizes.length;
    }

    /** Unsigned compressed size of frame {@code k}. */
    public long compressedSize(int k) {
        return compressedSizes[k] & 0xffff_ffffL;
    }

    public long decompressedSize(int k) {
        return decompressedSizes[k] & 0xffff_ffffL;
    }

    public boolean hasChecksums() {
        return checksums != null;
    }

    public int checksum(int k) {
        return checksums[k];
    }
}
