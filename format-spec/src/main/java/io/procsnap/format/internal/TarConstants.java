package io.procsnap.format.internal;

import io.procsnap.format.EntryAttributes;
import io.procsnap.format.layout.ArchivePath;

import java.nio.charset.StandardCharsets;

/** Offsets, lengths and magic of the POSIX ustar header, and the pax keywords of the entry records (SPEC.md). */
public final class TarConstants {
    public static final int BLOCK = 512;

    public static final int NAME_OFFSET = 0;
    public static final int NAME_LEN = 100;
    public static final int MODE_OFFSET = 100;
    public static final int UID_OFFSET = 108;
    public static final int GID_OFFSET = 116;
    public static final int SIZE_OFFSET = 124;
    public static final int MTIME_OFFSET = 136;
    public static final int CHKSUM_OFFSET = 148;
    public static final int TYPEFLAG_OFFSET = 156;
    public static final int LINKNAME_OFFSET = 157;
    public static final int MAGIC_OFFSET = 257;
    public static final int VERSION_OFFSET = 263;
    public static final int DEVMAJOR_OFFSET = 329;
    public static final int DEVMINOR_OFFSET = 337;
    public static final int PREFIX_OFFSET = 345;
    public static final int PREFIX_LEN = 155;

    public static final byte[] USTAR_MAGIC = "ustar\0".getBytes(StandardCharsets.US_ASCII);

    public static final byte TYPE_FILE = '0';
    public static final byte TYPE_FILE_OLD = 0;
    public static final byte TYPE_SYMLINK = '2';
    public static final byte TYPE_DIRECTORY = '5';
    public static final byte TYPE_PAX = 'x';
    public static final byte TYPE_PAX_GLOBAL = 'g';

    /** Largest id that fits the 7 octal digits of the ustar uid/gid fields; larger ones go to pax records. */
    public static final long MAX_OCTAL_ID = 07777777L;

    /**
     * Prefix of the per-entry records since format 1.1: pax extended-attribute records, which GNU tar
     * and libarchive know (they extract them silently, and as extended attributes when asked).
     */
    public static final String XATTR_PREFIX = "SCHILY.xattr.";
    /** The attribute namespace of the records of entries stored as files and directories. */
    public static final String USER_ATTRIBUTES = EntryAttributes.NAMESPACE;
    /**
     * The namespace of the records of entries stored as symlinks (typeflag 2): Linux allows no
     * {@code user.*} attribute on a symlink (GNU tar {@code --xattrs} warns and bsdtar as root fails on
     * each), while {@code trusted.*} is allowed to root and skipped by both tools otherwise.
     */
    public static final String SYMLINK_ATTRIBUTES = "trusted.procsnap.";

    /**
     * Format 1.0 wrote the same records as {@code PROCSNAP.<key>} (a vendor prefix GNU tar warns about),
     * times in nanoseconds ({@code start_ns}, {@code elapsed_ns}); still read.
     */
    public static final String V10_PREFIX = "PROCSNAP.";

    /**
     * Name of every entry's pax header block: one constant name (the entry's own name is in its ustar
     * header), so the block differs between entries only in its size and checksum fields.
     */
    public static final String PAX_HEADER_NAME = "PaxHeaders/entry";

    public static final String MANIFEST_PATH = ArchivePath.MANIFEST;
    public static final String INDEX_PATH = "index.tsv";
    public static final String INDEX_FRAMES_PATH = "index-frames.tsv";

    private TarConstants() {
    }

    /**
     * The pax keyword of record {@code key} ({@link EntryAttributes#STATUS}, ...) in the attribute namespace
     * {@code attributes}.
     */
    public static String paxKey(String attributes, String key) {
        return XATTR_PREFIX + attributes + key;
    }

    /** Bytes of zero padding after {@code size} content bytes up to the next block boundary. */
    public static int padding(long size) {
        return (int) (-size & (BLOCK - 1)); // (BLOCK - size % BLOCK) % BLOCK, without long division
    }

    public static long padded(long size) {
        return size + padding(size);
    }

    /** Unsigned sum of the header bytes with the checksum field counted as eight spaces. */
    public static long checksum(byte[] block) {
        return checksum(block, 0);
    }

    public static long checksum(byte[] b, int off) {
        // 8 bytes at a time: each 16-bit lane of acc gathers two bytes per long, at most 64 * 510 < 65536
        long acc = 0;
        for (int i = off, end = off + BLOCK; i < end; i += 8) {
            long x = (long) LONGS.get(b, i);
            acc += (x & 0x00ff00ff00ff00ffL) + ((x >>> 8) & 0x00ff00ff00ff00ffL);
        }
        long sum = (acc & 0xffff) + (acc >>> 16 & 0xffff) + (acc >>> 32 & 0xffff) + (acc >>> 48);
        for (int i = off + CHKSUM_OFFSET, end = i + 8; i < end; i++) {
            sum -= b[i] & 0xff;
        }
        return sum + 8 * ' ';
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
}
