package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The single writer thread: owns the {@link EntrySink}; entries reach it through a queue bounded both
 * in count ({@link #MAX_QUEUED_ENTRIES}) and in content bytes ({@link #MAX_QUEUED_BYTES}), so readers
 * that outrun the compressor wait instead of filling the heap. After an output failure (disk full)
 * it keeps draining and discarding so nobody blocks, and reports the failure.
 */
public final class EntryWriter {
    public static final int MAX_QUEUED_ENTRIES = 4096;
    public static final int MAX_QUEUED_BYTES = 4 << 20;

    private static final Object FLUSH = new Object();
    private static final Object END = new Object();

    private record Queued(EntryHeader header, byte[] content, int permits) { }

    private final EntrySink sink;
    private final CaptureStats stats;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(MAX_QUEUED_ENTRIES);
    private final Semaphore bytes = new Semaphore(MAX_QUEUED_BYTES);
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
     * Queues one entry; blocks while the queue is full. {@code content} is not copied: hand over a fresh
     * array. Times are rounded to microseconds here (on the producing thread): nanosecond digits of a
     * procfs read are noise, and they cost archive size (each entry's pax records carry them).
     */
    public void put(EntryHeader entry, byte[] content) {
        if (failure != null || closed || givenUp()) {
            return;
        }
        EntryHeader header = entry.startNanos() % 1000 == 0 && entry.elapsedNanos() % 1000 == 0 ? entry
                : entry.withTiming(entry.startNanos() / 1000 * 1000, entry.elapsedNanos() / 1000 * 1000);
        int permits = content == null ? 0 : Math.min(content.length, MAX_QUEUED_BYTES);
        try {
            while (!bytes.tryAcquire(permits, 50, TimeUnit.MILLISECONDS)) {
                if (givenUp()) {
                    return;
                }
            }
            while (!queue.offer(new Queued(header, content, permits), 50, TimeUnit.MILLISECONDS)) {
                if (givenUp()) {
                    bytes.release(permits);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        EntryHeader header = entry.withTiming(entry.startNanos() / 1000 * 1000, entry.elapsedNanos() / 1000 * 1000);
        return queue.offer(new Queued(header, null, 0));
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
        try {
            long end = System.nanoTime() + maxWaitNanos;
            while (!queue.offer(marker, 10, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive() || System.nanoTime() - end >= 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == END) {
                    break;
                }
                if (failure != null) {
                    if (next instanceof Queued) {
                        bytes.release(((Queued) next).permits());
                    }
                    continue;
                }
                try {
                    if (next == FLUSH) {
                        sink.flush();
                    } else {
                        Queued q = (Queued) next;
                        byte[] c = q.content();
                        try {
                            sink.add(q.header(), c, 0, c == null ? 0 : c.length);
                            stats.record(q.header());
                        } catch (IllegalArgumentException e) {
                            // the format refused this one entry (a path it cannot hold): drop it, keep the archive
                            stats.rejected(q.header().path() + ": " + e.getMessage());
                        } finally {
                            bytes.release(q.permits());
                        }
                    }
                } catch (IOException e) {
                    failure = e;
                    sink.abort();
                } catch (RuntimeException e) {
                    failure = new IOException("archive writer failed: " + e, e);
                    sink.abort();
                }
            }
            if (failure == null) {
                try {
                    sink.close();
                } catch (IOException e) {
                    failure = e;
                    sink.abort();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }
}
