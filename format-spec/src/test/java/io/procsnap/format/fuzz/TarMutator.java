package io.procsnap.format.fuzz;

import com.github.luben.zstd.ZstdInputStream;
import io.procsnap.format.internal.Bytes;
import io.procsnap.format.internal.SeekTable;
import io.procsnap.format.internal.ZstdCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Structure-aware mutations: works on the decompressed tar stream (headers, pax records, blocks),
 * then frames the result again with valid zstd checksums and a consistent seek table, so the
 * mutated bytes get past the container checks and reach the tar and pax parsers. Byte flips of the
 * compressed file are covered by {@code MutationTests}; this goes one layer deeper.
 */
final class TarMutator {
    private static final int BLOCK = 512;
    private static final String[] PAX_KEYS = {"path", "linkpath", "uid", "gid", "size", "mtime", "PROCSNAP.type",
        "PROCSNAP.status", "PROCSNAP.detail", "PROCSNAP.start_ns", "PROCSNAP.elapsed_ns", "PROCSNAP.unknown",
        "SCHILY.xattr.user.procsnap.type", "SCHILY.xattr.user.procsnap.status", "SCHILY.xattr.user.procsnap.detail",
        "SCHILY.xattr.user.procsnap.start_us", "SCHILY.xattr.user.procsnap.elapsed_us", "SCHILY.xattr.user.procsnap.unknown",
        "GNU.sparse.size", "hdrcharset", "comment"};
    private static final String[] HOSTILE_VALUES = {"", "../../etc/passwd", "/etc/shadow", "proc/1/../../x", "proc//1",
        "proc/./1", "a\u0000b", "x".repeat(5000), "-1", "99999999999999999999999", "18446744073709551616",
        "9223372036854775807", "9223372036854776", "-9223372036854776", "0x10", "1e9", "directory", "symlink", "file", "fifo", "ok", "timeout", "bogus",
        "mode,uid,gid,", "\u00e9\u00e8\ud83d\ude00", "proc/306/stat", "manifest.json", "index.tsv", "proc/306"};
    private static final int[][] USTAR_FIELDS = {{0, 100}, {100, 8}, {108, 8}, {116, 8}, {124, 12}, {136, 12},
        {148, 8}, {156, 1}, {157, 100}, {257, 6}, {263, 2}, {329, 8}, {337, 8}, {345, 155}};

    private TarMutator() {
    }

    /** The decompressed content of every zstd frame of an archive (the seek table is skipped by zstd). */
    static byte[] tarOf(byte[] archive) throws IOException {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(archive))) {
            return in.readAllBytes();
        }
    }

    /** Offsets of 512-byte blocks that look like ustar headers. */
    static List<Integer> headers(byte[] tar) {
        List<Integer> out = new ArrayList<>();
        for (int off = 0; off + BLOCK <= tar.length; off += BLOCK) {
            if (tar[off + 257] == 'u' && tar[off + 258] == 's' && tar[off + 259] == 't') {
                out.add(off);
            }
        }
        return out;
    }

    /** One to four mutations of a tar stream; {@code donor} is another seed's tar to splice from. */
    static byte[] mutate(byte[] tar, byte[] donor, Random rnd) {
        byte[] t = tar.clone();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            t = switch (rnd.nextInt(7)) {
                case 0, 1 -> headerField(t, rnd);
                case 2, 3 -> paxRecords(t, rnd);
                case 4 -> blocks(t, donor, rnd);
                case 5 -> flips(t, rnd);
                default -> truncate(t, rnd);
            };
        }
        return t;
    }

    private static byte[] headerField(byte[] t, Random rnd) {
        List<Integer> hs = headers(t);
        if (hs.isEmpty()) {
            return flips(t, rnd);
        }
        int h = hs.get(rnd.nextInt(hs.size()));
        int[] f = USTAR_FIELDS[rnd.nextInt(USTAR_FIELDS.length)];
        byte[] v = switch (rnd.nextInt(6)) {
            case 0 -> octal(rnd.nextLong() & Long.MAX_VALUE >>> rnd.nextInt(63), f[1]);
            case 1 -> new byte[] {(byte) 0x80, (byte) rnd.nextInt(256), (byte) rnd.nextInt(256)};
            case 2 -> ascii(HOSTILE_VALUES[rnd.nextInt(HOSTILE_VALUES.length)]);
            case 3 -> new byte[] {(byte) "0125x34167gKLSV\0".charAt(rnd.nextInt(16))};
            case 4 -> octal(rnd.nextInt(4096), f[1]);
            default -> random(rnd, f[1]);
        };
        java.util.Arrays.fill(t, h + f[0], h + f[0] + f[1], (byte) 0);
        System.arraycopy(v, 0, t, h + f[0], Math.min(v.length, f[1]));
        if (rnd.nextInt(5) > 0) {
            checksum(t, h);
        }
        return t;
    }

    private static byte[] paxRecords(byte[] t, Random rnd) {
        List<Integer> hs = headers(t).stream().filter(h -> t[h + 156] == 'x').toList();
        if (hs.isEmpty()) {
            return headerField(t, rnd);
        }
        int h = hs.get(rnd.nextInt(hs.size()));
        long oldSize = parseOctal(t, h + 124, 12);
        if (oldSize < 0 || oldSize > 1 << 20 || h + BLOCK + (oldSize + BLOCK - 1) / BLOCK * BLOCK > t.length) {
            return flips(t, rnd);
        }
        StringBuilder records = new StringBuilder(new String(t, h + BLOCK, (int) oldSize, StandardCharsets.UTF_8));
        int k = 1 + rnd.nextInt(3);
        for (int i = 0; i < k; i++) {
            String key = PAX_KEYS[rnd.nextInt(PAX_KEYS.length)];
            String value = HOSTILE_VALUES[rnd.nextInt(HOSTILE_VALUES.length)];
            String body = " " + key + "=" + value + "\n";
            int len = body.getBytes(StandardCharsets.UTF_8).length;
            len += Integer.toString(len + Integer.toString(len).length()).length();
            int declared = switch (rnd.nextInt(5)) {
                case 0 -> len + rnd.nextInt(7) - 3;
                case 1 -> rnd.nextInt(1 << 20);
                default -> len;
            };
            records.append(declared).append(body);
        }
        byte[] rec = records.toString().getBytes(StandardCharsets.UTF_8);
        int oldPadded = (int) ((oldSize + BLOCK - 1) / BLOCK * BLOCK);
        int newPadded = (rec.length + BLOCK - 1) / BLOCK * BLOCK;
        ByteArrayOutputStream out = new ByteArrayOutputStream(t.length + newPadded);
        out.write(t, 0, h + BLOCK);
        out.writeBytes(rec);
        out.writeBytes(new byte[newPadded - rec.length]);
        out.write(t, h + BLOCK + oldPadded, t.length - h - BLOCK - oldPadded);
        byte[] r = out.toByteArray();
        byte[] size = octal(rnd.nextInt(8) == 0 ? rec.length + rnd.nextInt(2048) : rec.length, 12);
        System.arraycopy(size, 0, r, h + 124, size.length);
        checksum(r, h);
        return r;
    }

    private static byte[] blocks(byte[] t, byte[] donor, Random rnd) {
        int nb = t.length / BLOCK;
        if (nb < 2) {
            return flips(t, rnd);
        }
        int from = rnd.nextInt(nb);
        int count = 1 + rnd.nextInt(Math.min(8, nb - from));
        ByteArrayOutputStream out = new ByteArrayOutputStream(t.length + count * BLOCK);
        switch (rnd.nextInt(3)) {
            case 0 -> { // duplicate
                out.write(t, 0, (from + count) * BLOCK);
                out.write(t, from * BLOCK, count * BLOCK);
                out.write(t, (from + count) * BLOCK, t.length - (from + count) * BLOCK);
            }
            case 1 -> { // delete
                out.write(t, 0, from * BLOCK);
                out.write(t, (from + count) * BLOCK, t.length - (from + count) * BLOCK);
            }
            default -> { // splice from the donor
                int dn = donor.length / BLOCK;
                int df = dn == 0 ? 0 : rnd.nextInt(dn);
                int dc = Math.min(count, dn - df);
                out.write(t, 0, from * BLOCK);
                out.write(donor, df * BLOCK, dc * BLOCK);
                out.write(t, from * BLOCK, t.length - from * BLOCK);
            }
        }
        return out.toByteArray();
    }

    private static byte[] flips(byte[] t, Random rnd) {
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n && t.length > 0; i++) {
            t[rnd.nextInt(t.length)] = (byte) rnd.nextInt(256);
        }
        return t;
    }

    private static byte[] truncate(byte[] t, Random rnd) {
        return t.length < 2 ? t : java.util.Arrays.copyOf(t, rnd.nextInt(t.length));
    }

    /**
     * Frames a tar stream as the writer would (frame 0 = first entry), with random frame sizes, valid
     * checksums and, unless {@code seekTable} is false, a consistent seek table.
     */
    static byte[] frame(byte[] tar, Random rnd, boolean seekTable) {
        List<byte[]> frames = new ArrayList<>();
        int first = firstEntryEnd(tar);
        int off = 0;
        while (off < tar.length) {
            int len;
            if (off == 0 && first > 0) {
                len = first;
            } else {
                len = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(4 * BLOCK) : BLOCK * (1 + rnd.nextInt(64));
            }
            len = Math.min(len, tar.length - off);
            frames.add(java.util.Arrays.copyOfRange(tar, off, off + len));
            off += len;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = frames.size();
        int[] c = new int[n];
        int[] d = new int[n];
        int[] s = new int[n];
        try (ZstdCodec.Compressor z = new ZstdCodec.Compressor(1)) {
            for (int k = 0; k < n; k++) {
                byte[] f = z.compress(frames.get(k), frames.get(k).length);
                out.writeBytes(f);
                c[k] = f.length;
                d[k] = frames.get(k).length;
                s[k] = Bytes.readIntLE(f, f.length - 4);
            }
        }
        if (seekTable) {
            out.writeBytes(SeekTable.encode(n, c, d, s));
        }
        return out.toByteArray();
    }

    /** End of the first entry (pax header, ustar header, content), or -1 when it cannot be told. */
    private static int firstEntryEnd(byte[] tar) {
        int off = 0;
        for (int i = 0; i < 2 && off + BLOCK <= tar.length; i++) {
            long size = parseOctal(tar, off + 124, 12);
            if (size < 0 || size > 1 << 20) {
                return -1;
            }
            off += BLOCK + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        }
        return Math.min(off, tar.length);
    }

    static long parseOctal(byte[] b, int off, int len) {
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len && i < b.length; i++) {
            byte c = b[i];
            if (c == 0 || c == ' ') {
                if (any) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                return -1;
            }
            v = v * 8 + (c - '0');
            any = true;
            if (v > 1L << 40) {
                return -1;
            }
        }
        return v;
    }

    private static byte[] octal(long v, int width) {
        String s = Long.toOctalString(v);
        if (s.length() > width - 1) {
            s = s.substring(s.length() - (width - 1));
        }
        return ascii("0".repeat(width - 1 - s.length()) + s);
    }

    private static void checksum(byte[] t, int h) {
        java.util.Arrays.fill(t, h + 148, h + 156, (byte) ' ');
        long sum = 0;
        for (int i = h; i < h + BLOCK; i++) {
            sum += t[i] & 0xff;
        }
        byte[] v = ascii(String.format("%06o", sum & 0777777));
        System.arraycopy(v, 0, t, h + 148, 6);
        t[h + 154] = 0;
        t[h + 155] = ' ';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
