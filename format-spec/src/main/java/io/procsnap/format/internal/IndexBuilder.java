package io.procsnap.format.internal;

import io.procsnap.format.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Collects index rows while a capture runs and writes them sorted at close (SPEC.md "The index").
 * Rows are kept as their final bytes in 1 MiB chunks plus one {@code long} reference each, so memory
 * is the escaped path length plus about 26 bytes per entry (17 more while sorting at close), up to
 * {@code maxRows} rows; beyond that the index is marked partial and rows are no longer kept.
 */
public final class IndexBuilder {
    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final int maxRows;
    private byte[][] chunks = new byte[4][];
    private int chunkCount;
    private int chunkPos = CHUNK;
    private long[] refs = new long[1024];
    private int rows;
    private long entries;
    private long durationNanos;
    private final Map<Status, Long> counts = new EnumMap<>(Status.class);

    public IndexBuilder(int maxRows) {
        this.maxRows = Math.max(0, maxRows);
    }

    /** Records one entry: counted always, kept as a row while under the row limit. */
    public void add(String path, Status status, long frame, long offset, long endNanos) {
        entries++;
        counts.merge(status, 1L, Long::sum);
        durationNanos = Math.max(durationNanos, endNanos);
        if (rows >= maxRows) {
            return;
        }
        byte[] row = (new String(escape(path), StandardCharsets.UTF_8) + "\t" + frame + "\t" + offset + "\t"
                + status.label() + "\n").getBytes(StandardCharsets.UTF_8);
        if (chunkPos + row.length > CHUNK) {
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
            }
            chunks[chunkCount++] = new byte[CHUNK];
            chunkPos = 0;
        }
        System.arraycopy(row, 0, chunks[chunkCount - 1], chunkPos, row.length);
        if (rows == refs.length) {
            refs = Arrays.copyOf(refs, rows * 2);
        }
        refs[rows++] = ((long) (chunkCount - 1) << CHUNK_BITS) | chunkPos;
        chunkPos += row.length;
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
        long[] sorted = Arrays.copyOf(refs, rows);
        long[] tmp = new long[rows];
        mergeSort(sorted, tmp, 0, rows);
        boolean[] dup = new boolean[rows];
        long bytes = 0;
        int kept = 0;
        for (int i = 0; i < rows; i++) {
            if (i > 0 && comparePaths(sorted[i - 1], sorted[i]) == 0) {
                dup[i] = true;
            } else {
                bytes += rowLength(sorted[i]);
                kept++;
            }
        }
        StringBuilder h = new StringBuilder("#procsnap-index\tversion=1\tentries=").append(entries)
                .append("\tindexed=").append(kept).append("\tpartial=").append(entries > rows ? 1 : 0)
                .append("\tduration_ns=").append(durationNanos);
        for (Status s : Status.values()) {
            h.append('\t').append(s.label()).append('=').append(counts.getOrDefault(s, 0L));
        }
        byte[] header = h.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        return new Sorted(header, sorted, dup, header.length + bytes);
    }

    /** The index ready to write: {@link #length()} bytes in total. */
    public final class Sorted {
        private final byte[] header;
        private final long[] order;
        private final boolean[] dup;
        private final long length;

        private Sorted(byte[] header, long[] order, boolean[] dup, long length) {
            this.header = header;
            this.order = order;
            this.dup = dup;
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
            for (int i = 0; i < order.length; i++) {
                if (!dup[i]) {
                    long r = order[i];
                    sink.write(chunks[(int) (r >>> CHUNK_BITS)], (int) (r & (CHUNK - 1)), rowLength(r));
                }
            }
        }
    }

    private int rowLength(long ref) {
        byte[] c = chunks[(int) (ref >>> CHUNK_BITS)];
        int start = (int) (ref & (CHUNK - 1));
        int i = start;
        while (c[i] != '\n') {
            i++;
        }
        return i - start + 1;
    }

    /** Compares the path fields (up to the first tab) as unsigned bytes. */
    private int comparePaths(long a, long b) {
        byte[] ca = chunks[(int) (a >>> CHUNK_BITS)];
        byte[] cb = chunks[(int) (b >>> CHUNK_BITS)];
        int i = (int) (a & (CHUNK - 1));
        int j = (int) (b & (CHUNK - 1));
        while (true) {
            int x = ca[i] == '\t' ? -1 : ca[i] & 0xff;
            int y = cb[j] == '\t' ? -1 : cb[j] & 0xff;
            if (x != y) {
                return Integer.compare(x, y);
            }
            if (x == -1) {
                return 0;
            }
            i++;
            j++;
        }
    }

    private void mergeSort(long[] a, long[] tmp, int from, int to) {
        if (to - from < 16) {
            for (int i = from + 1; i < to; i++) {
                long v = a[i];
                int j = i - 1;
                while (j >= from && comparePaths(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid);
        mergeSort(a, tmp, mid, to);
        if (comparePaths(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            a[k++] = comparePaths(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            a[k++] = tmp[i++];
        }
        while (j < to) {
            a[k++] = tmp[j++];
        }
    }
}
