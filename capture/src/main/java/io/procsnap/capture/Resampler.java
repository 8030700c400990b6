package io.procsnap.capture;

import io.procsnap.capture.collect.Collector;
import io.procsnap.capture.collect.Inventory;
import io.procsnap.capture.collect.Phase;
import io.procsnap.capture.engine.Engine;
import io.procsnap.capture.engine.WorkItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The default capture's re-sample ({@link Phase#RESAMPLE}), run beside the passes: each thread that looked
 * blocked in the fast pass is sampled again one interval after its own first sample ended, in batches of the
 * threads due together, handed to the engine ahead of the pass being read ({@link Engine#submitFirst}). So
 * the re-sample overlaps the details and system passes instead of waiting for them, and a thread first
 * sampled early in the fast pass is not held to the pace of the last one.
 *
 * <p>It ends once the fast pass is over ({@link #fastPassEnded}) and every thread it found is taken, or
 * when the engine stops (nothing new may start then).
 */
final class Resampler extends Thread {
    /** How long it sleeps at most between looks at the queue of threads that looked blocked. */
    private static final long TICK_NANOS = 20_000_000L;

    private final Engine engine;
    private final Inventory inventory;
    private final List<Collector> collectors;
    private final long intervalNanos;
    private volatile boolean fastPassEnded;
    private int threads;
    private int batches;
    private long firstNanos = -1;

    Resampler(Engine engine, Inventory inventory, List<Collector> collectors, long intervalNanos) {
        super("procsnap-resample");
        setDaemon(true);
        this.engine = engine;
        this.inventory = inventory;
        this.collectors = collectors;
        this.intervalNanos = intervalNanos;
    }

    /** Every thread's first sample is read: no thread joins the queue any more. */
    void fastPassEnded() {
        fastPassEnded = true;
    }

    /** What ended this thread other than its end ({@link #rethrowFailure}), or null. */
    private volatile Throwable failure;

    @Override
    public void run() {
        try {
            resample();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /**
     * After {@link #await}: throws what ended this thread early, so the capture ends as an internal error
     * as it did when the re-sample was declared on the capture's own thread.
     */
    void rethrowFailure() {
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /**
     * After {@link #await}, when the capture was stopped (a signal, the deadline, the output failing) with
     * threads still waiting for their re-sample: declares them all the same, so the engine records each
     * entry as skipped with the stop's reason instead of the archive holding nothing of them.
     */
    void declareLeftAfterStop() {
        if (engine.stopReason() != null) {
            long now = System.nanoTime();
            Map<Integer, int[]> left = inventory.takeDue(now);
            if (!left.isEmpty()) {
                declare(left, now);
            }
        }
    }

    private void resample() {
        while (engine.stopReason() == null) {
            boolean last = fastPassEnded;
            long now = System.nanoTime();
            Map<Integer, int[]> due = inventory.takeDue(now - intervalNanos);
            if (!due.isEmpty()) {
                declare(due, now);
            }
            long next = inventory.nextSampled(Long.MIN_VALUE);
            if (next == Long.MIN_VALUE && last) {
                return;
            }
            long sleep = next == Long.MIN_VALUE ? TICK_NANOS : Math.min(TICK_NANOS, next + intervalNanos - System.nanoTime());
            // past the point where nothing new may start the watchdog stops the engine within a tick
            sleep = engine.nanosUntilStop() > 0 ? Math.min(sleep, engine.nanosUntilStop()) : 1_000_000L;
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void declare(Map<Integer, int[]> due, long now) {
        Inventory batch = Inventory.ofBlocked(due);
        List<WorkItem> items = new ArrayList<>();
        for (Collector c : collectors) {
            c.declare(Phase.RESAMPLE, 1, batch, items::add);
        }
        engine.submitFirst(items);
        for (int[] tids : due.values()) {
            threads += tids.length;
        }
        batches++;
        if (firstNanos < 0) {
            firstNanos = now;
        }
    }

    /** Waits until it ended (see the class comment); then {@link #summary} may be read. */
    void await() {
        try {
            join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For {@code PROCSNAP_TIMING}: threads re-sampled, in how many batches, the first when ({@code t0}-relative). */
    String summary(long t0) {
        return threads + " threads in " + batches + " batches"
                + (firstNanos < 0 ? "" : ", the first at " + (firstNanos - t0) / 1_000_000L + " ms");
    }
}
