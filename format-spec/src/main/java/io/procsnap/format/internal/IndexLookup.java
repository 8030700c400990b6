package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.ArchiveReader.Limits;
import io.procsnap.format.Status;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;

/**
 * Finds entries through the index of a complete zstd archive: the frame map {@code index-frames.tsv}
 * leads to the one or two 64 KiB frames of {@code index.tsv} that can hold a path (SPEC.md "The
 * index"). Archives without a frame map are served from the whole {@code index.tsv}.
 */
public final class IndexLookup {
    /** Frames whose entries {@link #entryInFrame} read, kept for the next lookups there: frame -> path -> entry. */
    private static final int SCANNED_FRAMES = 8;

    private final FrameStore store;
    private final Limits limits;
    private final Map<Integer, Map<String, TarEntryReader.Parsed>> scanned =
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, Map<String, TarEntryReader.Parsed>> eldest) {
                    return size() > SCANNED_FRAMES;
                }
            };
    /** The whole index (archives without a frame map) or null. */
    private final IndexTable index;
    /** The index's frame map (the normal case) or null. */
    private final IndexFrames frameMap;
    /** Where {@code index.tsv} starts when found at open without a frame map, else -1 (the frame map says). */
    private final int foundAt;

    private IndexLookup(FrameStore store, Limits limits, IndexTable index, IndexFrames frameMap, int foundAt) {
        this.store = store;
        this.limits = limits;
        this.index = index;
        this.frameMap = frameMap;
        this.foundAt = foundAt;
    }

    /**
     * The index starts in a fresh frame and only its frame map and the end-of-archive blocks follow,
     * so both are found by walking back from the last frame to the first one that starts with one of
     * their headers: the frame map (normally the last frame) or, in archives without one, the index.
     *
     * @return the lookup, or null when no index is found within the entry-size budget
     */
    public static IndexLookup locate(FrameStore store, Limits limits) throws IOException, FormatException {
        long budget = limits.maxEntrySize() + 2 * limits.maxFrameSize();
        for (int k = store.count() - 1; k >= 0 && budget > 0; k--) {
            budget -= store.decompressedSize(k);
            FrameCursor cursor = new FrameCursor(store, k, 0);
            TarEntryReader.Parsed p;
            try {
                p = TarEntryReader.next(cursor, limits);
            } catch (FormatException | EOFException e) {
                continue; // the middle of an entry's content, or the end-of-archive frame
            }
            if (p == null) {
                continue;
            }
            String name = p.header().path();
            if (name.equals(TarConstants.INDEX_FRAMES_PATH) || name.equals(TarConstants.INDEX_PATH)) {
                byte[] data = new byte[(int) p.size()];
                cursor.readFully(data, 0, data.length);
                return name.equals(TarConstants.INDEX_PATH)
                        ? new IndexLookup(store, limits, IndexTable.parse(data), null, k)
                        : new IndexLookup(store, limits, null, IndexFrames.parse(data), -1);
            }
        }
        return null;
    }

    /** A numeric field of the index header, or -1. */
    public long number(String field) {
        return frameMap != null ? frameMap.number(field, -1) : index.number(field, -1);
    }

    public Map<Status, Long> counts() {
        return frameMap != null ? frameMap.counts() : index.counts();
    }

    /** True when the writer stopped keeping rows: a path missing here may still be in the archive. */
    public boolean partial() {
        return frameMap != null ? frameMap.partial() : index.partial();
    }

    /**
     * The frame where the {@code index.tsv} entry starts (what the frame map's {@code index_frame} says, or
     * where it was found at open), or -1 when the frame map does not say: every entry's first header starts
     * before it.
     */
    public long indexFrame() {
        return frameMap != null ? frameMap.number("index_frame", -1) : foundAt;
    }

    /**
     * The whole {@code index.tsv}: read from the frame where the frame map says it starts (or the index
     * found at open, in archives without a frame map).
     */
    public IndexTable whole() throws IOException, FormatException {
        if (frameMap == null) {
            return index;
        }
        long k = frameMap.number("index_frame", -1);
        if (k < 0 || k >= store.count()) {
            throw new FormatException(Kind.CORRUPT, "index frame map names index frame " + k + ", outside the "
                    + store.count() + " frames");
        }
        FrameCursor cursor = new FrameCursor(store, (int) k, 0);
        TarEntryReader.Parsed p = TarEntryReader.next(cursor, limits);
        if (p == null || !p.header().path().equals(TarConstants.INDEX_PATH) || p.size() > limits.maxEntrySize()) {
            throw new FormatException(Kind.CORRUPT, "index frame map names frame " + k + ", which does not start "
                    + TarConstants.INDEX_PATH);
        }
        byte[] data = new byte[(int) p.size()];
        cursor.readFully(data, 0, data.length);
        return IndexTable.parse(data);
    }

    /** The row for {@code path}, or null. */
    public IndexTable.Row find(String path) throws IOException, FormatException {
        return rowsFor(path).find(path);
    }

    /** The index rows that may hold {@code path}: all of them, or one region through the frame map. */
    private IndexTable rowsFor(String path) throws IOException, FormatException {
        if (frameMap == null) {
            return index;
        }
        IndexFrames.Region g = frameMap.region(path);
        if (g == null) {
            return IndexTable.rows(new byte[0], frameMap.version());
        }
        long length = distance(g.fromFrame(), g.fromOffset(), g.toFrame(), g.toOffset());
        if (length < 0 || length > limits.maxEntrySize()) {
            throw new FormatException(Kind.CORRUPT, "index frame map region " + g + " is not a valid range");
        }
        byte[] rows = new byte[(int) length];
        new FrameCursor(store, (int) g.fromFrame(), g.fromOffset()).readFully(rows, 0, rows.length);
        return IndexTable.rows(rows, frameMap.version());
    }

    /**
     * The entry at {@code path} among those starting in frame {@code k}, or null: index version 2 rows
     * name only the frame, and the writer starts every frame with an entry (or the continuation of one
     * larger than a frame, which no row points into), so the frame's headers are read from its start.
     * Reading stops at the first entry that starts in a later frame; no later frame is decompressed.
     * The frame's entries are kept for the next lookups in it (the last {@value #SCANNED_FRAMES} frames).
     */
    public TarEntryReader.Parsed entryInFrame(int k, String path) throws IOException, FormatException {
        Map<String, TarEntryReader.Parsed> entries;
        synchronized (scanned) {
            entries = scanned.get(k);
        }
        if (entries == null) {
            entries = new java.util.HashMap<>();
            Map<String, TarEntryReader.Parsed> found = entries;
            try {
                forEachInFrame(store, k, limits, p -> found.putIfAbsent(p.header().path(), p));
            } catch (IOException | FormatException e) {
                // a damaged or cut-off place later in the frame: the entries before it still count (not kept)
                TarEntryReader.Parsed before = entries.get(path);
                if (before != null) {
                    return before;
                }
                throw e;
            }
            synchronized (scanned) {
                scanned.put(k, entries);
            }
        }
        return entries.get(path);
    }

    /**
     * Hands {@code each} the headers of the entries that start in frame {@code k}, in order, read from the
     * frame's start; content is skipped. Stops at the first entry that starts in a later frame.
     */
    public static void forEachInFrame(FrameStore store, int k, Limits limits,
                                      java.util.function.Consumer<TarEntryReader.Parsed> each)
            throws IOException, FormatException {
        FrameCursor cursor = new FrameCursor(store, k, 0);
        while (cursor.frame() == k) {
            TarEntryReader.Parsed p = TarEntryReader.next(cursor, limits);
            if (p == null) {
                break;
            }
            each.accept(p);
            cursor.skip(TarConstants.padded(p.size()));
        }
    }

    /** Decompressed bytes from one position to a later one, or -1 when either is outside the frames. */
    private long distance(long fromFrame, long fromOffset, long toFrame, long toOffset) {
        if (fromFrame < 0 || toFrame < fromFrame || toFrame >= store.count() || fromOffset < 0 || toOffset < 0
                || fromOffset > store.decompressedSize((int) fromFrame)
                || toOffset > store.decompressedSize((int) toFrame)) {
            return -1;
        }
        long d = toOffset - fromOffset;
        for (long f = fromFrame; f < toFrame; f++) {
            d += store.decompressedSize((int) f);
        }
        return d;
    }
}
