package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException.Kind;

import java.io.IOException;

/**
 * Walks zstd frames without decompressing them: magic numbers, the frame header and block headers
 * of RFC 8878, enough to find where a frame ends and what content size it declares. Used by the
 * salvage path, which cannot trust a seek table.
 */
public final class ZstdFrames {
    public static final int FRAME_MAGIC = 0xFD2FB528;
    /** Skippable frames use magics 0x184D2A50..0x184D2A5F. */
    public static final int SKIPPABLE_MAGIC_MASK = 0xFFFFFFF0;
    public static final int SKIPPABLE_MAGIC = 0x184D2A50;
    public static final int SEEK_TABLE_MAGIC = 0x184D2A5E;
    public static final int MAX_BLOCK_SIZE = 128 << 10;

    /** Random access to the bytes of a file. */
    @FunctionalInterface
    public interface Source {
        /** Reads up to {@code len} bytes at {@code pos}; returns the count, less only at end of file. */
        int read(long pos, byte[] dst, int off, int len) throws IOException;
    }

    /**
     * Where a frame ends.
     *
     * @param length       bytes of the whole frame (header, blocks, checksum)
     * @param contentSize  declared decompressed size, or -1 when the header has none
     * @param skippable    a skippable frame (no content)
     * @param truncated    the file ends inside this frame
     * @param checksum     the frame's trailing content checksum, when it has one and is complete
     * @param hasChecksum  whether the frame carries a content checksum
     */
    public record FrameInfo(long length, long contentSize, boolean skippable, boolean truncated, int checksum,
                            boolean hasChecksum) {
    }

    private ZstdFrames() {
    }

    /**
     * Describes the frame starting at {@code pos}. Reads only headers (at most 18 bytes plus 3 per
     * block), never more than {@code maxLength} bytes of frame.
     */
    public static FrameInfo frameAt(Source src, long pos, long fileSize, long maxLength) throws IOException, FormatException {
        byte[] h = new byte[18];
        int n = src.read(pos, h, 0, h.length);
        if (n < 4) {
            return new FrameInfo(fileSize - pos, -1, false, true, 0, false);
        }
        int magic = Bytes.readIntLE(h, 0);
        if ((magic & SKIPPABLE_MAGIC_MASK) == SKIPPABLE_MAGIC) {
            if (n < 8) {
                return new FrameInfo(fileSize - pos, -1, true, true, 0, false);
            }
            long size = 8 + Bytes.readUIntLE(h, 4);
            return new FrameInfo(size, 0, true, pos + size > fileSize, 0, false);
        }
        if (magic != FRAME_MAGIC) {
            throw new FormatException(Kind.CORRUPT, "at offset " + pos + ": no zstd frame magic, found "
                    + Bytes.hex(h, 0, 4));
        }
        if (n < 5) {
            return new FrameInfo(fileSize - pos, -1, false, true, 0, false);
        }
        int fhd = h[4] & 0xff;
        if ((fhd & 0x08) != 0) {
            throw new FormatException(Kind.CORRUPT, "at offset " + (pos + 4) + ": zstd frame header descriptor 0x"
                    + Integer.toHexString(fhd) + " has its reserved bit 3 set");
        }
        int fcsFlag = fhd >>> 6;
        boolean singleSegment = (fhd & 0x20) != 0;
        boolean checksum = (fhd & 0x04) != 0;
        int dictFlag = fhd & 0x03;
        int headerLen = 5 + (singleSegment ? 0 : 1) + new int[] {0, 1, 2, 4}[dictFlag];
        int fcsLen = switch (fcsFlag) {
            case 0 -> singleSegment ? 1 : 0;
            case 1 -> 2;
            case 2 -> 4;
            default -> 8;
        };
        int fcsOff = headerLen;
        headerLen += fcsLen;
        if (n < headerLen) {
            return new FrameInfo(fileSize - pos, -1, false, true, 0, checksum);
        }
        long contentSize = -1;
        if (fcsLen > 0) {
            contentSize = 0;
            for (int i = fcsLen - 1; i >= 0; i--) {
                contentSize = (contentSize << 8) | (h[fcsOff + i] & 0xff);
            }
            if (fcsLen == 2) {
                contentSize += 256;
            }
            if (contentSize < 0) {
                throw new FormatException(Kind.HOSTILE, "at offset " + pos + ": zstd frame declares a content size"
                        + " beyond 2^63");
            }
        }
        long p = pos + headerLen;
        byte[] bh = new byte[3];
        while (true) {
            if (p - pos > maxLength) {
                throw new FormatException(Kind.HOSTILE, "at offset " + pos + ": zstd frame longer than the limit of "
                        + maxLength + " bytes");
            }
            if (src.read(p, bh, 0, 3) < 3) {
                return new FrameInfo(fileSize - pos, contentSize, false, true, 0, checksum);
            }
            int header = (bh[0] & 0xff) | (bh[1] & 0xff) << 8 | (bh[2] & 0xff) << 16;
            boolean last = (header & 1) != 0;
            int type = (header >>> 1) & 3;
            int size = header >>> 3;
            if (type == 3) {
                throw new FormatException(Kind.CORRUPT, "at offset " + p + ": zstd block type 3 is reserved");
            }
            if (size > MAX_BLOCK_SIZE) {
                throw new FormatException(Kind.CORRUPT, "at offset " + p + ": zstd block size " + size
                        + " exceeds 128 KiB");
            }
            p += 3 + (type == 1 ? 1 : size);
            if (last) {
                break;
            }
        }
        int sum = 0;
        if (checksum) {
            byte[] c = new byte[4];
            if (src.read(p, c, 0, 4) < 4) {
                return new FrameInfo(fileSize - pos, contentSize, false, true, 0, true);
            }
            sum = Bytes.readIntLE(c, 0);
            p += 4;
        }
        if (p > fileSize) {
            return new FrameInfo(fileSize - pos, contentSize, false, true, 0, checksum);
        }
        return new FrameInfo(p - pos, contentSize, false, false, sum, checksum);
    }
}
