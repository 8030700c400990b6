package io.procsnap.format.internal;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the tar header records of one entry: a pax extended header ({@code x}) carrying the
 * PROCSNAP.* records, then the ustar header. Content and padding are appended by the caller.
 * See SPEC.md "Entry records".
 */
public final class TarHeaderWriter {
    /** Pax values longer than this are cut (details and reasons are short words; this bounds readers too). */
    public static final int MAX_DETAIL_BYTES = 1024;

    private TarHeaderWriter() {
    }

    /** Default permission bits when the live mode is unknown. */
    static int defaultPermissions(EntryType type) {
        return switch (type) {
            case FILE -> 0444;
            case DIRECTORY -> 0555;
            case SYMLINK -> 0777;
        };
    }

    /**
     * The tar typeflag an entry is stored with: a symlink whose readlink failed has no target, so it
     * is stored as an empty regular file (its PROCSNAP.type still says symlink).
     */
    public static byte typeflag(EntryHeader h) {
        return switch (h.type()) {
            case FILE -> TarConstants.TYPE_FILE;
            case DIRECTORY -> TarConstants.TYPE_DIRECTORY;
            case SYMLINK -> h.status() == Status.OK && h.linkTarget() != null
                    ? TarConstants.TYPE_SYMLINK : TarConstants.TYPE_FILE;
        };
    }

    /**
     * Pax header plus ustar header for an entry with {@code size} content bytes.
     *
     * @param mtimeSeconds seconds since the epoch stored in the ustar mtime field
     */
    public static byte[] headers(EntryHeader h, long size, long mtimeSeconds) {
        byte type = typeflag(h);
        String name = type == TarConstants.TYPE_DIRECTORY ? h.path() + "/" : h.path();
        String link = type == TarConstants.TYPE_SYMLINK ? h.linkTarget() : "";
        long uid = h.uid() < 0 ? 0 : h.uid();
        long gid = h.gid() < 0 ? 0 : h.gid();

        Map<String, String> pax = new LinkedHashMap<>();
        pax.put("path", name);
        if (type == TarConstants.TYPE_SYMLINK) {
            pax.put("linkpath", link);
        }
        if (uid > TarConstants.MAX_OCTAL_ID) {
            pax.put("uid", Long.toString(uid));
        }
        if (gid > TarConstants.MAX_OCTAL_ID) {
            pax.put("gid", Long.toString(gid));
        }
        pax.put(TarConstants.PAX_TYPE, h.type().name().toLowerCase(java.util.Locale.ROOT));
        pax.put(TarConstants.PAX_STATUS, h.status().label());
        if (h.detail() != null) {
            pax.put(TarConstants.PAX_DETAIL, cut(h.detail(), MAX_DETAIL_BYTES));
        }
        pax.put(TarConstants.PAX_START_NS, Long.toString(h.startNanos()));
        pax.put(TarConstants.PAX_ELAPSED_NS, Long.toString(h.elapsedNanos()));
        String unknown = unknownFields(h);
        if (!unknown.isEmpty()) {
            pax.put(TarConstants.PAX_UNKNOWN, unknown);
        }
        byte[] records = paxRecords(pax);

        ByteArrayOutputStream out = new ByteArrayOutputStream(1536 + records.length);
        byte[] paxHeader = ustar("PaxHeaders/" + lastSegment(name), 0644, 0, 0, records.length, mtimeSeconds,
                TarConstants.TYPE_PAX, "");
        out.writeBytes(paxHeader);
        out.writeBytes(records);
        out.writeBytes(new byte[TarConstants.padding(records.length)]);
        int perms = h.mode() < 0 ? defaultPermissions(h.type()) : h.mode() & 07777;
        if (h.type() == EntryType.SYMLINK && type != TarConstants.TYPE_SYMLINK) {
            perms = 0444; // a symlink whose readlink failed is stored as an empty, read-only file
        }
        out.writeBytes(ustar(name, perms, Math.min(uid, TarConstants.MAX_OCTAL_ID), Math.min(gid, TarConstants.MAX_OCTAL_ID),
                size, mtimeSeconds, type, link));
        return out.toByteArray();
    }

    private static String unknownFields(EntryHeader h) {
        StringBuilder sb = new StringBuilder();
        if (h.mode() < 0) {
            sb.append("mode");
        }
        if (h.uid() < 0) {
            sb.append(sb.length() > 0 ? "," : "").append("uid");
        }
        if (h.gid() < 0) {
            sb.append(sb.length() > 0 ? "," : "").append("gid");
        }
        return sb.toString();
    }

    static String cut(String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= maxBytes) {
            return s;
        }
        int end = maxBytes;
        while (end > 0 && (b[end] & 0xc0) == 0x80) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private static String lastSegment(String name) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String last = n.substring(n.lastIndexOf('/') + 1);
        return last.length() > 80 ? last.substring(0, 80) : last;
    }

    /** Pax records "LEN key=value\n", where LEN counts the whole record including its own digits. */
    public static byte[] paxRecords(Map<String, String> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : records.entrySet()) {
            byte[] kv = (" " + e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8);
            int len = kv.length + 1;
            while (len != kv.length + Integer.toString(len).length()) {
                len = kv.length + Integer.toString(len).length();
            }
            out.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(kv);
        }
        return out.toByteArray();
    }

    /** One 512-byte ustar header. Long names are cut here; the pax {@code path} record carries the full name. */
    public static byte[] ustar(String name, int mode, long uid, long gid, long size, long mtime, byte type, String link) {
        byte[] b = new byte[TarConstants.BLOCK];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int split = ustarSplit(nameBytes);
        if (split > 0) {
            System.arraycopy(nameBytes, 0, b, TarConstants.PREFIX_OFFSET, split);
            System.arraycopy(nameBytes, split + 1, b, TarConstants.NAME_OFFSET, nameBytes.length - split - 1);
        } else {
            System.arraycopy(nameBytes, 0, b, TarConstants.NAME_OFFSET, Math.min(nameBytes.length, TarConstants.NAME_LEN));
        }
        octal(b, TarConstants.MODE_OFFSET, 8, mode);
        octal(b, TarConstants.UID_OFFSET, 8, uid);
        octal(b, TarConstants.GID_OFFSET, 8, gid);
        octal(b, TarConstants.SIZE_OFFSET, 12, size);
        octal(b, TarConstants.MTIME_OFFSET, 12, Math.max(0, mtime));
        b[TarConstants.TYPEFLAG_OFFSET] = type;
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(linkBytes, 0, b, TarConstants.LINKNAME_OFFSET, Math.min(linkBytes.length, TarConstants.NAME_LEN));
        System.arraycopy(TarConstants.USTAR_MAGIC, 0, b, TarConstants.MAGIC_OFFSET, TarConstants.USTAR_MAGIC.length);
        b[TarConstants.VERSION_OFFSET] = '0';
        b[TarConstants.VERSION_OFFSET + 1] = '0';
        octal(b, TarConstants.DEVMAJOR_OFFSET, 8, 0);
        octal(b, TarConstants.DEVMINOR_OFFSET, 8, 0);
        long sum = TarConstants.checksum(b);
        octal(b, TarConstants.CHKSUM_OFFSET, 7, sum);
        b[TarConstants.CHKSUM_OFFSET + 7] = ' ';
        return b;
    }

    /** Index of the '/' that splits a long name into prefix and name fields, or -1 when it fits or cannot split. */
    private static int ustarSplit(byte[] name) {
        if (name.length <= TarConstants.NAME_LEN) {
            return -1;
        }
        for (int i = name.length - 1; i > 0; i--) {
            if (name[i] == '/' && i <= TarConstants.PREFIX_LEN && name.length - i - 1 <= TarConstants.NAME_LEN
                    && name.length - i - 1 > 0) {
                return i;
            }
        }
        return -1;
    }

    /** Zero-padded octal digits followed by a NUL, filling {@code len} bytes. */
    private static void octal(byte[] b, int off, int len, long value) {
        String s = Long.toOctalString(value);
        int digits = len - 1;
        for (int i = 0; i < digits; i++) {
            int from = s.length() - digits + i;
            b[off + i] = (byte) (from < 0 ? '0' : s.charAt(from));
        }
        b[off + len - 1] = 0;
    }
}
