package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The index entry's bytes, searched in place: rows are sorted by escaped path bytes, so a lookup is
 * a binary search over row starts that parses only the rows it touches. Version 2 (format 1.1) rows
 * hold the frame where an entry starts; version 1 rows (format 1.0) also the offset in it.
 *
 * <pre>
 * #procsnap-index	version=2	entries=3	indexed=3	partial=0	duration_ns=5200000	ok=2	timeout=1	...
 * proc/306/stat	1	ok
 * proc/306/wchan	1	timeout
 * </pre>
 */
public final class IndexTable {
    public static final String MAGIC = "#procsnap-index";
    /** The index version this library writes; it reads 1 and 2. */
    public static final int VERSION = 2;

    /**
     * One row: where an entry's first header block is and how its read ended.
     *
     * @param offset the block's offset in the frame (version 1), or -1 when the row does not say (version 2)
     */
    public record Row(long frame, long offset, Status status) {
    }

    private final byte[] data;
    private final int rowsStart;
    private final IndexHeader header;
    private final int version;

    private IndexTable(byte[] data, int rowsStart, IndexHeader header, int version) {
        this.data = data;
        this.rowsStart = rowsStart;
        this.header = header;
        this.version = version;
    }

    /** A run of complete rows of an index of {@code version}, without a header line (see {@link IndexFrames}). */
    public static IndexTable rows(byte[] data, int version) throws FormatException {
        if (data.length > 0 && data[data.length - 1] != '\n') {
            throw new FormatException(Kind.CORRUPT, "index rows do not end with a newline");
        }
        return new IndexTable(data, 0, IndexHeader.EMPTY, version);
    }

    /**
     * The version of an index (or frame map) header: 1 or 2; anything else is refused.
     *
     * @param what {@code index} or {@code index frame map}, for the message
     */
    static int version(IndexHeader h, String what) throws FormatException {
        String v = h.get("version");
        if (!"1".equals(v) && !"2".equals(v)) {
            throw new FormatException(Kind.UNSUPPORTED_VERSION, what + " version " + v
                    + " found; this reader supports versions 1 and 2");
        }
        return Integer.parseInt(v);
    }

    /** Parses the header line; rows are left as bytes. */
    public static IndexTable parse(byte[] data) throws FormatException {
        int nl = 0;
        while (nl < data.length && data[nl] != '\n') {
            nl++;
        }
        if (nl == data.length) {
            throw new FormatException(Kind.CORRUPT, "index has no complete header line");
        }
        String header = new String(data, 0, nl, StandardCharsets.UTF_8);
        String[] parts = header.split("\t");
        if (!parts[0].equals(MAGIC)) {
            throw new FormatException(Kind.CORRUPT, "index header starts with " + Bytes.quote(parts[0])
                    + ", expected '" + MAGIC + "'");
        }
        IndexHeader f = IndexHeader.parse(parts);
        int version = version(f, "index");
        if (data[data.length - 1] != '\n') {
            throw new FormatException(Kind.CORRUPT, "index does not end with a newline");
        }
        return new IndexTable(data, nl + 1, f, version);
    }

    public long number(String field, long fallback) {
        return header.number(field, fallback);
    }

    public boolean partial() {
        return header.partial();
    }

    public Map<Status, Long> counts() {
        return header.counts();
    }

    /** Receives the rows of {@link #forEachRow}. */
    @FunctionalInterface
    public interface RowVisitor {
        void row(String path, long frame, Status status) throws IOException;
    }

    /**
     * Every row in index order (sorted by path), the path unescaped; version 1 rows' offsets are not
     * passed. A row that does not parse throws {@code CORRUPT}.
     */
    public void forEachRow(RowVisitor visitor) throws IOException, FormatException {
        forEachPlacedRow((path, frame, offset, status) -> visitor.row(path, frame, status));
    }

    /** Receives the rows of {@link #forEachPlacedRow}. */
    @FunctionalInterface
    public interface PlacedRowVisitor {
        /** @param offset the entry's offset in its frame (version 1 rows), or -1 (version 2 rows do not say) */
        void row(String path, long frame, long offset, Status status) throws IOException;
    }

    /** {@link #forEachRow} with each version 1 row's offset too (-1 for version 2 rows). */
    public void forEachPlacedRow(PlacedRowVisitor visitor) throws IOException, FormatException {
        for (int s = rowsStart; s < data.length; ) {
            int end = rowEnd(s) - 1;
            int tab = s;
            while (tab < end && data[tab] != '\t') {
                tab++;
            }
            long frame = -1;
            long offset = -1;
            Status status = null;
            // path, frame, [offset,] status[, later columns]: read in place; version 1's offset is
            // checked to be a number and skipped
            int i = tab + 1;
            long f = 0;
            int digits = 0;
            for (; i < end && data[i] >= '0' && data[i] <= '9' && digits < 18; i++, digits++) {
                f = f * 10 + (data[i] - '0');
            }
            boolean columns = digits > 0 && i < end && data[i] == '\t';
            if (columns && version == 1) {
                int o = i + 1;
                long at = 0;
                for (i = o; i < end && data[i] >= '0' && data[i] <= '9' && i - o < 18; i++) {
                    at = at * 10 + (data[i] - '0');
                }
                columns = i > o && i < end && data[i] == '\t';
                offset = at;
            }
            if (columns) {
                frame = f;
                status = status(i + 1, end);
            }
            if (status == null) { // a row parseRow explains (or takes: a signed number, an unknown status label)
                Row row = parseRow(s);
                frame = row.frame();
                offset = row.offset();
                status = row.status();
            }
            visitor.row(unescape(s, tab), frame, version == 1 ? offset : -1, status);
            s = end + 1;
        }
    }

    private static final Status[] STATUSES = Status.values();
    private static final byte[][] LABELS = labels();

    private static byte[][] labels() {
        byte[][] b = new byte[STATUSES.length][];
        for (int i = 0; i < b.length; i++) {
            b[i] = STATUSES[i].label().getBytes(StandardCharsets.US_ASCII);
        }
        return b;
    }

    /** The status whose label is the column at {@code from} (up to a tab or {@code end}), or null. */
    private Status status(int from, int end) {
        int to = from;
        while (to < end && data[to] != '\t') {
            to++;
        }
        for (int k = 0; k < LABELS.length; k++) {
            if (java.util.Arrays.equals(data, from, to, LABELS[k], 0, LABELS[k].length)) {
                return STATUSES[k];
            }
        }
        return null;
    }

    /** The path of a row, {@code \\}, {@code \t} and {@code \n} undone. */
    private String unescape(int from, int to) {
        int backslash = from;
        while (backslash < to && data[backslash] != '\\') {
            backslash++;
        }
        if (backslash == to) {
            return new String(data, from, to - from, StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b == '\\' && i + 1 < to) {
                byte n = data[++i];
                out.write(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The first row for {@code path}, or null. */
    public Row find(String path) throws FormatException {
        byte[] key = IndexBuilder.escape(path);
        int lo = rowsStart;
        int hi = data.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int s = mid;
            while (s > lo && data[s - 1] != '\n') {
                s--;
            }
            if (compare(s, key) < 0) {
                lo = rowEnd(s);
            } else {
                hi = s;
            }
        }
        if (lo >= data.length || compare(lo, key) != 0) {
            return null;
        }
        return parseRow(lo);
    }

    private int rowEnd(int s) {
        int i = s;
        while (data[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    private int compare(int s, byte[] key) {
        int i = s;
        for (int k = 0; ; k++, i++) {
            int x = data[i] == '\t' || data[i] == '\n' ? -1 : data[i] & 0xff;
            int y = k == key.length ? -1 : key[k] & 0xff;
            if (x != y) {
                return Integer.compare(x, y);
            }
            if (x == -1) {
                return 0;
            }
        }
    }

    private Row parseRow(int s) throws FormatException {
        int end = rowEnd(s) - 1;
        String row = new String(data, s, end - s, StandardCharsets.UTF_8);
        String[] cols = row.split("\t", -1);
        int expected = version == 1 ? 4 : 3; // path, frame, [offset,] status; later columns are ignored
        if (cols.length < expected) {
            throw new FormatException(Kind.CORRUPT, "index row at offset " + s + " has " + cols.length
                    + " columns, expected " + expected + ": " + Bytes.quote(row));
        }
        try {
            return version == 1 ? new Row(Long.parseLong(cols[1]), Long.parseLong(cols[2]), Status.fromLabel(cols[3]))
                    : new Row(Long.parseLong(cols[1]), -1, Status.fromLabel(cols[2]));
        } catch (NumberFormatException e) {
            throw new FormatException(Kind.CORRUPT, "index row at offset " + s + " has a bad frame or offset: "
                    + Bytes.quote(row));
        }
    }
}
