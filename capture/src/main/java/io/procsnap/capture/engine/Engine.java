package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Executes declared work items under timeouts. Reader threads take items from one queue and read
 * with plain blocking syscalls (no thread hand-off per read); a watchdog notices a read that overran
 * its timeout, records it as a timeout (elapsed = time until abandoned), trips its circuit breakers,
 * abandons the thread (a daemon: it may stay blocked in the kernel for ever and its late result is
 * dropped) and starts a replacement, up to a cap. Past {@link EngineConfig#maxAbandoned()} risky
 * items are skipped; past {@code maxAbandoned + readers} no thread is replaced. Near the deadline
 * nothing new starts: every remaining item is recorded skipped ("deadline") and running ones are
 * abandoned, so the caller can close the archive in time.
 *
 * <p>Threads: at most {@code readers + maxAbandoned + readers} readers over the whole run, one
 * watchdog, and two short-lived drainers per running command.
 */
public final class Engine {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONED = 2;
    private static final long TICK_NANOS = 10_000_000L;
    private static final long COMMAND_SLACK_NANOS = 500_000_000L;

    private record Task(WorkItem item, boolean main) { }

    /** One item being executed by one reader; the watchdog and the reader race on {@link #state}. */
    private static final class Run {
        final WorkItem item;
        final long start;
        final AtomicInteger state = new AtomicInteger(RUNNING);

        Run(WorkItem item, long start) {
            this.item = item;
            this.start = start;
        }
    }

    private final EngineConfig config;
    private final EntryWriter writer;
    private final ItemExecutor executor;
    private final long t0;
    private final long softDeadline;
    private final long abandonAll;
    private final Breakers breakers = new Breakers();
    private final LinkedBlockingDeque<Task> work = new LinkedBlockingDeque<>();
    private final Semaphore queueSlots = new Semaphore(EngineConfig.QUEUE_CAPACITY);
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final Object idle = new Object();
    private final List<Reader> readers = new CopyOnWriteArrayList<>();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final java.util.HashMap<String, java.util.ArrayDeque<WorkItem>> claimed = new java.util.HashMap<>();
    /** Timeout entries the watchdog could not queue without blocking; retried every tick, flushed at shutdown. */
    private final java.util.concurrent.ConcurrentLinkedQueue<EntryHeader> backlog = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread watchdog;
    private volatile String stopReason;
    private volatile boolean shutdown;

    /**
     * @param t0 capture start ({@link System#nanoTime()}); entry times are relative to it and the
     *           deadline counts from it
     */
    public Engine(EngineConfig config, EntryWriter writer, CommandRunner commands, long t0) {
        this.config = config;
        this.writer = writer;
        this.t0 = t0;
        this.executor = new ItemExecutor(t0, config.maxFileBytes(), commands);
        this.softDeadline = t0 + config.deadlineNanos() - config.closeReserveNanos();
        this.abandonAll = t0 + config.deadlineNanos() - config.closeReserveNanos() / 2;
        for (int i = 0; i < config.readers(); i++) {
            startReader();
        }
        this.watchdog = new Thread(this::watch, "procsnap-watchdog");
        this.watchdog.setDaemon(true);
        this.watchdog.start();
    }

    /** Queues one item (blocks while the queue is full); records it skipped at once when it cannot run. */
    public void submit(WorkItem item) {
        SafetyPolicy.checkEnviron(item.kind(), item.source(), config.includeEnviron());
        pending.incrementAndGet();
        String skip = skipReason(item);
        if (skip != null) {
            skip(item, skip);
            return;
        }
        try {
            while (!queueSlots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                String late = stopReason != null ? stopReason : noReaderLeft();
                if (late != null) {
                    skip(item, late);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            skip(item, "interrupted");
            return;
        }
        work.addLast(new Task(item, true));
    }

    /**
     * Waits until every submitted item and its follow-ups has ended (read, failed, timed out or
     * skipped), or until the deadline itself (then readers are stuck handing entries to an output that
     * does not drain, and the caller must give up on the archive).
     */
    public void awaitIdle() {
        while (pending.get() > 0 && System.nanoTime() - (t0 + config.deadlineNanos()) < 0) {
            synchronized (idle) {
                if (pending.get() > 0) {
                    try {
                        idle.wait(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            String reason = noReaderLeft();
            if (reason != null) {
                drainQueued(reason);
            }
        }
    }

    /** Stops starting items: every item not yet started is recorded skipped with this reason. */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** The reason the engine stopped early ("deadline", "output failed"), or null. */
    public String stopReason() {
        return stopReason;
    }

    /** Time left until nothing new may start (negative when past). */
    public long nanosUntilStop() {
        return softDeadline - System.nanoTime();
    }

    public boolean isTripped(String breakerKey) {
        return breakers.isTripped(breakerKey);
    }

    public int abandonedThreads() {
        return abandoned.get();
    }

    public long completedItems() {
        return completed.get();
    }

    public long t0() {
        return t0;
    }

    /** Ends the readers that are idle and the watchdog; abandoned readers stay where the kernel holds them. */
    public void shutdown() {
        shutdown = true;
        watchdog.interrupt();
        try {
            watchdog.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EntryHeader h;
        while ((h = backlog.poll()) != null) {
            writer.put(h, null);
        }
    }

    /** Items of one breaker key run on one reader at a time: the key holder drains this queue. */
    private static String serialKey(WorkItem item) {
        return item.guards().isEmpty() ? null : item.guards().get(0);
    }

    private boolean claim(String key, WorkItem item) {
        synchronized (claimed) {
            java.util.ArrayDeque<WorkItem> waiting = claimed.get(key);
            if (waiting != null) {
                waiting.addLast(item);
                return false;
            }
            claimed.put(key, new java.util.ArrayDeque<>());
            return true;
        }
    }

    private WorkItem nextFor(String key) {
        synchronized (claimed) {
            java.util.ArrayDeque<WorkItem> waiting = claimed.get(key);
            WorkItem next = waiting == null ? null : waiting.pollFirst();
            if (next == null) {
                claimed.remove(key);
            }
            return next;
        }
    }

    /** The holder of {@code key} was abandoned: its waiting items go back to the queue (the breaker skips them). */
    private void release(String key) {
        java.util.ArrayDeque<WorkItem> waiting;
        synchronized (claimed) {
            waiting = claimed.remove(key);
        }
        if (waiting != null) {
            java.util.Iterator<WorkItem> it = waiting.descendingIterator();
            while (it.hasNext()) {
                work.addFirst(new Task(it.next(), false));
            }
        }
    }

    private void startReader() {
        Reader r = new Reader();
        readers.add(r);
        Thread t = new Thread(r, "procsnap-reader-" + started.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    private String skipReason(WorkItem item) {
        String stop = stopReason;
        if (stop != null) {
            return stop;
        }
        String breaker = breakers.reason(item.guards());
        if (breaker != null) {
            return breaker;
        }
        if (item.risky() && abandoned.get() >= config.maxAbandoned()) {
            return "cap: " + abandoned.get() + " hung reader threads abandoned";
        }
        return null;
    }

    private String noReaderLeft() {
        return readers.isEmpty() ? "no reader thread left: " + abandoned.get() + " abandoned" : null;
    }

    private void drainQueued(String reason) {
        Task t;
        while ((t = work.pollFirst()) != null) {
            if (t.main()) {
                queueSlots.release();
            }
            skip(t.item(), reason);
        }
    }

    private void skip(WorkItem item, String reason) {
        long now = System.nanoTime() - t0;
        writer.put(new EntryHeader(entryPath(item), entryType(item), Status.SKIPPED, reason, -1, -1, -1, now, 0,
                null), null);
        complete(item, new Outcome(item, Status.SKIPPED, null, null));
    }

    private void complete(WorkItem item, Outcome outcome) {
        if (item.followUp() != null) {
            List<WorkItem> next = item.followUp().next(outcome);
            if (!next.isEmpty()) {
                pending.addAndGet(next.size());
                for (int i = next.size() - 1; i >= 0; i--) {
                    work.addFirst(new Task(next.get(i), false));
                }
            }
        }
        completed.incrementAndGet();
        if (pending.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private long allowance(WorkItem item) {
        if (item.kind() == Kind.COMMAND || item.kind() == Kind.STATFS) {
            return item.timeoutNanos() + 3 * config.graceNanos() + COMMAND_SLACK_NANOS;
        }
        return item.timeoutNanos();
    }

    private void watch() {
        while (!shutdown) {
            try {
                Thread.sleep(TICK_NANOS / 1_000_000L);
            } catch (InterruptedException e) {
                if (shutdown) {
                    return;
                }
            }
            EntryHeader pendingEntry;
            while ((pendingEntry = backlog.peek()) != null && writer.offer(pendingEntry)) {
                backlog.poll();
            }
            long now = System.nanoTime();
            if (stopReason == null && now - softDeadline >= 0) {
                stop("deadline");
            }
            boolean pastDeadline = stopReason != null && now - abandonAll >= 0;
            for (Reader r : readers) {
                Run run = r.current;
                if (run == null || run.state.get() != RUNNING) {
                    continue;
                }
                boolean overran = now - run.start >= allowance(run.item);
                if (overran || pastDeadline) {
                    abandon(r, run, now, overran ? null : "deadline");
                }
            }
        }
    }

    private void abandon(Reader reader, Run run, long now, String why) {
        if (!run.state.compareAndSet(RUNNING, ABANDONED)) {
            return;
        }
        readers.remove(reader);
        int count = abandoned.incrementAndGet();
        long elapsed = now - run.start;
        String detail = (why != null ? why + ": " : "") + "abandoned after " + elapsed / 1_000_000L
                + " ms; reader thread left blocked";
        WorkItem item = run.item;
        EntryHeader timeout = new EntryHeader(entryPath(item), entryType(item), Status.TIMEOUT, detail, -1, -1, -1,
                run.start - t0, elapsed, null);
        if (!backlog.isEmpty() || !writer.offer(timeout)) {
            backlog.add(timeout);
        }
        breakers.trip(item.trips(), item.path());
        String key = serialKey(item);
        if (key != null) {
            release(key);
        }
        if (stopReason == null && count < config.maxAbandoned() + config.readers()) {
            startReader();
        }
        complete(item, new Outcome(item, Status.TIMEOUT, null, null));
    }

    static String entryPath(WorkItem item) {
        return item.kind() == Kind.COMMAND ? item.path() + "/status" : item.path();
    }

    static EntryType entryType(WorkItem item) {
        switch (item.kind()) {
            case READLINK:
                return EntryType.SYMLINK;
            case LIST_DIR:
            case OWNER:
                return EntryType.DIRECTORY;
            default:
                return EntryType.FILE;
        }
    }

    private final class Reader implements Runnable {
        private final ReadBuffer buffer = new ReadBuffer();
        volatile Run current;

        @Override
        public void run() {
            while (!shutdown) {
                Task task;
                try {
                    task = work.pollFirst(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    continue;
                }
                if (task == null) {
                    continue;
                }
                if (task.main()) {
                    queueSlots.release();
                }
                if (!process(task.item())) {
                    return;
                }
            }
            readers.remove(this);
        }

        /**
         * Runs a task; for an item with a breaker key, first claims the key so that one process's
         * items run one after another on one thread (a hang then trips the breaker before the next
         * read of that process starts), and runs the items other readers queued for the key.
         *
         * @return false when this thread was abandoned while reading and must end
         */
        private boolean process(WorkItem item) {
            String key = serialKey(item);
            if (key != null && !claim(key, item)) {
                return true;
            }
            if (!runOne(item)) {
                return false;
            }
            if (key != null) {
                WorkItem next;
                while ((next = nextFor(key)) != null) {
                    if (!runOne(next)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean runOne(WorkItem item) {
            String skip = skipReason(item);
            if (skip != null) {
                skip(item, skip);
                return true;
            }
            Run run = new Run(item, System.nanoTime());
            current = run;
            ItemExecutor.Result result;
            try {
                result = executor.execute(item, buffer);
            } catch (RuntimeException | Error e) {
                result = internalError(item, run.start, e);
            }
            if (!run.state.compareAndSet(RUNNING, IDLE)) {
                return false;
            }
            current = null;
            for (ItemExecutor.Produced p : result.entries()) {
                writer.put(p.header(), p.content());
            }
            if (result.outcome().status() == Status.TIMEOUT) {
                breakers.trip(item.trips(), item.path());
            }
            complete(item, result.outcome());
            return true;
        }

        private ItemExecutor.Result internalError(WorkItem item, long start, Throwable e) {
            EntryHeader h = new EntryHeader(entryPath(item), entryType(item), Status.ERROR, "internal: " + e,
                    -1, -1, -1, start - t0, System.nanoTime() - start, null);
            return new ItemExecutor.Result(List.of(new ItemExecutor.Produced(h, null)),
                    new Outcome(item, Status.ERROR, null, null));
        }
    }
}
