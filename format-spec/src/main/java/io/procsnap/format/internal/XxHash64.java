package io.procsnap.format.internal;

/**
 * XXH64 with seed 0, the hash whose low 32 bits zstd stores as a frame's content checksum and the
 * seekable format stores per frame in the seek table. Pure function over a byte range.
 */
public final class XxHash64 {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private XxHash64() {
    }

    public static long hash(byte[] b, int off, int len) {
        int p = off;
        int end = off + len;
        long h;
        if (len >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            int limit = end - 32;
            do {
                v1 = round(v1, readLong(b, p));
                v2 = round(v2, readLong(b, p + 8));
                v3 = round(v3, readLong(b, p + 16));
                v4 = round(v4, readLong(b, p + 24));
                p += 32;
            } while (p <= limit);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += len;
        while (p + 8 <= end) {
            h ^= round(0, readLong(b, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            p += 8;
        }
        if (p + 4 <= end) {
            h ^= (Bytes.readIntLE(b, p) & 0xffff_ffffL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        while (p < end) {
            h ^= (b[p] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            p++;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    /** The low 32 bits, as zstd and the seek table store them. */
    public static int checksum32(byte[] b, int off, int len) {
        return (int) hash(b, off, len);
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long merge(long acc, long v) {
        acc ^= round(0, v);
        return acc * P1 + P4;
    }

    private static long readLong(byte[] b, int p) {
        return (Bytes.readIntLE(b, p) & 0xffff_ffffL) | ((long) Bytes.readIntLE(b, p + 4) << 32);
    }
}
