package io.procsnap.format.internal;

import io.procsnap.format.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects index rows while a capture runs and writes them sorted at close (SPEC.md "The index").
 * Rows are kept as their final bytes in 1 MiB chunks plus one {@code long} reference each (chunk,
 * offset, path length and row length, so neither sorting nor writing scans a row), up to
 * {@code maxRows} rows; beyond that the index is marked partial and rows are no longer kept.
 *
 * <p>Sorting is spread over the capture instead of all happening at close, where it is on the
 * critical path: every {@value #RUN} rows are sorted as they arrive and pushed as a sorted run, and
 * runs of equal size are merged at once (a binary counter, as in a bottom-up merge sort). Close then
 * sorts at most {@value #RUN} rows and merges the few runs left, about twice the rows in all instead
 * of log2(rows) times.
 * Memory: the escaped path length plus about 18 bytes per entry for the rows, 8 per entry of merge
 * scratch, and 8 per indexed row while writing at close.
 */
public final class IndexBuilder {
    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** Rows sorted together as they arrive, before they join the merged runs. */
    private static final int RUN = 1024;
    /** Bits of a reference: offset in the chunk, escaped path length, rest of the row; the chunk number above. */
    private static final int PATH_SHIFT = CHUNK_BITS;
    private static final int PATH_BITS = 15;
    private static final int REST_SHIFT = PATH_SHIFT + PATH_BITS;
    private static final int REST_BITS = 7;
    private static final int CHUNK_SHIFT = REST_SHIFT + REST_BITS;
    /** Longest path kept in a row: its escaped form must fit the reference's length field. */
    private static final int MAX_PATH_BYTES = ((1 << PATH_BITS) - 1) / 2;
    private static final byte[][] LABELS = labels();

    private final int maxRows;
    private byte[][] chunks = new byte[4][];
    private int chunkCount;
    private int chunkPos = CHUNK;
    private long[] refs = new long[1024];
    private int rows;
    /** {@code refs[0, sorted)} is a sequence of sorted runs, oldest (and longest) first. */
    private int sorted;
    private int[] runStarts = new int[64];
    private int runCount;
    private long[] tmp = new long[RUN];
    private long entries;
    private long durationNanos;
    private final long[] counts = new long[Status.values().length];
    private byte[] utf8 = new byte[256];
    private final byte[] digits = new byte[20];

    public IndexBuilder(int maxRows) {
        this.maxRows = Math.max(0, maxRows);
    }

    private static byte[][] labels() {
        Status[] all = Status.values();
        byte[][] out = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            out[i] = all[i].label().getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** Records one entry: counted always, kept as a row while under the row limit. */
    public void add(String path, Status status, long frame, long endNanos) {
        utf8 = TarHeaderWriter.Utf8.ensure(utf8, 0, path.length() * 3);
        int n = TarHeaderWriter.Utf8.encode(path, 0, path.length(), utf8, 0);
        add(utf8, n, status, frame, endNanos);
    }

    /**
     * Like {@link #add(String, Status, long, long)} for a path already encoded as UTF-8 (the bytes
     * {@code String.getBytes(UTF_8)} gives) in {@code path[0, length)}; the bytes are copied. A row
     * holds the frame where the entry's first header block starts, not the offset in it (index
     * version 2): offsets were most of the index's compressed size, and a lookup finds the entry by
     * reading the headers of that one frame.
     */
    public void add(byte[] path, int length, Status status, long frame, long endNanos) {
        entries++;
        counts[status.ordinal()]++;
        durationNanos = Math.max(durationNanos, endNanos);
        if (rows >= maxRows) {
            return;
        }
        if (length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("index path longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (chunkPos + 2 * length + 64 > CHUNK) { // escaped path, a number of at most 20 chars, label
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
            }
            chunks[chunkCount++] = new byte[CHUNK];
            chunkPos = 0;
        }
        byte[] c = chunks[chunkCount - 1];
        int start = chunkPos;
        int p = start;
        for (int i = 0; i < length; i++) {
            byte b = path[i];
            if (b == '\\' || b == '\t' || b == '\n') {
                c[p++] = '\\';
                c[p++] = b == '\\' ? (byte) '\\' : b == '\t' ? (byte) 't' : (byte) 'n';
            } else {
                c[p++] = b;
            }
        }
        int pathLen = p - start;
        c[p++] = '\t';
        p = decimal(c, p, frame);
        c[p++] = '\t';
        byte[] label = LABELS[status.ordinal()];
        System.arraycopy(label, 0, c, p, label.length);
        p += label.length;
        c[p++] = '\n';
        if (rows == refs.length) {
            refs = Arrays.copyOf(refs, rows * 2);
        }
        refs[rows++] = (long) (chunkCount - 1) << CHUNK_SHIFT | (long) (p - start - pathLen) << REST_SHIFT
                | (long) pathLen << PATH_SHIFT | start;
        chunkPos = p;
        if (rows - sorted == RUN) {
            pushRun();
            while (runCount >= 2 && runLength(runCount - 2) <= runLength(runCount - 1)) {
                mergeTop();
            }
        }
    }

    /** Long.toString(v) at {@code c[p]}; returns the end. */
    private int decimal(byte[] c, int p, long v) {
        int d = TarHeaderWriter.backwardDecimal(digits, v);
        int n = 20 - d;
        System.arraycopy(digits, d, c, p, n);
        return p + n;
    }

    public long entries() {
        return entries;
    }

    /** Escapes a path for an index row: backslash, tab and newline become {@code \\}, {@code \t}, {@code \n}. */
    public static byte[] escape(String path) {
        byte[] raw = path.getBytes(StandardCharsets.UTF_8);
        int extra = 0;
        for (byte b : raw) {
            if (b == '\\' || b == '\t' || b == '\n') {
                extra++;
            }
        }
        if (extra == 0) {
            return raw;
        }
        byte[] out = new byte[raw.length + extra];
        int j = 0;
        for (byte b : raw) {
            if (b == '\\' || b == '\t' || b == '\n') {
                out[j++] = '\\';
                out[j++] = b == '\\' ? (byte) '\\' : b == '\t' ? (byte) 't' : (byte) 'n';
            } else {
                out[j++] = b;
            }
        }
        return out;
    }

    /** Receives the index bytes in order. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] b, int off, int len) throws IOException;
    }

    /** Sorts the rows (stable: of duplicate paths the first added stays first, later ones are dropped). */
    public Sorted sort() {
        if (sorted < rows) {
            pushRun();
        }
        while (runCount >= 2) {
            mergeTop();
        }
        long[] order = new long[rows];
        int kept = 0;
        long bytes = 0;
        for (int i = 0; i < rows; i++) {
            if (i == 0 || !samePath(refs[i - 1], refs[i])) {
                order[kept++] = refs[i];
                bytes += rowLength(refs[i]);
            }
        }
        if (kept < rows) {
            order = Arrays.copyOf(order, kept);
        }
        StringBuilder h = new StringBuilder(IndexTable.MAGIC).append("\tversion=").append(IndexTable.VERSION)
                .append("\tentries=").append(entries)
                .append("\tindexed=").append(kept).append("\tpartial=").append(entries > rows ? 1 : 0)
                .append("\tduration_ns=").append(durationNanos);
        for (Status s : Status.values()) {
            h.append('\t').append(s.label()).append('=').append(counts[s.ordinal()]);
        }
        byte[] header = h.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        return new Sorted(header, order, header.length + bytes);
    }

    /** The index ready to write: {@link #length()} bytes in total. */
    public final class Sorted {
        private final byte[] header;
        private final long[] order;
        private final long length;

        private Sorted(byte[] header, long[] order, long length) {
            this.header = header;
            this.order = order;
            this.length = length;
        }

        public long length() {
            return length;
        }

        /** The header line, newline included. */
        public byte[] header() {
            return header.clone();
        }

        public void writeTo(Sink sink) throws IOException {
            sink.write(header, 0, header.length);
            writeRows(sink);
        }

        /** The rows only, one {@link Sink#write} call per row. */
        public void writeRows(Sink sink) throws IOException {
            for (long r : order) {
                sink.write(chunks[(int) (r >>> CHUNK_SHIFT)], (int) r & (CHUNK - 1), rowLength(r));
            }
        }
    }

    private static int rowLength(long ref) {
        return pathLength(ref) + ((int) (ref >>> REST_SHIFT) & ((1 << REST_BITS) - 1));
    }

    private static int pathLength(long ref) {
        return (int) (ref >>> PATH_SHIFT) & ((1 << PATH_BITS) - 1);
    }

    /** Compares the (escaped) path fields as unsigned bytes, a proper prefix first. */
    private int compare(long a, long b) {
        int i = (int) a & (CHUNK - 1);
        int j = (int) b & (CHUNK - 1);
        return Arrays.compareUnsigned(chunks[(int) (a >>> CHUNK_SHIFT)], i, i + pathLength(a),
                chunks[(int) (b >>> CHUNK_SHIFT)], j, j + pathLength(b));
    }

    private boolean samePath(long a, long b) {
        int n = pathLength(a);
        if (n != pathLength(b)) {
            return false;
        }
        int i = (int) a & (CHUNK - 1);
        int j = (int) b & (CHUNK - 1);
        return Arrays.equals(chunks[(int) (a >>> CHUNK_SHIFT)], i, i + n, chunks[(int) (b >>> CHUNK_SHIFT)], j, j + n);
    }

    private int runLength(int run) {
        return (run + 1 < runCount ? runStarts[run + 1] : sorted) - runStarts[run];
    }

    /** Sorts {@code refs[sorted, rows)} and pushes it as the newest run. */
    private void pushRun() {
        int from = sorted;
        int to = rows;
        for (int lo = from; lo < to; lo += 16) { // insertion sort of small groups, then bottom-up merges
            int hi = Math.min(to, lo + 16);
            for (int i = lo + 1; i < hi; i++) {
                long v = refs[i];
                int j = i - 1;
                while (j >= lo && compare(refs[j], v) > 0) {
                    refs[j + 1] = refs[j];
                    j--;
                }
                refs[j + 1] = v;
            }
        }
        for (int width = 16; width < to - from; width *= 2) {
            for (int lo = from; lo + width < to; lo += 2 * width) {
                merge(lo, lo + width, Math.min(to, lo + 2 * width));
            }
        }
        if (runCount == runStarts.length) {
            runStarts = Arrays.copyOf(runStarts, runCount * 2);
        }
        runStarts[runCount++] = from;
        sorted = to;
    }

    private void mergeTop() {
        int hi = sorted;
        int mid = runStarts[runCount - 1];
        int lo = runStarts[runCount - 2];
        merge(lo, mid, hi);
        runCount--;
    }

    /** Stable merge of the sorted ranges {@code refs[lo, mid)} and {@code refs[mid, hi)}. */
    private void merge(int lo, int mid, int hi) {
        long[] a = refs;
        if (compare(a[mid - 1], a[mid]) <= 0) {
            return; // already in order: common when rows arrive sorted
        }
        // left rows not after the right's first, and right rows not before the left's last, stay put
        long first = a[mid];
        int l = lo;
        int r = mid - 1;
        while (l < r) {
            int m = (l + r) >>> 1;
            if (compare(a[m], first) > 0) {
                r = m;
            } else {
                l = m + 1;
            }
        }
        lo = l;
        long last = a[mid - 1];
        l = mid;
        r = hi;
        while (l < r) {
            int m = (l + r) >>> 1;
            if (compare(a[m], last) < 0) {
                l = m + 1;
            } else {
                r = m;
            }
        }
        hi = l;
        int n = mid - lo;
        if (tmp.length < n) {
            tmp = new long[Math.max(n, Math.min(rows, 2 * tmp.length))];
        }
        long[] t = tmp;
        System.arraycopy(a, lo, t, 0, n);
        int i = 0;
        int j = mid;
        int k = lo;
        while (i < n && j < hi) {
            a[k++] = compare(a[j], t[i]) < 0 ? a[j++] : t[i++];
        }
        System.arraycopy(t, i, a, k, n - i); // what is left of the right run is in place already
    }
}
