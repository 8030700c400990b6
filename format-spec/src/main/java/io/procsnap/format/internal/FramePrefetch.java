package io.procsnap.format.internal;

import io.procsnap.format.ArchiveReader.Limits;

import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Decompresses the frames ahead of a walk and reads their entry headers on other threads, so that a scan
 * of many frames uses more than one CPU. A frame's result is only a proposal: {@link EntryWalk} takes it
 * when it stands at the start of that frame and otherwise reads as it always did, so what a walk finds
 * (entries, order, damage, limits) does not depend on prefetching.
 *
 * <p>Side-effect free: a prefetch records no damage and fills no cache in the {@link FrameStore} (a frame
 * that fails here is simply not proposed, and the walk meets the failure itself), and the frames a walk
 * never stands at the start of (inside a large entry) are dropped unused. At most {@code workers + 1}
 * frames are held ahead of the walk, each bounded by {@link Limits#maxFrameSize()}.
 */
public final class FramePrefetch implements AutoCloseable {

    /**
     * Entry headers read from the start of one frame, up to the first place they cannot be read within it
     * alone ({@code end}): the frame's end, an entry running into the next frame, the end-of-archive blocks,
     * or anything malformed (which the walk then reads, and reports, itself).
     *
     * @param data           the frame's bytes in {@code data[0, length)}: a buffer of the prefetcher's, used
     *                       again for a later frame once the walk asks for a later one
     * @param contentOffsets where each entry's content starts in {@code data}
     * @param contents       each entry's content when the walk wants it, else null
     */
    public record Frame(int frame, byte[] data, int length, List<TarEntryReader.Parsed> entries, int[] contentOffsets,
                        byte[][] contents, int end) {
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final FrameStore store;
    private final Limits limits;
    private final Predicate<TarEntryReader.Parsed> wantsContent;
    private final ExecutorService pool;
    private final int window;
    /** Proposals for frames {@code next .. next + window - 1}, by frame modulo the window. */
    private final CompletableFuture<Frame>[] ahead;
    private final int[] aheadFrame;
    /**
     * Frame buffers to use again, each as large as the largest frame: a new 1-4 MiB array per frame was
     * a third of a scan's CPU (zeroing it, the page faults of a growing heap, and young collections).
     */
    private final java.util.concurrent.BlockingQueue<byte[]> buffers = new java.util.concurrent.LinkedBlockingQueue<>();
    private final int bufferSize;
    /** The frames to read ahead, in order: all of them, or those of a {@link FramePlan}. */
    private final int[] order;
    /** The proposal the walk took last; its buffer is free once the walk asks for a later frame. */
    private Frame taken;
    private int proposed;

    @SuppressWarnings("unchecked")
    private FramePrefetch(FrameStore store, Limits limits, Predicate<TarEntryReader.Parsed> wantsContent, int workers,
                          int[] order) {
        this.store = store;
        this.order = order;
        this.limits = limits;
        this.wantsContent = wantsContent;
        this.window = workers + 1;
        this.ahead = new CompletableFuture[window];
        this.aheadFrame = new int[window];
        java.util.Arrays.fill(aheadFrame, -1);
        String name = "procsnap-frames-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(workers, factory);
        long largest = 0;
        for (int k = 0; k < store.count(); k++) {
            largest = Math.max(largest, store.decompressedSize(k));
        }
        this.bufferSize = (int) Math.min(largest, limits.maxFrameSize());
    }

    /**
     * A prefetcher for a walk over {@code store} that wants the content of the entries {@code wantsContent}
     * says (the walk's own predicate: the prefetch copies those contents out of the frame), or null when it
     * would not pay: fewer than three frames, or one CPU. Workers: the CPUs less the walk's own thread, at
     * least one, at most three.
     */
    public static FramePrefetch forWalk(FrameStore store, Limits limits, Predicate<TarEntryReader.Parsed> wantsContent) {
        return forWalk(store, limits, wantsContent, null);
    }

    /** {@link #forWalk(FrameStore, Limits, Predicate)} for a walk over the frames {@code plan} reads (null: all). */
    public static FramePrefetch forWalk(FrameStore store, Limits limits, Predicate<TarEntryReader.Parsed> wantsContent,
                                        FramePlan plan) {
        int cpus = Runtime.getRuntime().availableProcessors();
        int[] order = plan == null ? null : plan.order();
        if ((order == null ? store.count() : order.length) < 3 || cpus < 2) {
            return null;
        }
        return new FramePrefetch(store, limits, wantsContent, Math.min(3, cpus - 1), order);
    }

    /** A prefetcher with {@code workers} threads (tests compare walks with and without one). */
    public static FramePrefetch withWorkers(FrameStore store, Limits limits, Predicate<TarEntryReader.Parsed> wantsContent,
                                            int workers) {
        return new FramePrefetch(store, limits, wantsContent, workers, null);
    }

    /** Frames to read ahead in all. */
    private int frames() {
        return order == null ? store.count() : order.length;
    }

    /** The {@code i}th frame to read ahead. */
    private int frameAt(int i) {
        return order == null ? i : order[i];
    }

    /** Where frame {@code k} stands among the frames to read ahead, or -1. */
    private int positionOf(int k) {
        if (order == null) {
            return k >= 0 && k < store.count() ? k : -1;
        }
        int i = java.util.Arrays.binarySearch(order, k);
        return i >= 0 ? i : -1;
    }

    /**
     * The proposal for frame {@code k}, or null when there is none (the frame failed here, its size is
     * not known beforehand, or the walk already passed it). Frames before {@code k} are dropped, and the
     * frames after it are started. The walk asks for frames in increasing order.
     */
    public Frame get(int k) {
        int at = positionOf(k);
        if (at < 0) {
            return null;
        }
        for (int i = at; i < Math.min(at + window, frames()); i++) {
            int j = frameAt(i);
            int slot = i % window;
            if (aheadFrame[slot] != j) {
                if (ahead[slot] != null) {
                    ahead[slot].cancel(false);
                }
                final int frame = j;
                ahead[slot] = CompletableFuture.supplyAsync(() -> read(frame, buffer()), pool);
                aheadFrame[slot] = j;
            }
        }
        if (taken != null) { // the walk left that frame: nothing refers to its buffer any more
            buffers.offer(taken.data());
            taken = null;
        }
        int slot = at % window;
        CompletableFuture<Frame> f = ahead[slot];
        ahead[slot] = null;
        aheadFrame[slot] = -1;
        try {
            taken = f.join();
        } catch (RuntimeException e) { // the worker failed (out of memory): the walk reads the frame itself
            return null;
        }
        if (taken != null) {
            proposed++;
        }
        return taken;
    }

    /** Frames proposed to the walk so far. */
    public int proposed() {
        return proposed;
    }

    /** A free frame buffer (a proposal dropped unused keeps its own: its worker may still be writing to it). */
    private byte[] buffer() {
        byte[] b = buffers.poll();
        return b != null ? b : new byte[bufferSize];
    }

    /** Reads frame {@code k}'s entry headers from its start; null when the frame cannot be used alone. */
    private Frame read(int k, byte[] data) {
        int length = store.decompressIfIntact(k, data);
        if (length < 0) {
            return null;
        }
        ArraySource src = new ArraySource(k, data, length);
        TarEntryReader.Scratch scratch = new TarEntryReader.Scratch();
        List<TarEntryReader.Parsed> entries = new ArrayList<>();
        int[] contentOffsets = new int[64];
        int pos = 0;
        while (pos < length) {
            TarEntryReader.Parsed p;
            try {
                p = TarEntryReader.next(src, limits, scratch);
            } catch (Exception e) { // cut by the frame's end, malformed or refused: the walk reads it itself
                break;
            }
            if (p == null) {
                break;
            }
            long next = src.pos + TarConstants.padded(p.size());
            if (next > length) {
                break;
            }
            if (entries.size() == contentOffsets.length) {
                contentOffsets = java.util.Arrays.copyOf(contentOffsets, contentOffsets.length * 2);
            }
            contentOffsets[entries.size()] = src.pos;
            entries.add(p);
            pos = (int) next;
            src.pos = pos;
        }
        byte[][] contents = new byte[entries.size()][];
        for (int i = 0; i < contents.length; i++) {
            TarEntryReader.Parsed p = entries.get(i);
            if (wantsContent.test(p)) {
                contents[i] = java.util.Arrays.copyOfRange(data, contentOffsets[i], contentOffsets[i] + (int) p.size());
            }
        }
        return new Frame(k, data, length, entries, contentOffsets, contents, pos);
    }

    /**
     * Drops the proposals not taken and lets the workers end. Never interrupts them: an interrupt during a
     * read closes the archive's FileChannel for every later read ({@code ClosedByInterruptException}).
     */
    @Override
    public void close() {
        for (CompletableFuture<Frame> f : ahead) {
            if (f != null) {
                f.cancel(false); // one not started yet never runs
            }
        }
        pool.shutdown();
    }

    /** One frame's bytes as a tar source that ends with the frame. */
    private static final class ArraySource implements TarSource {
        private final int frame;
        private final byte[] data;
        private final int length;
        int pos;

        ArraySource(int frame, byte[] data, int length) {
            this.frame = frame;
            this.data = data;
            this.length = length;
        }

        @Override
        public void readFully(byte[] dst, int off, int len) throws EOFException {
            if (len > length - pos) {
                throw new EOFException("frame " + frame + " ends");
            }
            System.arraycopy(data, pos, dst, off, len);
            pos += len;
        }

        @Override
        public void skip(long n) throws EOFException {
            if (n > length - pos) {
                throw new EOFException("frame " + frame + " ends");
            }
            pos += (int) n;
        }

        @Override
        public int frame() {
            return frame;
        }

        @Override
        public long offset() {
            return pos;
        }
    }
}
