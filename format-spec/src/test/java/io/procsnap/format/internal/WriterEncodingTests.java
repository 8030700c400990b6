package io.procsnap.format.internal;

import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer's hand-made encoders against the plain String/regex-free encodings they replaced:
 * ustar fields and checksum, path validation, and the index rows and their order. Randomised with
 * fixed seeds, so a failure reproduces.
 */
class WriterEncodingTests {

    /** The ustar block as the writer built it before 2026-11-22: String octal fields, checksum by scan. */
    private static byte[] referenceUstar(byte[] name, int mode, long uid, long gid, long size, long mtime, byte type,
                                         byte[] link) {
        byte[] b = new byte[TarConstants.BLOCK];
        if (name.length > TarConstants.NAME_LEN) {
            int split = -1;
            for (int i = name.length - 1; i > 0; i--) {
                if (name[i] == '/' && i <= TarConstants.PREFIX_LEN && name.length - i - 1 <= TarConstants.NAME_LEN
                        && name.length - i - 1 > 0) {
                    split = i;
                    break;
                }
            }
            if (split > 0) {
                System.arraycopy(name, 0, b, TarConstants.PREFIX_OFFSET, split);
                System.arraycopy(name, split + 1, b, TarConstants.NAME_OFFSET, name.length - split - 1);
            } else {
                System.arraycopy(name, 0, b, TarConstants.NAME_OFFSET, TarConstants.NAME_LEN);
            }
        } else {
            System.arraycopy(name, 0, b, TarConstants.NAME_OFFSET, name.length);
        }
        octal(b, TarConstants.MODE_OFFSET, 8, mode);
        octal(b, TarConstants.UID_OFFSET, 8, uid);
        octal(b, TarConstants.GID_OFFSET, 8, gid);
        octal(b, TarConstants.SIZE_OFFSET, 12, size);
        octal(b, TarConstants.MTIME_OFFSET, 12, Math.max(0, mtime));
        b[TarConstants.TYPEFLAG_OFFSET] = type;
        System.arraycopy(link, 0, b, TarConstants.LINKNAME_OFFSET, Math.min(link.length, TarConstants.NAME_LEN));
        System.arraycopy(TarConstants.USTAR_MAGIC, 0, b, TarConstants.MAGIC_OFFSET, 6);
        b[TarConstants.VERSION_OFFSET] = '0';
        b[TarConstants.VERSION_OFFSET + 1] = '0';
        octal(b, TarConstants.DEVMAJOR_OFFSET, 8, 0);
        octal(b, TarConstants.DEVMINOR_OFFSET, 8, 0);
        long sum = 0;
        for (int i = 0; i < TarConstants.BLOCK; i++) {
            sum += i >= TarConstants.CHKSUM_OFFSET && i < TarConstants.CHKSUM_OFFSET + 8 ? ' ' : b[i] & 0xff;
        }
        octal(b, TarConstants.CHKSUM_OFFSET, 7, sum);
        b[TarConstants.CHKSUM_OFFSET + 7] = ' ';
        return b;
    }

    private static void octal(byte[] b, int off, int len, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > len - 1) {
            s = s.substring(s.length() - (len - 1));
        }
        s = "0".repeat(len - 1 - s.length()) + s;
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, b, off, len - 1);
        b[off + len - 1] = 0;
    }

    private static long randomValue(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextInt(8);
            case 1 -> r.nextInt(1 << 21);
            case 2 -> r.nextLong() & ((1L << 33) - 1);
            case 3 -> r.nextLong();
            case 4 -> -1 - r.nextInt(5);
            default -> (1L << r.nextInt(63)) - r.nextInt(2);
        };
    }

    @Test
    void ustarBlocksMatchTheStringEncodingAndTheScannedChecksum() {
        Random r = new Random(7);
        byte[] dst = new byte[3 * TarConstants.BLOCK];
        for (int n = 0; n < 20_000; n++) {
            byte[] name = new byte[1 + r.nextInt(n % 10 == 0 ? 300 : 40)];
            for (int i = 0; i < name.length; i++) {
                name[i] = r.nextInt(6) == 0 ? (byte) '/' : (byte) (1 + r.nextInt(255));
            }
            byte[] link = new byte[r.nextInt(4) == 0 ? r.nextInt(150) : 0];
            r.nextBytes(link);
            int mode = r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(010000);
            long uid = randomValue(r);
            long gid = randomValue(r);
            long size = Math.abs(randomValue(r));
            long mtime = randomValue(r);
            byte type = (byte) r.nextInt(256);
            Arrays.fill(dst, (byte) 0x5a); // stale frame bytes must not show through
            int off = r.nextInt(2 * TarConstants.BLOCK);
            TarHeaderWriter.ustar(dst, off, name, name.length, mode, uid, gid, size, mtime, type, link, link.length);
            byte[] expected = referenceUstar(name, mode, uid, gid, size, mtime, type, link);
            assertArrayEquals(expected, Arrays.copyOfRange(dst, off, off + TarConstants.BLOCK), "case " + n);
            assertEquals(TarConstants.checksum(dst, off), Long.parseLong(new String(dst,
                    off + TarConstants.CHKSUM_OFFSET, 6, StandardCharsets.US_ASCII), 8), "case " + n);
        }
    }

    @Test
    void decimalsMatchLongToString() {
        Random r = new Random(5);
        byte[] tail = new byte[20];
        long[] edges = {0, 9, 10, 99, 100, 101, 999, 1000, -1, -10, -100, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, Integer.MAX_VALUE, 1L << 32};
        for (int n = 0; n < 100_000; n++) {
            long v = n < edges.length ? edges[n] : r.nextLong() >> r.nextInt(64);
            int p = TarHeaderWriter.backwardDecimal(tail, v);
            assertEquals(Long.toString(v), new String(tail, p, 20 - p, StandardCharsets.US_ASCII));
        }
        for (int v = 0; v < 2_000_000; v += 1 + v / 1000) {
            assertEquals(Integer.toString(v).length(), TarHeaderWriter.decimalDigits(v));
        }
        assertEquals(10, TarHeaderWriter.decimalDigits(Integer.MAX_VALUE));
        for (int n = 0; n < 100_000; n++) {
            long size = n < 2000 ? n - 1000 : n < 2004 ? Long.MIN_VALUE + n % 2 - (n & 2) * Long.MIN_VALUE / 2
                    : r.nextLong() >> r.nextInt(64);
            assertEquals((int) ((TarConstants.BLOCK - size % TarConstants.BLOCK) % TarConstants.BLOCK),
                    TarConstants.padding(size), "padding of " + size);
        }
    }

    /** ArchivePaths.problem as it was: getBytes for the length, split into segments with substring. */
    private static String referenceProblem(String path) {
        if (path.isEmpty()) {
            return "empty path";
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > ArchivePaths.MAX_PATH_BYTES) {
            return "path longer than " + ArchivePaths.MAX_PATH_BYTES + " bytes";
        }
        if (path.charAt(0) == '/') {
            return "absolute path";
        }
        if (path.indexOf('\0') >= 0) {
            return "path contains NUL";
        }
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            if (segment.isEmpty()) {
                return "empty path segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "path segment '" + segment + "' escapes or aliases the archive root";
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return null;
    }

    @Test
    void pathProblemsMatchTheSegmentSplittingCheck() {
        char[] alphabet = {'a', '/', '.', '.', '/', '\0', '\u00e9', '\u20ac', '\ud83d', '\ude00', 'x', '1'};
        Random r = new Random(11);
        for (int n = 0; n < 200_000; n++) {
            int len = r.nextInt(12);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sb.append(alphabet[r.nextInt(alphabet.length)]);
            }
            String p = sb.toString();
            assertEquals(referenceProblem(p), ArchivePaths.problem(p), p);
            byte[] utf8 = Arrays.copyOf(p.getBytes(StandardCharsets.UTF_8), p.length() * 3 + 1);
            assertEquals(referenceProblem(p) == null, ArchivePaths.valid(utf8, p.getBytes(StandardCharsets.UTF_8).length), p);
        }
        for (String p : new String[] {"a/".repeat(2048), "a/".repeat(2048) + "b", "\u00e9".repeat(2048),
                "\u00e9".repeat(2048) + "x", "\u20ac".repeat(1365) + "x", "\ud83d\ude00".repeat(1024),
                "\ud83d".repeat(4096), "\ud83d".repeat(4097), "a/./" + "b".repeat(5000), "/" + "c".repeat(5000)}) {
            assertEquals(referenceProblem(p), ArchivePaths.problem(p), p.substring(0, 8));
            byte[] utf8 = p.getBytes(StandardCharsets.UTF_8);
            assertEquals(referenceProblem(p) == null, ArchivePaths.valid(utf8, utf8.length), p.substring(0, 8));
        }
    }

    private static String referenceIndex(List<String> paths, List<Status> statuses, long[] frames,
                                         long entries, long duration, Map<Status, Long> counts, int maxRows) {
        Map<String, String> firstRow = new LinkedHashMap<>();
        int kept = Math.min(maxRows, paths.size());
        for (int i = 0; i < kept; i++) {
            String key = new String(IndexBuilder.escape(paths.get(i)), StandardCharsets.UTF_8);
            firstRow.putIfAbsent(key, key + "\t" + frames[i] + "\t" + statuses.get(i).label() + "\n");
        }
        List<String> keys = new ArrayList<>(firstRow.keySet());
        keys.sort(Comparator.comparing(k -> k.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        StringBuilder sb = new StringBuilder("#procsnap-index\tversion=2\tentries=").append(entries)
                .append("\tindexed=").append(keys.size()).append("\tpartial=").append(entries > kept ? 1 : 0)
                .append("\tduration_ns=").append(duration);
        for (Status s : Status.values()) {
            sb.append('\t').append(s.label()).append('=').append(counts.getOrDefault(s, 0L));
        }
        sb.append('\n');
        for (String k : keys) {
            sb.append(firstRow.get(k));
        }
        return sb.toString();
    }

    @Test
    void indexRowsSortAndDeduplicateLikeAStableSortOfTheirBytes() throws IOException {
        Random r = new Random(3);
        for (int round = 0; round < 12; round++) {
            int n = round < 4 ? r.nextInt(40) : 500 + r.nextInt(9000);
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int pid = r.nextInt(round % 3 == 0 ? 20 : 3000);
                String p = switch (r.nextInt(5)) {
                    case 0 -> "proc/" + pid;
                    case 1 -> "proc/" + pid + "/task/" + r.nextInt(5000);
                    case 2 -> "proc/" + pid + "/task/" + r.nextInt(5000) + "/" + (r.nextBoolean() ? "stat" : "wchan");
                    case 3 -> "p/" + "\u00e9\\\t\n".charAt(r.nextInt(4)) + r.nextInt(50);
                    default -> "proc/" + pid + "/" + "x".repeat(r.nextInt(30));
                };
                paths.add(p);
            }
            switch (round % 4) {
                case 1 -> Collections.sort(paths);
                case 2 -> paths.sort(Collections.reverseOrder());
                default -> { }
            }
            int maxRows = round == 5 ? n / 2 : 4_000_000;
            IndexBuilder b = new IndexBuilder(maxRows);
            List<Status> statuses = new ArrayList<>();
            long[] frames = new long[n];
            Map<Status, Long> counts = new java.util.EnumMap<>(Status.class);
            long duration = 0;
            for (int i = 0; i < n; i++) {
                Status s = Status.values()[r.nextInt(Status.values().length)];
                statuses.add(s);
                frames[i] = r.nextBoolean() ? r.nextInt(100_000) : r.nextLong() & Long.MAX_VALUE;
                long end = r.nextInt(1_000_000);
                duration = Math.max(duration, end);
                counts.merge(s, 1L, Long::sum);
                if (r.nextBoolean()) {
                    b.add(paths.get(i), s, frames[i], end);
                } else {
                    byte[] utf8 = paths.get(i).getBytes(StandardCharsets.UTF_8);
                    byte[] padded = Arrays.copyOf(utf8, utf8.length + 5);
                    b.add(padded, utf8.length, s, frames[i], end);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            IndexBuilder.Sorted sorted = b.sort();
            sorted.writeTo(out::write);
            assertEquals(sorted.length(), out.size());
            assertEquals(referenceIndex(paths, statuses, frames, n, duration, counts, maxRows),
                    out.toString(StandardCharsets.UTF_8), "round " + round);
        }
    }
    private static String field(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) {
            n++;
        }
        return new String(b, off, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Format 1.1 writes the {@code path} record only when the ustar name (and prefix) fields cannot hold
     * the path exactly: longer than they allow, or not ASCII. Whichever way it is stored, the reader gets
     * the same path back; a pax header exists only when some record does, and is always named the same.
     */
    @Test
    void pathsRoundTripAndThePathRecordIsWrittenOnlyWhenTheUstarFieldsCannotHoldThePath() throws Exception {
        Random r = new Random(20261122);
        String[] parts = {"proc", "1234", "task", "stat", "a", "\u00e9", "\u65e5\u672c", "\uD83D\uDE00", "\uD83D", "\uDE00",
                "?", "x".repeat(79), "y".repeat(80), "z".repeat(81), "w".repeat(200), "\u00e9".repeat(90), "v".repeat(99)};
        int withRecord = 0;
        int without = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int segments = 1 + r.nextInt(4);
            for (int s = 0; s < segments; s++) {
                if (s > 0) {
                    sb.append('/');
                }
                int pieces = 1 + r.nextInt(3);
                for (int p = 0; p < pieces; p++) {
                    sb.append(parts[r.nextInt(parts.length)]);
                }
            }
            String path = sb.toString();
            boolean directory = r.nextBoolean();
            io.procsnap.format.EntryHeader h = directory ? io.procsnap.format.EntryHeader.directory(path)
                    : io.procsnap.format.EntryHeader.file(path);
            if (r.nextBoolean()) {
                h = h.withOwner(directory ? 040555 : 0100444, 0, 0); // nothing unknown: maybe no pax header at all
            }
            byte[] b = TarHeaderWriter.headers(h, 0, 0);
            TarEntryReader.Parsed p = TarEntryReader.next(new StreamCursor(new java.io.ByteArrayInputStream(b)),
                    io.procsnap.format.ArchiveReader.Limits.defaults());
            String stored = new String(path.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8); // lone surrogates: '?'
            assertEquals(stored, p.header().path(), path);
            byte[] name = (path + (directory ? "/" : "")).getBytes(StandardCharsets.UTF_8);
            boolean ascii = name.length == path.length() + (directory ? 1 : 0);
            boolean fits = name.length <= TarConstants.NAME_LEN || splits(name);
            boolean hasPax = b[TarConstants.TYPEFLAG_OFFSET] == TarConstants.TYPE_PAX;
            Map<String, String> pax = hasPax ? TarHeaderParser.parsePax(b, TarConstants.BLOCK, (int) Long.parseLong(
                    field(b, TarConstants.SIZE_OFFSET, 11), 8)) : Map.of();
            assertEquals(!(ascii && fits), pax.containsKey("path"), path);
            if (hasPax) {
                assertEquals(TarConstants.PAX_HEADER_NAME, field(b, TarConstants.NAME_OFFSET, TarConstants.NAME_LEN));
            }
            if (pax.containsKey("path")) {
                withRecord++;
            } else {
                without++;
            }
        }
        assertTrue(withRecord > 1000 && without > 1000, withRecord + " with a path record, " + without + " without");
    }

    /**
     * The attributes an extracted file gets (the pax records of its entry without {@code SCHILY.xattr.})
     * are exactly {@link io.procsnap.format.EntryAttributes#of}: what the replay mount shows.
     */
    @Test
    void theRecordsOfAnEntryAreTheAttributesEntryAttributesNames() throws Exception {
        Random r = new Random(5);
        for (int n = 0; n < 5_000; n++) {
            io.procsnap.format.EntryType type = io.procsnap.format.EntryType.values()[r.nextInt(3)];
            Status status = Status.values()[r.nextInt(Status.values().length)];
            String link = type == io.procsnap.format.EntryType.SYMLINK && status == Status.OK ? "socket:[" + n + "]" : null;
            io.procsnap.format.EntryHeader h = new io.procsnap.format.EntryHeader("proc/" + n + "/x", type, status,
                    r.nextBoolean() ? null : "E" + n, r.nextBoolean() ? -1 : 0444, r.nextBoolean() ? -1 : 7,
                    r.nextBoolean() ? -1 : 8, r.nextInt(3) == 0 ? 0 : r.nextLong() >>> r.nextInt(64),
                    r.nextInt(3) == 0 ? 999 : r.nextInt(1 << 30), link);
            byte[] b = TarHeaderWriter.headers(h, 0, 0);
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            if (b[TarConstants.TYPEFLAG_OFFSET] == TarConstants.TYPE_PAX) {
                TarHeaderParser.parsePax(b, TarConstants.BLOCK, (int) Long.parseLong(field(b, TarConstants.SIZE_OFFSET, 11), 8))
                        .forEach((k, v) -> attributes.put(k.replace(TarConstants.XATTR_PREFIX, "")
                                .replace(TarConstants.SYMLINK_ATTRIBUTES, TarConstants.USER_ATTRIBUTES), v));
            }
            assertEquals(io.procsnap.format.EntryAttributes.of(h), attributes, h.toString());
        }
    }

    private static boolean splits(byte[] name) {
        for (int i = name.length - 1; i > 0; i--) {
            if (name[i] == '/' && i <= TarConstants.PREFIX_LEN && name.length - i - 1 <= TarConstants.NAME_LEN
                    && name.length - i - 1 > 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void recordLengthsMatchIntegerToString() {
        byte[] b = new byte[16];
        for (int v = 0; v < 2_000_000; v += v < 20_000 ? 1 : 1 + v / 1000) {
            int n = TarHeaderWriter.writeLength(b, 3, v);
            assertEquals(Integer.toString(v), new String(b, 3, n, StandardCharsets.US_ASCII));
        }
    }
}
