package io.procsnap.format.internal;

import io.procsnap.format.EntryAttributes;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Builds the tar header records of one entry (format 1.1): a pax extended header ({@code x}) carrying
 * the records that say more than the ustar header (status, detail, timing, ...; none that repeats a
 * default), then the ustar header. An entry with nothing to say beyond the ustar header has no pax
 * header at all. Content and padding are appended by the caller. See SPEC.md "Entry records".
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
     * is stored as an empty regular file (its {@code type} record still says symlink).
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
        Encoder e = new Encoder();
        byte[] b = new byte[e.prepare(h, size, mtimeSeconds)];
        e.writeTo(b, 0);
        return b;
    }

    /**
     * Encodes the headers of one entry without per-field garbage: {@link #prepare} encodes the path,
     * link, detail and pax records into reusable scratch buffers and returns the header length;
     * {@link #writeTo} then writes the pax ustar block, the records with their padding and the entry's
     * ustar block straight into the caller's (frame) buffer (SPEC.md "Entry records"). One instance per
     * writer thread.
     */
    public static final class Encoder {
        private static final byte[] PAX_NAME = ascii(TarConstants.PAX_HEADER_NAME);
        /** The records of files and directories, and of entries stored as symlinks (SPEC.md "pax records"). */
        private static final Attributes USER = new Attributes(TarConstants.USER_ATTRIBUTES);
        private static final Attributes SYMLINK = new Attributes(TarConstants.SYMLINK_ATTRIBUTES);

        private byte[] name = new byte[256];
        private int nameLen;
        /** The path whose UTF-8 bytes (alone, no directory slash) {@code name} holds, or null. */
        private String encodedPath;
        /** UTF-8 length of the path last encoded (name without the directory slash). */
        private int pathBytes;
        private byte[] link = new byte[256];
        private int linkLen;
        private byte[] records = new byte[1024];
        /** The namespace of the entry prepared last. */
        private Attributes attributes = USER;
        private int recordsLen;
        private final byte[] tail = new byte[20];
        private byte type;
        private int perms;
        private long uid;
        private long gid;
        private long size;
        private long mtime;

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        /**
         * Encodes {@code path} as UTF-8 into {@link #pathBytes()} ahead of {@link #prepare}, which then
         * reuses it for the same String (so the writer can check the bytes before it prepares the
         * headers); returns the byte length.
         */
        public int encodePath(String path) {
            name = Utf8.ensure(name, 0, path.length() * 3 + 1);
            nameLen = Utf8.encode(path, 0, path.length(), name, 0);
            pathBytes = nameLen;
            encodedPath = path;
            return nameLen;
        }

        /** Encodes everything but the blocks themselves; returns the header bytes {@link #writeTo} will write. */
        public int prepare(EntryHeader h, long size, long mtimeSeconds) {
            type = typeflag(h);
            String path = h.path();
            if (path != encodedPath) { // identity: the same String was just encoded by encodePath
                encodePath(path);
            }
            encodedPath = null; // name gets the directory slash below
            if (type == TarConstants.TYPE_DIRECTORY) {
                name[nameLen++] = '/';
            }
            linkLen = 0;
            if (type == TarConstants.TYPE_SYMLINK) {
                String l = h.linkTarget();
                link = Utf8.ensure(link, 0, l.length() * 3);
                linkLen = Utf8.encode(l, 0, l.length(), link, 0);
            }
            uid = h.uid() < 0 ? 0 : h.uid();
            gid = h.gid() < 0 ? 0 : h.gid();
            this.size = size;
            this.mtime = mtimeSeconds;
            perms = h.mode() < 0 ? defaultPermissions(h.type()) : h.mode() & 07777;
            boolean failedSymlink = h.type() == EntryType.SYMLINK && type != TarConstants.TYPE_SYMLINK;
            Attributes a = type == TarConstants.TYPE_SYMLINK ? SYMLINK : USER;
            attributes = a;
            if (failedSymlink) {
                perms = 0444; // a symlink whose readlink failed is stored as an empty, read-only file
            }

            String detail = h.detail();
            records = Utf8.ensure(records, 0, 400 + 2 * nameLen + linkLen
                    + (detail == null ? 0 : Math.min(detail.length() * 3, MAX_DETAIL_BYTES + 3)));
            int r = 0;
            // path and linkpath only when the ustar fields cannot hold them exactly: longer than they
            // allow, or not ASCII (a UTF-8 length equal to the char count means one byte per char)
            if (pathBytes != path.length() || !fitsUstarName(name, nameLen)) {
                r = record(r, Keys.PATH, name, 0, nameLen);
            }
            if (type == TarConstants.TYPE_SYMLINK
                    && (linkLen > TarConstants.NAME_LEN || linkLen != h.linkTarget().length())) {
                r = record(r, Keys.LINKPATH, link, 0, linkLen);
            }
            if (uid > TarConstants.MAX_OCTAL_ID) {
                int d = backwardDecimal(tail, uid);
                r = record(r, Keys.UID, tail, d, 20 - d);
            }
            if (gid > TarConstants.MAX_OCTAL_ID) {
                int d = backwardDecimal(tail, gid);
                r = record(r, Keys.GID, tail, d, 20 - d);
            }
            if (failedSymlink) { // the one live type the typeflag does not say
                r = put(records, r, a.symlinkType);
            }
            r = put(records, r, a.statusRecords[h.status().ordinal()]);
            int unknown = (h.mode() < 0 ? 1 : 0) | (h.uid() < 0 ? 2 : 0) | (h.gid() < 0 ? 4 : 0);
            if (unknown != 0) {
                r = put(records, r, a.unknownRecords[unknown]);
            }
            if (detail != null) {
                r = detailRecord(r, detail);
            }
            long startMicros = EntryAttributes.micros(h.startNanos()); // whole microseconds, as SPEC.md says
            if (startMicros != 0) {
                int d = backwardDecimal(tail, startMicros);
                r = record(r, a.startUs, tail, d, 20 - d);
            }
            long elapsedMicros = EntryAttributes.micros(h.elapsedNanos());
            if (elapsedMicros != 0) {
                int d = backwardDecimal(tail, elapsedMicros);
                r = record(r, a.elapsedUs, tail, d, 20 - d);
            }
            recordsLen = r;
            return r == 0 ? TarConstants.BLOCK : 2 * TarConstants.BLOCK + recordsLen + TarConstants.padding(recordsLen);
        }

        /** True when the ustar name field, or the prefix and name fields split at a '/', hold the name exactly. */
        private static boolean fitsUstarName(byte[] name, int length) {
            return length <= TarConstants.NAME_LEN || ustarSplit(name, length) > 0;
        }

        /**
         * The UTF-8 bytes of the path prepared last, {@code pathBytes()[0, pathLength())}: the same
         * bytes as {@code path.getBytes(UTF_8)} (the index reuses them). Valid until the next prepare.
         */
        public byte[] pathBytes() {
            return name;
        }

        public int pathLength() {
            return encodedPath == null && type == TarConstants.TYPE_DIRECTORY ? nameLen - 1 : nameLen;
        }

        /** Writes the header bytes prepared last into {@code dst} at {@code off}. */
        public void writeTo(byte[] dst, int off) {
            int p = off;
            if (recordsLen > 0) {
                ustar(dst, p, PAX_NAME, PAX_NAME.length, 0644, 0, 0, recordsLen, mtime, TarConstants.TYPE_PAX, link, 0);
                p += TarConstants.BLOCK;
                System.arraycopy(records, 0, dst, p, recordsLen);
                p += recordsLen;
                int pad = TarConstants.padding(recordsLen);
                System.arraycopy(ZEROS, 0, dst, p, pad); // a copy, not Arrays.fill: C1 (the capture's JIT) loops byte by byte
                p += pad;
            }
            ustar(dst, p, name, nameLen, perms, Math.min(uid, TarConstants.MAX_OCTAL_ID),
                    Math.min(gid, TarConstants.MAX_OCTAL_ID), size, mtime, type, link, linkLen);
        }

        private int detailRecord(int r, String detail) {
            int n = detail.length();
            if (n <= MAX_DETAIL_BYTES / 3) {
                byte[] key = attributes.detail;
                int start = r + key.length + 8; // room for the length digits, moved left by recordInPlace()
                int len = Utf8.encode(detail, 0, n, records, start);
                return recordInPlace(r, key, start, len - start);
            }
            byte[] b = detail.getBytes(StandardCharsets.UTF_8); // rare: long details
            int end = b.length;
            if (end > MAX_DETAIL_BYTES) {
                end = MAX_DETAIL_BYTES;
                while (end > 0 && (b[end] & 0xc0) == 0x80) {
                    end--;
                }
            }
            records = Utf8.ensure(records, r, end + 400);
            return record(r, attributes.detail, b, 0, end);
        }

        /** Appends "LEN key=value\n" at {@code r}; returns the end. */
        private int record(int r, byte[] key, byte[] value, int vOff, int vLen) {
            int kv = 1 + key.length + 1 + vLen + 1;
            int len = recordLength(kv);
            int p = r + writeLength(records, r, len);
            records[p++] = ' ';
            System.arraycopy(key, 0, records, p, key.length);
            p += key.length;
            records[p++] = '=';
            System.arraycopy(value, vOff, records, p, vLen);
            p += vLen;
            records[p++] = '\n';
            return p;
        }

        /** Like {@link #record} for a value already encoded at {@code records[vStart, vStart + vLen)}. */
        private int recordInPlace(int r, byte[] key, int vStart, int vLen) {
            int kv = 1 + key.length + 1 + vLen + 1;
            int len = recordLength(kv);
            int p = r + decimalDigits(len) + 1 + key.length + 1;
            System.arraycopy(records, vStart, records, p, vLen); // p < vStart: a left move is safe
            p = r + writeLength(records, r, len);
            records[p++] = ' ';
            System.arraycopy(key, 0, records, p, key.length);
            p += key.length;
            records[p++] = '=';
            p += vLen;
            records[p++] = '\n';
            return p;
        }

        private static int put(byte[] dst, int off, byte[] src) {
            System.arraycopy(src, 0, dst, off, src.length);
            return off + src.length;
        }
    }

    /** Standard record keywords as bytes. */
    private static final class Keys {
        static final byte[] PATH = Encoder.ascii("path");
        static final byte[] LINKPATH = Encoder.ascii("linkpath");
        static final byte[] UID = Encoder.ascii("uid");
        static final byte[] GID = Encoder.ascii("gid");
    }

    /**
     * The procsnap records of one attribute namespace ({@code user.procsnap.} or, for entries stored as
     * symlinks, {@code trusted.procsnap.}): keywords as bytes, and the constant records encoded once by
     * {@link #paxRecords}: a failed symlink's type, each status but ok (the default has none), unknown
     * fields by bit mask (1: mode, 2: uid, 4: gid, listed in that order).
     */
    private static final class Attributes {
        final byte[] detail;
        final byte[] startUs;
        final byte[] elapsedUs;
        final byte[] symlinkType;
        final byte[][] statusRecords = new byte[Status.values().length][];
        final byte[][] unknownRecords = new byte[8][];

        Attributes(String namespace) {
            detail = Encoder.ascii(TarConstants.paxKey(namespace, EntryAttributes.DETAIL));
            startUs = Encoder.ascii(TarConstants.paxKey(namespace, EntryAttributes.START_US));
            elapsedUs = Encoder.ascii(TarConstants.paxKey(namespace, EntryAttributes.ELAPSED_US));
            symlinkType = paxRecords(Map.of(TarConstants.paxKey(namespace, EntryAttributes.TYPE), "symlink"));
            for (Status s : Status.values()) {
                statusRecords[s.ordinal()] = s == Status.OK ? new byte[0]
                        : paxRecords(Map.of(TarConstants.paxKey(namespace, EntryAttributes.STATUS), s.label()));
            }
            for (int mask = 1; mask < 8; mask++) {
                java.util.StringJoiner j = new java.util.StringJoiner(",");
                if ((mask & 1) != 0) {
                    j.add("mode");
                }
                if ((mask & 2) != 0) {
                    j.add("uid");
                }
                if ((mask & 4) != 0) {
                    j.add("gid");
                }
                unknownRecords[mask] = paxRecords(Map.of(TarConstants.paxKey(namespace, EntryAttributes.UNKNOWN), j.toString()));
            }
        }
    }

    /** String.getBytes(UTF_8) into a caller's buffer: same bytes, unpaired surrogates become '?'. */
    static final class Utf8 {
        private Utf8() {
        }

        static byte[] ensure(byte[] b, int used, int more) {
            return used + more <= b.length ? b : java.util.Arrays.copyOf(b, Math.max(b.length * 2, used + more));
        }

        /** Encodes {@code s[from, to)} at {@code off} (room for 3 bytes per char needed); returns the end offset. */
        static int encode(String s, int from, int to, byte[] dst, int off) {
            int p = off;
            int i = from;
            while (i < to) {
                char c = s.charAt(i++);
                if (c < 0x80) {
                    dst[p++] = (byte) c;
                } else if (c < 0x800) {
                    dst[p++] = (byte) (0xc0 | c >> 6);
                    dst[p++] = (byte) (0x80 | c & 0x3f);
                } else if (Character.isSurrogate(c)) {
                    char d;
                    if (Character.isHighSurrogate(c) && i < to && Character.isLowSurrogate(d = s.charAt(i))) {
                        int cp = Character.toCodePoint(c, d);
                        i++;
                        dst[p++] = (byte) (0xf0 | cp >> 18);
                        dst[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
                        dst[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
                        dst[p++] = (byte) (0x80 | cp & 0x3f);
                    } else {
                        dst[p++] = '?';
                    }
                } else {
                    dst[p++] = (byte) (0xe0 | c >> 12);
                    dst[p++] = (byte) (0x80 | c >> 6 & 0x3f);
                    dst[p++] = (byte) (0x80 | c & 0x3f);
                }
            }
            return p;
        }
    }

    /** Length of a pax record whose " key=value\n" part is {@code kv} bytes: LEN counts its own digits. */
    static int recordLength(int kv) {
        int len = kv + 1;
        while (len != kv + decimalDigits(len)) {
            len = kv + decimalDigits(len);
        }
        return len;
    }

    /** Digits of a non-negative int (record lengths): comparisons, no division. */
    static int decimalDigits(int v) {
        int n = 1;
        for (int p = 10; n < 10 && v >= p; p *= 10) {
            n++;
        }
        return n;
    }

    /** A record length (positive) in decimal ASCII at {@code off}; returns the digit count. */
    static int writeLength(byte[] b, int off, int v) {
        if (v >= 10 && v < 1000) { // a record's length: two or three digits, by the digit-pair tables
            if (v < 100) {
                b[off] = DIGIT_TENS[v];
                b[off + 1] = DIGIT_ONES[v];
                return 2;
            }
            int q = v / 100;
            int r = v - q * 100;
            b[off] = (byte) ('0' + q);
            b[off + 1] = DIGIT_TENS[r];
            b[off + 2] = DIGIT_ONES[r];
            return 3;
        }
        int n = decimalDigits(v);
        for (int i = off + n - 1; i >= off; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return n;
    }

    /** Long.toString(v) written to end at {@code tail[20]}; returns where it starts. */
    static int backwardDecimal(byte[] tail, long v) {
        int p = 20;
        if (v >= 0) { // two digits per division: the usual case (times, offsets, ids)
            long x = v;
            while (x > Integer.MAX_VALUE) {
                long q = x / 100;
                int r = (int) (x - q * 100);
                tail[--p] = DIGIT_ONES[r];
                tail[--p] = DIGIT_TENS[r];
                x = q;
            }
            int y = (int) x; // int division from here: C1 calls the runtime for a long one
            while (y >= 100) {
                int q = y / 100;
                int r = y - q * 100;
                tail[--p] = DIGIT_ONES[r];
                tail[--p] = DIGIT_TENS[r];
                y = q;
            }
            int r = y;
            tail[--p] = DIGIT_ONES[r];
            if (r >= 10) {
                tail[--p] = DIGIT_TENS[r];
            }
            return p;
        }
        long x = v; // negative side, so Long.MIN_VALUE needs no special case
        do {
            long q = x / 10;
            tail[--p] = (byte) ('0' + (q * 10 - x));
            x = q;
        } while (x != 0);
        tail[--p] = '-';
        return p;
    }

    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
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
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        ustar(b, 0, nameBytes, nameBytes.length, mode, uid, gid, size, mtime, type, linkBytes, linkBytes.length);
        return b;
    }

    /** Declared before the template, which uses it. */
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** A ustar block with its constant fields set: magic, version, devmajor and devminor; zeros elsewhere. */
    private static final byte[] USTAR_TEMPLATE = template();
    private static final byte[] ZEROS = new byte[TarConstants.BLOCK];
    /** The template's checksum contribution: its bytes with the checksum field as eight spaces. */
    private static final int TEMPLATE_SUM = (int) TarConstants.checksum(USTAR_TEMPLATE);

    private static byte[] template() {
        byte[] b = new byte[TarConstants.BLOCK];
        System.arraycopy(TarConstants.USTAR_MAGIC, 0, b, TarConstants.MAGIC_OFFSET, TarConstants.USTAR_MAGIC.length);
        b[TarConstants.VERSION_OFFSET] = '0';
        b[TarConstants.VERSION_OFFSET + 1] = '0';
        octal8(b, TarConstants.DEVMAJOR_OFFSET, 0);
        octal8(b, TarConstants.DEVMINOR_OFFSET, 0);
        return b;
    }

    /**
     * Writes one ustar header block at {@code b[off]}, zeroing what it does not fill. The checksum is
     * summed from the fields as they are written (template, name, link, digits, type) instead of
     * re-reading the block: the same value {@link TarConstants#checksum} gives.
     */
    static void ustar(byte[] b, int off, byte[] name, int nameLen, int mode, long uid, long gid, long size, long mtime,
                      byte type, byte[] link, int linkLen) {
        System.arraycopy(USTAR_TEMPLATE, 0, b, off, TarConstants.BLOCK); // zeros, magic, version, dev numbers
        int sum = TEMPLATE_SUM;
        int split = ustarSplit(name, nameLen);
        if (split > 0) {
            sum += copySum(name, 0, b, off + TarConstants.PREFIX_OFFSET, split);
            sum += copySum(name, split + 1, b, off + TarConstants.NAME_OFFSET, nameLen - split - 1);
        } else {
            sum += copySum(name, 0, b, off + TarConstants.NAME_OFFSET, Math.min(nameLen, TarConstants.NAME_LEN));
        }
        sum += octal8(b, off + TarConstants.MODE_OFFSET, mode);
        sum += octal8(b, off + TarConstants.UID_OFFSET, uid);
        sum += octal8(b, off + TarConstants.GID_OFFSET, gid);
        sum += octal12(b, off + TarConstants.SIZE_OFFSET, size);
        sum += octal12(b, off + TarConstants.MTIME_OFFSET, Math.max(0, mtime));
        b[off + TarConstants.TYPEFLAG_OFFSET] = type;
        sum += type & 0xff;
        sum += copySum(link, 0, b, off + TarConstants.LINKNAME_OFFSET, Math.min(linkLen, TarConstants.NAME_LEN));
        // six octal digits, NUL, space
        long digits = spread(sum & 0777777) >>> 16;
        LONGS.set(b, off + TarConstants.CHKSUM_OFFSET, digits + 0x0000_3030_3030_3030L | (long) ' ' << 56);
    }

    /** Copies {@code n} bytes and returns their unsigned sum. */
    private static int copySum(byte[] src, int from, byte[] dst, int to, int n) {
        System.arraycopy(src, from, dst, to, n);
        int sum = 0;
        for (int i = from, end = from + n; i < end; i++) {
            sum += src[i] & 0xff;
        }
        return sum;
    }

    /**
     * The low 8 octal digits of {@code v} as byte values 0-7 in a little-endian long, most significant
     * digit in the lowest byte (the order they are stored in): each 3-bit group moves to its own byte,
     * the lowest group to the highest byte (no Long.reverseBytes: C1 does not inline it).
     */
    private static long spread(long v) {
        long x = (v & 0xfffL) << 32 | (v >>> 12 & 0xfffL);
        x = (x & 0x0000_003f_0000_003fL) << 16 | (x >>> 6 & 0x0000_003f_0000_003fL);
        return (x & 0x0007_0007_0007_0007L) << 8 | (x >>> 3 & 0x0007_0007_0007_0007L);
    }

    /** Sum of the byte values of a long (at most 255 in all). */
    private static int byteSum(long x) {
        return (int) (x * 0x0101_0101_0101_0101L >>> 56);
    }

    /**
     * An 8-byte octal field: the low 7 digits of the unsigned value (what Long.toOctalString kept),
     * zero-padded, then a NUL. Returns the field's byte sum.
     */
    private static int octal8(byte[] b, int off, long value) {
        long d = spread(value & 07777777) >>> 8; // the leading digit of the 8 is 0: drop it, byte 7 is the NUL
        LONGS.set(b, off, d + 0x0030_3030_3030_3030L);
        return 7 * '0' + byteSum(d);
    }

    /** A 12-byte octal field: the low 11 digits, zero-padded, then a NUL (already zero in the template). */
    private static int octal12(byte[] b, int off, long value) {
        long low = spread(value);
        long high = spread(value >>> 24 & 0777) >>> 40; // digits 10, 9, 8 in bytes 0-2
        LONGS.set(b, off + 3, low + 0x3030_3030_3030_3030L);
        b[off] = (byte) ('0' + (high & 7));
        b[off + 1] = (byte) ('0' + (high >>> 8 & 7));
        b[off + 2] = (byte) ('0' + (high >>> 16 & 7));
        return 11 * '0' + byteSum(low) + byteSum(high);
    }

    /** Index of the '/' that splits a long name into prefix and name fields, or -1 when it fits or cannot split. */
    private static int ustarSplit(byte[] name, int length) {
        if (length <= TarConstants.NAME_LEN) {
            return -1;
        }
        for (int i = length - 1; i > 0; i--) {
            if (name[i] == '/' && i <= TarConstants.PREFIX_LEN && length - i - 1 <= TarConstants.NAME_LEN
                    && length - i - 1 > 0) {
                return i;
            }
        }
        return -1;
    }
}
