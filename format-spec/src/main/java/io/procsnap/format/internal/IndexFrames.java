package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.Status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code index-frames.tsv}, the map of the index: for every frame of {@code index.tsv}, where its
 * first row starts and that row's path. A lookup binary-searches this map, then decompresses only
 * the one or two index frames whose rows can hold the path (SPEC.md "The index").
 *
 * <pre>
 * #procsnap-index-frames	version=2	index_frame=57	rows_end=126:3344	entries=100000	indexed=100000	...
 * 57	1799	cmd/dmesg/stdout
 * 58	31	proc/1031/task/10312/stat
 * </pre>
 */
public final class IndexFrames {
    public static final String MAGIC = "#procsnap-index-frames";

    private final IndexHeader header;
    private final int version;
    private final long[] frames;
    private final long[] offsets;
    private final byte[][] firstPaths;
    private final long endFrame;
    private final long endOffset;

    private IndexFrames(IndexHeader header, int version, long[] frames, long[] offsets, byte[][] firstPaths,
                        long endFrame, long endOffset) {
        this.header = header;
        this.version = version;
        this.frames = frames;
        this.offsets = offsets;
        this.firstPaths = firstPaths;
        this.endFrame = endFrame;
        this.endOffset = endOffset;
    }

    public static IndexFrames parse(byte[] data) throws FormatException {
        String text = new String(data, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        String[] head = lines[0].split("\t");
        if (!head[0].equals(MAGIC)) {
            throw new FormatException(Kind.CORRUPT, "index frame map starts with " + Bytes.quote(head[0])
                    + ", expected '" + MAGIC + "'");
        }
        IndexHeader f = IndexHeader.parse(head);
        int version = IndexTable.version(f, "index frame map");
        String end = f.get("rows_end", "");
        int colon = end.indexOf(':');
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                String[] cols = lines[i].split("\t", 3);
                if (cols.length < 3) {
                    throw new FormatException(Kind.CORRUPT, "index frame map line " + (i + 1) + " has "
                            + cols.length + " columns, expected 3: " + Bytes.quote(lines[i]));
                }
                rows.add(cols);
            }
        }
        long[] fr = new long[rows.size()];
        long[] off = new long[rows.size()];
        byte[][] paths = new byte[rows.size()][];
        try {
            for (int i = 0; i < fr.length; i++) {
                fr[i] = Long.parseLong(rows.get(i)[0]);
                off[i] = Long.parseLong(rows.get(i)[1]);
                paths[i] = rows.get(i)[2].getBytes(StandardCharsets.UTF_8);
            }
            if (colon < 0) {
                throw new NumberFormatException("rows_end");
            }
            return new IndexFrames(f, version, fr, off, paths, Long.parseLong(end.substring(0, colon)),
                    Long.parseLong(end.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new FormatException(Kind.CORRUPT, "index frame map has a bad number: " + e.getMessage());
        }
    }

    /** The version of the index this maps (the map's own version is the index's). */
    public int version() {
        return version;
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

    /** Where the rows that may hold {@code path} lie: from (fromFrame, fromOffset) to (toFrame, toOffset). */
    public record Region(long fromFrame, long fromOffset, long toFrame, long toOffset) {
    }

    /** The region whose rows may hold {@code path}, or null when it sorts before every row. */
    public Region region(String path) {
        byte[] key = IndexBuilder.escape(path);
        int lo = 0;
        int hi = frames.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(firstPaths[mid], key) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return null;
        }
        return found + 1 < frames.length
                ? new Region(frames[found], offsets[found], frames[found + 1], offsets[found + 1])
                : new Region(frames[found], offsets[found], endFrame, endOffset);
    }

    private static int compare(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = a[i] & 0xff;
            int y = b[i] & 0xff;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
