package io.procsnap.replay.model;

import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs live reads on worker threads with a timeout per read, without one thread hand-off per read.
 *
 * <p>A {@link Job} is a list of reads (one process, or the system files) that a worker performs in order;
 * a job may add reads as results come in (the fd and task listings). The loader consumes jobs in
 * submission order, at most {@code window} in flight. While it waits it watches the read in progress:
 * when one exceeds the timeout it is recorded as timed out, its worker is abandoned (the thread stays
 * blocked in the kernel, it is a daemon) and a fresh worker continues with the next read. A job's circuit
 * breaker skips its remaining reads after {@code breakerLimit} timeouts, and once {@code maxHung} reads
 * are hung every remaining read is skipped, so a sick machine cannot exhaust threads: at most
 * {@code window} workers read at a time and at most {@code maxHung} more sit abandoned in the kernel.
 */
final class ReadJobs implements Closeable {

    /** Adds follow-up reads when a read completes (called on the worker, under the job's lock). */
    interface Expander {
        void expand(LiveReader.Op op, LiveReader.Result result, List<LiveReader.Op> ops);
    }

    /** An ordered list of reads and their results. */
    static final class Job {
        private final List<LiveReader.Op> ops;
        private final List<LiveReader.Result> results = new ArrayList<>();
        private final Expander expander;
        private final int breakerLimit;
        private final String breakerReason;
        private int generation;
        private long opStartNanos;
        private int timeouts;
        private boolean finished;

        Job(List<LiveReader.Op> ops, Expander expander, int breakerLimit, String breakerReason) {
            this.ops = new ArrayList<>(ops);
            this.expander = expander;
            this.breakerLimit = breakerLimit;
            this.breakerReason = breakerReason;
        }
    }

    private final LiveReader reader;
    private final long timeoutNanos;
    private final int maxHung;
    private final int window;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "procsnap-live-read");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Job> inFlight = new ArrayDeque<>();
    private int hung;

    ReadJobs(LiveReader reader, long timeoutNanos, int maxHung, int window) {
        this.reader = reader;
        this.timeoutNanos = timeoutNanos;
        this.maxHung = maxHung;
        this.window = window;
    }

    int hungReads() {
        return hung;
    }

    /**
     * Submits a job; when more than {@code window} are in flight, first waits for the oldest and hands
     * its results to {@code sink} in read order.
     */
    void submit(Job job, BiConsumer<LiveReader.Op, LiveReader.Result> sink) throws InterruptedException {
        while (inFlight.size() >= window) {
            drainOldest(sink);
        }
        inFlight.add(job);
        start(job, 0);
    }

    /** Waits for every job in flight, handing results to {@code sink} in submission order. */
    void drain(BiConsumer<LiveReader.Op, LiveReader.Result> sink) throws InterruptedException {
        while (!inFlight.isEmpty()) {
            drainOldest(sink);
        }
    }

    private void drainOldest(BiConsumer<LiveReader.Op, LiveReader.Result> sink) throws InterruptedException {
        Job job = inFlight.removeFirst();
        await(job);
        for (int i = 0; i < job.results.size(); i++) {
            sink.accept(job.ops.get(i), job.results.get(i));
        }
    }

    private void start(Job job, int generation) {
        if (hung >= maxHung) {
            synchronized (job) {
                skipRest(job, hung + " live reads hung");
            }
            return;
        }
        pool.execute(() -> work(job, generation));
    }

    /** The worker: performs the job's reads in order until it is done or abandoned. */
    private void work(Job job, int generation) {
        try {
            readAll(job, generation);
        } catch (RuntimeException | Error e) {
            synchronized (job) {
                if (job.generation == generation) {
                    skipRest(job, "live reader failed: " + e);
                }
            }
        }
    }

    private void readAll(Job job, int generation) {
        while (true) {
            LiveReader.Op op;
            synchronized (job) {
                if (job.generation != generation || job.finished) {
                    return;
                }
                if (job.results.size() == job.ops.size()) {
                    job.finished = true;
                    job.notifyAll();
                    return;
                }
                op = job.ops.get(job.results.size());
                job.opStartNanos = System.nanoTime();
            }
            LiveReader.Result result = reader.execute(op);
            synchronized (job) {
                if (job.generation != generation) {
                    return; // abandoned while blocked: the loader already recorded the timeout
                }
                job.results.add(result);
                job.opStartNanos = 0;
                if (job.expander != null) {
                    job.expander.expand(op, result, job.ops);
                }
            }
        }
    }

    /** Waits until the job is finished, timing out reads that hang. */
    private void await(Job job) throws InterruptedException {
        synchronized (job) {
            while (!job.finished) {
                long started = job.opStartNanos;
                long now = System.nanoTime();
                if (started != 0 && now - started >= timeoutNanos) {
                    LiveReader.Op op = job.ops.get(job.results.size());
                    job.results.add(reader.timeout(op, started));
                    job.generation++;
                    job.opStartNanos = 0;
                    job.timeouts++;
                    hung++;
                    if (job.timeouts >= job.breakerLimit) {
                        skipRest(job, job.breakerReason);
                    } else if (hung >= maxHung) {
                        skipRest(job, hung + " live reads hung");
                    } else {
                        int next = job.generation;
                        pool.execute(() -> work(job, next));
                    }
                    continue;
                }
                long waitNanos = started == 0 ? timeoutNanos : timeoutNanos - (now - started);
                TimeUnit.NANOSECONDS.timedWait(job, Math.max(1_000_000, waitNanos));
            }
        }
    }

    /** Records every remaining read of the job as skipped (expansions cannot happen any more). */
    private void skipRest(Job job, String reason) {
        for (int i = job.results.size(); i < job.ops.size(); i++) {
            job.results.add(reader.skipped(job.ops.get(i), reason));
        }
        job.generation++;
        job.finished = true;
        job.notifyAll();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
