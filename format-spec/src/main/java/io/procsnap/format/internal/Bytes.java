package io.procsnap.format.internal;

/** Little-endian field access and hex rendering for error messages. Pure functions over byte arrays. */
public final class Bytes {
    private Bytes() {
    }

    public static int readIntLE(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /** An unsigned 32-bit little-endian field as a long. */
    public static long readUIntLE(byte[] b, int off) {
        return readIntLE(b, off) & 0xffff_ffffL;
    }

    public static void writeIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** {@code len} bytes at {@code off} as hex pairs ("28 b5 2f fd"), at most 32 of them, clipped to the array. */
    public static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        int end = Math.min(b.length, off + Math.min(len, 32));
        for (int i = Math.max(0, off); i < end; i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        if (len > 32 && end < off + len) {
            sb.append(" ...");
        }
        return sb.toString();
    }

    /** A value quoted for a message: printable ASCII kept, the rest escaped, at most 80 characters shown. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > n) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
