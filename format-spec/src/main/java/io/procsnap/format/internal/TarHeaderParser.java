package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException.Kind;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pure parse functions for ustar headers and pax records over {@code (byte[], offset, length)}.
 * Messages show the offset within the given bytes and the bad bytes. Nothing here allocates more
 * than the input it is given.
 */
public final class TarHeaderParser {

    /** The fields of a ustar header this format uses. */
    public record UstarHeader(String name, int mode, long uid, long gid, long size, long mtime, byte typeflag,
                              String linkName) {
    }

    private TarHeaderParser() {
    }

    /** True when the 512 bytes at {@code off} are all zero (an end-of-archive block). */
    public static boolean isZeroBlock(byte[] b, int off) {
        for (int i = off; i < off + TarConstants.BLOCK; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Parses the 512-byte ustar header at {@code off}; checks magic and checksum. */
    public static UstarHeader parseUstar(byte[] b, int off) throws FormatException {
        if (b.length - off < TarConstants.BLOCK) {
            throw new FormatException(Kind.CORRUPT, "at offset " + off + ": tar header needs 512 bytes, "
                    + (b.length - off) + " left");
        }
        for (int i = 0; i < 5; i++) {
            if (b[off + TarConstants.MAGIC_OFFSET + i] != TarConstants.USTAR_MAGIC[i]) {
                throw new FormatException(Kind.CORRUPT, "at offset " + (off + TarConstants.MAGIC_OFFSET)
                        + ": not a ustar header, magic bytes are " + Bytes.hex(b, off + TarConstants.MAGIC_OFFSET, 6));
            }
        }
        long stored = octal(b, off, TarConstants.CHKSUM_OFFSET, 8, "checksum");
        long computed = TarConstants.checksum(b, off);
        if (stored != computed) {
            throw new FormatException(Kind.CORRUPT, "at offset " + off + ": tar header checksum " + stored
                    + " does not match the computed " + computed);
        }
        String name = string(b, off + TarConstants.NAME_OFFSET, TarConstants.NAME_LEN);
        String prefix = string(b, off + TarConstants.PREFIX_OFFSET, TarConstants.PREFIX_LEN);
        if (!prefix.isEmpty()) {
            name = prefix + "/" + name;
        }
        int mode = (int) octal(b, off, TarConstants.MODE_OFFSET, 8, "mode");
        long uid = octal(b, off, TarConstants.UID_OFFSET, 8, "uid");
        long gid = octal(b, off, TarConstants.GID_OFFSET, 8, "gid");
        long size = octal(b, off, TarConstants.SIZE_OFFSET, 12, "size");
        long mtime = octal(b, off, TarConstants.MTIME_OFFSET, 12, "mtime");
        byte type = b[off + TarConstants.TYPEFLAG_OFFSET];
        String link = string(b, off + TarConstants.LINKNAME_OFFSET, TarConstants.NAME_LEN);
        return new UstarHeader(name, mode, uid, gid, size, mtime, type, link);
    }

    /**
     * An octal field: optional leading spaces, octal digits, then NUL or space padding. Base-256
     * (high bit set) is refused: this format writes large values as pax records instead.
     */
    static long octal(byte[] b, int headerOff, int fieldOff, int len, String field) throws FormatException {
        int off = headerOff + fieldOff;
        if ((b[off] & 0x80) != 0) {
            throw new FormatException(Kind.CORRUPT, "at offset " + off + ": tar " + field
                    + " field uses base-256 encoding (" + Bytes.hex(b, off, len) + "), not allowed in this format");
        }
        int i = off;
        int end = off + len;
        while (i < end && b[i] == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && b[i] >= '0' && b[i] <= '7') {
            value = (value << 3) + (b[i] - '0');
            i++;
            if (++digits > 21) {
                throw new FormatException(Kind.CORRUPT, "at offset " + off + ": tar " + field + " field too long");
            }
        }
        while (i < end && (b[i] == 0 || b[i] == ' ')) {
            i++;
        }
        if (i != end) {
            throw new FormatException(Kind.CORRUPT, "at offset " + off + ": tar " + field
                    + " field is not octal: " + Bytes.hex(b, off, len));
        }
        return value;
    }

    private static String string(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return end == off ? "" : new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Receives each pax record of {@link #forEachPaxRecord}: the key and value as byte ranges of the input. */
    @FunctionalInterface
    public interface PaxRecordVisitor {
        void record(byte[] b, int keyOff, int keyLen, int valueOff, int valueLen);
    }

    /**
     * Parses pax extended-header records "LEN key=value\n" in {@code b[off, off+len)} into a map. Later
     * records with the same key replace earlier ones, as POSIX says.
     */
    public static Map<String, String> parsePax(byte[] b, int off, int len) throws FormatException {
        Map<String, String> out = new LinkedHashMap<>();
        forEachPaxRecord(b, off, len, (r, k, kl, v, vl) -> out.put(new String(r, k, kl, StandardCharsets.UTF_8),
                new String(r, v, vl, StandardCharsets.UTF_8)));
        return out;
    }

    /**
     * Checks the pax extended-header records "LEN key=value\n" in {@code b[off, off+len)} and hands each
     * to {@code visitor} in order, without making strings (the entry reader keeps only the keys it knows).
     */
    public static void forEachPaxRecord(byte[] b, int off, int len, PaxRecordVisitor visitor) throws FormatException {
        int pos = off;
        int end = off + len;
        while (pos < end) {
            if (b[pos] == 0) {
                break; // padding after the last record
            }
            int i = pos;
            int recordLen = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                recordLen = recordLen * 10 + (b[i] - '0');
                i++;
                if (i - pos > 9) {
                    throw new FormatException(Kind.CORRUPT, "at offset " + pos + ": pax record length too long: "
                            + Bytes.hex(b, pos, 12));
                }
            }
            if (i == pos || i >= end || b[i] != ' ') {
                throw new FormatException(Kind.CORRUPT, "at offset " + pos + ": pax record does not start with"
                        + " 'LENGTH ': " + Bytes.hex(b, pos, 16));
            }
            if (recordLen <= i - pos + 1 || recordLen > end - pos) {
                throw new FormatException(Kind.CORRUPT, "at offset " + pos + ": pax record length " + recordLen
                        + " outside the " + (end - pos) + " bytes left");
            }
            int recordEnd = pos + recordLen;
            if (b[recordEnd - 1] != '\n') {
                throw new FormatException(Kind.CORRUPT, "at offset " + pos + ": pax record of length " + recordLen
                        + " does not end with a newline: " + Bytes.hex(b, recordEnd - 4, 4));
            }
            int eq = -1;
            for (int k = i + 1; k < recordEnd - 1; k++) {
                if (b[k] == '=') {
                    eq = k;
                    break;
                }
            }
            if (eq < 0 || eq == i + 1) {
                throw new FormatException(Kind.CORRUPT, "at offset " + pos + ": pax record has no 'key=': "
                        + Bytes.hex(b, pos, Math.min(recordLen, 24)));
            }
            visitor.record(b, i + 1, eq - i - 1, eq + 1, recordEnd - 1 - eq - 1);
            pos = recordEnd;
        }
    }

    /**
     * Checks an archive path: relative, no empty, "." or ".." segments, no NUL, at most
     * {@value ArchivePaths#MAX_PATH_BYTES} bytes. Returns null when valid, else the reason.
     */
    public static String pathProblem(String path) {
        return ArchivePaths.problem(path);
    }
}
