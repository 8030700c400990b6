package io.procsnap.format.internal;

import io.procsnap.format.Status;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * Which zstd frames a walk reads when the index says that the others hold only entries its caller does
 * not need (issue 16: the repeated samples, half of a 10,000-thread capture, for a command that reads the
 * main pass alone). Built from a whole, intact index; the walk ({@link EntryWalk}) jumps from an entry
 * boundary in a frame it does not read to the start of the next frame it reads, and ends where the
 * index starts.
 *
 * <p>A frame is read when an entry it starts is needed, and frame 0 (the manifest) always. A frame read that
 * may not start with an entry (a format 1.0 frame whose rows all start past its offset 0, or a frame no row
 * points into: the inside of an entry larger than a frame) has the frame before it read too, so the walk
 * reaches it by reading on, never by a jump: every jump lands at a frame that starts with an entry.
 */
public final class FramePlan {
    /** By frame below {@link #end}: whether the walk reads it. */
    private final boolean[] read;
    /** The frames read, in order. */
    private final int[] order;
    private final int end;
    private final int skipped;

    /** The rows of the unneeded entries until {@link #forEachUnreadRow} hands them on, then null. */
    private Unneeded unneeded;

    private FramePlan(boolean[] read, int end, Unneeded unneeded) {
        this.read = read;
        this.unneeded = unneeded;
        this.end = end;
        int n = 0;
        for (boolean r : read) {
            n += r ? 1 : 0;
        }
        this.order = new int[n];
        for (int k = 0, i = 0; k < end; k++) {
            if (read[k]) {
                order[i++] = k;
            }
        }
        this.skipped = end - n;
    }

    /**
     * The plan for a walk that needs the entries {@code needed} accepts, or null when the index cannot
     * stand for the frames it would skip: a row naming frame 0 or a frame at or past {@code indexFrame}, or
     * {@code indexFrame} outside the {@code frames}. Frames from {@code indexFrame} on (the index, its frame
     * map and the end-of-archive blocks) are not walked. The rows are read once: those of the unneeded
     * entries are kept until {@link #forEachUnreadRow} hands on those whose frame is not read.
     */
    public static FramePlan of(IndexTable index, int frames, long indexFrame, Predicate<String> needed)
            throws IOException, FormatException {
        if (indexFrame < 1 || indexFrame > frames) {
            return null;
        }
        int end = (int) indexFrame;
        boolean[] read = new boolean[end];
        boolean[] startsEntry = new boolean[end];
        boolean[] outside = {false};
        Unneeded unneeded = new Unneeded();
        index.forEachPlacedRow((path, frame, offset, status) -> {
            if (frame < 1 || frame >= end) {
                outside[0] = true;
                return;
            }
            int k = (int) frame;
            startsEntry[k] |= offset <= 0; // version 2 rows: the writer starts every such frame with an entry
            if (needed.test(path)) {
                read[k] = true;
            } else {
                unneeded.add(path, k, status);
            }
        });
        if (outside[0]) {
            return null;
        }
        read[0] = true;
        startsEntry[0] = true;
        for (int k = end - 1; k > 0; k--) {
            if (read[k] && !startsEntry[k]) {
                read[k - 1] = true;
            }
        }
        return new FramePlan(read, end, unneeded);
    }

    /** The rows of the unneeded entries, in index order. */
    private static final class Unneeded {
        String[] paths = new String[64];
        int[] frames = new int[64];
        Status[] statuses = new Status[64];
        int size;

        void add(String path, int frame, Status status) {
            if (size == paths.length) {
                paths = java.util.Arrays.copyOf(paths, size * 2);
                frames = java.util.Arrays.copyOf(frames, size * 2);
                statuses = java.util.Arrays.copyOf(statuses, size * 2);
            }
            paths[size] = path;
            frames[size] = frame;
            statuses[size++] = status;
        }
    }

    /** Whether the walk reads frame {@code k} (false from {@link #end()} on). */
    public boolean reads(int k) {
        return k >= 0 && k < end && read[k];
    }

    /** The first frame at or after {@code k} that the walk reads, or {@link #end()}. */
    public int nextRead(int k) {
        for (int j = Math.max(0, k); j < end; j++) {
            if (read[j]) {
                return j;
            }
        }
        return end;
    }

    /** The frame where the index starts: the walk ends there. */
    public int end() {
        return end;
    }

    /** The frames the walk reads, in order (a copy). */
    public int[] order() {
        return order.clone();
    }

    /** The frames before {@link #end()} the walk does not read, in order. */
    public int[] unreadFrames() {
        int[] out = new int[skipped];
        for (int k = 0, i = 0; k < end; k++) {
            if (!read[k]) {
                out[i++] = k;
            }
        }
        return out;
    }

    /** Frames before {@link #end()} the walk does not read. */
    public int skipped() {
        return skipped;
    }

    /**
     * Hands {@code each} the rows (in index order) of the entries that start in a frame the walk does not
     * read, once; the plan keeps them no longer.
     */
    public void forEachUnreadRow(IndexTable.RowVisitor each) throws IOException {
        Unneeded rows = unneeded;
        unneeded = null;
        if (rows == null) {
            return;
        }
        for (int i = 0; i < rows.size; i++) {
            if (!read[rows.frames[i]]) {
                each.row(rows.paths[i], rows.frames[i], rows.statuses[i]);
            }
        }
    }
}
