package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single writer thread: owns the {@link EntrySink}; entries reach it through a queue bounded both
 * in count ({@link #MAX_QUEUED_ENTRIES}) and in content bytes ({@link #MAX_QUEUED_BYTES}), so readers
 * that outrun the compressor wait instead of filling the heap. Readers hand over their entries in
 * {@link EntryChunk}s (one lock per chunk). The writer is woken in batches: a waiting writer is
 * signalled once {@link #WAKE_ENTRIES} entries or {@link #WAKE_BYTES} bytes are queued, or a flush or
 * the end is, and otherwise looks again after {@link #WRITER_POLL_NANOS} (a wake-up per chunk cost the
 * readers a futex wake and an inter-processor interrupt each, thousands per capture); producers are
 * signalled only when they wait for room. Room is given back once the writer has written an element.
 * After an output failure (disk full) it keeps draining and discarding so nobody blocks, and reports
 * the failure.
 */
public final class EntryWriter {
    public static final int MAX_QUEUED_ENTRIES = 4096;
    public static final int MAX_QUEUED_BYTES = 4 << 20;

    private static final Object FLUSH = new Object();
    private static final Object END = new Object();
    private static final long WAIT_NANOS = 50_000_000L;
    /** Queued entries that wake a waiting writer (a quarter of the bound; a producer that must wait for room wakes it too). */
    static final int WAKE_ENTRIES = MAX_QUEUED_ENTRIES / 4;
    /** Queued content bytes that wake a waiting writer. */
    static final long WAKE_BYTES = MAX_QUEUED_BYTES / 4;
    /** How long a waiting writer sleeps before it writes what is queued below the wake-up marks. */
    static final long WRITER_POLL_NANOS = 10_000_000L;

    private record Queued(EntryHeader header, byte[] content) { }

    private final EntrySink sink;
    private final CaptureStats stats;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition room = lock.newCondition();
    /** Guarded by {@link #lock}: queued elements and what they count against the bounds. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int queuedEntries;
    private long queuedBytes;
    private boolean writerWaiting;
    /** Guarded by {@link #lock}: flush and end markers queued; the writer is draining the queue (woken, not empty yet). */
    private int markers;
    private boolean draining;
    private int producersWaiting;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean closed;
    private volatile long giveUpAt = Long.MAX_VALUE;

    public EntryWriter(EntrySink sink, CaptureStats stats) {
        this.sink = sink;
        this.stats = stats;
        this.thread = new Thread(this::loop, "procsnap-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * The precision of a read's start: 100 µs, the time of a few procfs reads. Each entry's records
     * carry its start, and its low digits were the largest single cost of the archive (format 1.1 at
     * 10,000 threads: 10 µs units cost 7% more bytes, 1 µs 11%); samples and phases are milliseconds apart.
     */
    static final long START_RESOLUTION_NANOS = 100_000;
    /** The precision of a read's duration: 1 µs, so the cost of every read stays measured. */
    static final long ELAPSED_RESOLUTION_NANOS = 1_000;

    /** A start time as the archive records it: rounded down to {@link #START_RESOLUTION_NANOS}. */
    static long start(long nanos) {
        return nanos / START_RESOLUTION_NANOS * START_RESOLUTION_NANOS;
    }

    /** A duration as the archive records it: rounded down to {@link #ELAPSED_RESOLUTION_NANOS}. */
    static long elapsed(long nanos) {
        return nanos / ELAPSED_RESOLUTION_NANOS * ELAPSED_RESOLUTION_NANOS;
    }

    /**
     * The header with its times rounded ({@link #start}, {@link #elapsed}; done on the producing thread):
     * the finer digits of a procfs read's time are noise, and they cost archive size.
     */
    static EntryHeader rounded(EntryHeader entry) {
        long start = start(entry.startNanos());
        long elapsed = elapsed(entry.elapsedNanos());
        return start == entry.startNanos() && elapsed == entry.elapsedNanos() ? entry : entry.withTiming(start, elapsed);
    }

    /** What one entry's content counts against {@link #MAX_QUEUED_BYTES}. */
    static int permits(byte[] content) {
        return content == null ? 0 : Math.min(content.length, MAX_QUEUED_BYTES);
    }

    /**
     * Queues one entry; blocks while the queue is full. {@code content} is not copied: hand over a fresh
     * array. Times are rounded ({@link #rounded}).
     */
    public void put(EntryHeader entry, byte[] content) {
        if (failure != null || closed || givenUp()) {
            return;
        }
        enqueue(new Queued(rounded(entry), content), 1, permits(content), true);
    }

    /** Queues a reader's chunk of entries (already rounded); blocks while the queue is full. */
    void put(EntryChunk chunk) {
        if (chunk.size == 0 || failure != null || closed || givenUp()) {
            return;
        }
        enqueue(chunk, chunk.size, chunk.permits, true);
    }

    /**
     * From this {@link System#nanoTime()} on, producers stop waiting for room and drop their entries: the
     * output has not drained by the deadline and the capture must end anyway.
     */
    public void giveUpAt(long nanoTime) {
        this.giveUpAt = nanoTime;
    }

    private boolean givenUp() {
        return failure != null || System.nanoTime() - giveUpAt >= 0;
    }

    /** Queues a content-less entry only if there is room right now (for the watchdog, which must never block). */
    public boolean offer(EntryHeader entry) {
        if (failure != null || closed) {
            return true;
        }
        return enqueue(new Queued(rounded(entry), null), 1, 0, false);
    }

    /** Queues a chunk only if there is room right now (for the watchdog, which must never block). */
    boolean offer(EntryChunk chunk) {
        if (chunk.size == 0 || failure != null || closed) {
            return true;
        }
        return enqueue(chunk, chunk.size, chunk.permits, false);
    }

    /** Asks the writer to end its current frame. */
    public void flush() {
        offerMarker(FLUSH, 100_000_000L);
    }

    /** No more entries: the writer finishes the archive (gives up queueing after 2 s when the output is stuck). */
    public void finish() {
        offerMarker(END, 2_000_000_000L);
        closed = true;
    }

    /** Waits until the archive is finished (or the output failed). */
    public boolean awaitDone(long nanos) throws InterruptedException {
        return done.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** The output failure, or null. */
    public IOException failure() {
        return failure;
    }

    public long bytesWritten() {
        return sink.bytesWritten();
    }

    private void offerMarker(Object marker, long maxWaitNanos) {
        long end = System.nanoTime() + maxWaitNanos;
        while (!enqueueWithin(marker, Math.min(10_000_000L, Math.max(end - System.nanoTime(), 0)))) {
            if (!thread.isAlive() || System.nanoTime() - end >= 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** A marker counts as one entry; waits at most {@code nanos} for room. */
    private boolean enqueueWithin(Object marker, long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (!fits(1, 0)) {
                if (left <= 0) {
                    return false;
                }
                wakeWriter();
                producersWaiting++;
                try {
                    left = room.awaitNanos(left);
                } finally {
                    producersWaiting--;
                }
            }
            add(marker, 1, 0);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds an element counting {@code entries} and {@code bytes} against the bounds; when {@code wait},
     * waits for room until the writer gives up ({@link #givenUp}), then drops it.
     */
    private boolean enqueue(Object element, int entries, long bytes, boolean wait) {
        lock.lock();
        try {
            while (!fits(entries, bytes)) {
                if (!wait || givenUp()) {
                    return false;
                }
                wakeWriter();
                producersWaiting++;
                try {
                    room.awaitNanos(WAIT_NANOS);
                } finally {
                    producersWaiting--;
                }
            }
            add(element, entries, bytes);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** An element fits when the queue is empty (an element larger than a bound still passes alone) or within both bounds. */
    private boolean fits(int entries, long bytes) {
        return queuedEntries == 0 && queuedBytes == 0
                || queuedEntries + entries <= MAX_QUEUED_ENTRIES && queuedBytes + bytes <= MAX_QUEUED_BYTES;
    }

    /**
     * A producer about to wait for room wakes a waiting writer, whatever is queued: a large file can find no
     * room while less than a wake-up mark is queued, and would otherwise wait for the writer's next poll.
     */
    private void wakeWriter() {
        if (writerWaiting && !queue.isEmpty()) {
            draining = true; // what is queued is written now, batch or not
            notEmpty.signal();
        }
    }

    private void add(Object element, int entries, long bytes) {
        queue.addLast(element);
        queuedEntries += entries;
        queuedBytes += bytes;
        if (element == FLUSH || element == END) {
            markers++;
        }
        if (writerWaiting && batchReady()) {
            notEmpty.signal();
        }
    }

    /** A batch is queued: enough entries or bytes, or a flush or the end (caller holds {@link #lock}). */
    private boolean batchReady() {
        return markers > 0 || queuedEntries >= WAKE_ENTRIES || queuedBytes >= WAKE_BYTES;
    }

    private Object take() throws InterruptedException {
        lock.lock();
        try {
            // less than a batch queued: wait for a batch, a marker or the poll interval (see the class
            // comment); once woken, drain the queue before waiting again
            while (queue.isEmpty() || !draining && !batchReady()) {
                draining = false;
                writerWaiting = true;
                try {
                    if (notEmpty.awaitNanos(WRITER_POLL_NANOS) <= 0 && !queue.isEmpty()) {
                        draining = true;
                    }
                } finally {
                    writerWaiting = false;
                }
            }
            draining = true;
            Object next = queue.pollFirst();
            if (next == FLUSH || next == END) {
                markers--;
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** The writer is done with an element: its room is free again. */
    private void release(int entries, long bytes) {
        lock.lock();
        try {
            queuedEntries -= entries;
            queuedBytes -= bytes;
            if (producersWaiting > 0) {
                room.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        try {
            while (true) {
                Object next = take();
                if (next == END) {
                    break;
                }
                if (next == FLUSH) {
                    release(1, 0);
                    if (failure == null) {
                        try {
                            sink.flush();
                        } catch (IOException e) {
                            fail(e);
                        } catch (RuntimeException e) {
                            fail(new IOException("archive writer failed: " + e, e));
                        }
                    }
                } else if (next instanceof EntryChunk) {
                    EntryChunk chunk = (EntryChunk) next;
                    try {
                        for (int i = 0; i < chunk.size && failure == null; i++) {
                            write(chunk.headers[i], chunk.contents[i]);
                        }
                    } finally {
                        release(chunk.size, chunk.permits);
                    }
                } else {
                    Queued q = (Queued) next;
                    try {
                        if (failure == null) {
                            write(q.header(), q.content());
                        }
                    } finally {
                        release(1, permits(q.content()));
                    }
                }
            }
            if (failure == null) {
                try {
                    sink.close();
                } catch (IOException e) {
                    fail(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }

    private void write(EntryHeader header, byte[] content) {
        try {
            try {
                sink.add(header, content, 0, content == null ? 0 : content.length);
                stats.record(header);
            } catch (IllegalArgumentException e) {
                // the format refused this one entry (a path it cannot hold): drop it, keep the archive
                stats.rejected(header.path() + ": " + e.getMessage());
            }
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new IOException("archive writer failed: " + e, e));
        }
    }

    private void fail(IOException e) {
        failure = e;
        sink.abort();
    }
}
