package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Executes declared work items under timeouts. Reader threads take items from one queue and read
 * with plain blocking syscalls (no thread hand-off per read); a watchdog notices a read that overran
 * its timeout, records it as a timeout (elapsed = time until abandoned), trips its circuit breakers,
 * abandons the thread (a daemon: it may stay blocked in the kernel for ever and its late result is
 * dropped) and starts a replacement, up to a cap. Past {@link EngineConfig#maxAbandoned()} risky
 * items are skipped; past {@code maxAbandoned + readers} no thread is replaced. Near the deadline
 * nothing new starts: every remaining item is recorded skipped ("deadline") and running ones are
 * abandoned, so the caller can close the archive in time. {@link #stopNow} (a signal) does both at once.
 *
 * <p>Hand-offs are per batch, not per item: the items a collector declares one after another for one
 * breaker key (a process) travel as one task, whose queue slots are taken and given back in one step;
 * a follow-up's items are grouped the same way; a reader hands its entries to the writer in
 * {@link EntryChunk}s. Each read still runs under its own timeout: the watchdog sees which item of
 * the batch is running and since when, and when it abandons the reader it puts the rest of the batch
 * back in front of the queue (the tripped breaker then skips it) and queues the entries the reader
 * had produced.
 *
 * <p>The second lane: once a read of a breaker key's item hung (a process's {@code stat} waits for
 * its exec lock), the key is suspect and its remaining items (other lock classes: status, comm, the
 * task listing) run on the lane's own readers, {@link EngineConfig#laneReaders()} of them with their
 * own cap {@link EngineConfig#laneMaxAbandoned()}: a lane reader stuck on a second lock of such a
 * process never takes a main reader or the main cap, so the main pass goes on at full width.
 *
 * <p>Threads: at most {@code readers + maxAbandoned + readers} main readers and
 * {@code laneReaders + laneMaxAbandoned + laneReaders} lane readers over the whole run, one watchdog,
 * and two short-lived drainers per running command. Each reader learns its kernel thread id at start
 * ({@code /proc/thread-self}), so an abandoned one is named in {@link #abandonedReaders()}.
 */
public final class Engine {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONED = 2;
    private static final long TICK_NANOS = 10_000_000L;
    private static final long COMMAND_SLACK_NANOS = 500_000_000L;
    private static final long CHILD_SLACK_NANOS = 300_000_000L;
    /** Most items in one task (well under {@link EngineConfig#QUEUE_CAPACITY}). */
    static final int MAX_BATCH = 128;

    /**
     * Items one reader runs one after another: consecutive items of one breaker key, or one item
     * without a key.
     *
     * @param permits queue slots the task holds (declared items), given back when a reader takes it
     */
    private record Task(WorkItem[] items, int permits) { }

    /** One item of a task being executed by one reader; the watchdog and the reader race on {@link #state}. */
    private static final class Run {
        private static final AtomicIntegerFieldUpdater<Run> STATE = AtomicIntegerFieldUpdater.newUpdater(Run.class, "state");
        final Task task;
        final int index;
        final long start;
        volatile int state = RUNNING;

        Run(Task task, int index, long start) {
            this.task = task;
            this.index = index;
            this.start = start;
        }

        WorkItem item() {
            return task.items()[index];
        }

        boolean end(int to) {
            return STATE.compareAndSet(this, RUNNING, to);
        }
    }

    private final EngineConfig config;
    private final EntryWriter writer;
    private final ItemExecutor executor;
    private final long t0;
    private final long softDeadline;
    /** When running reads are abandoned once stopped: shortly before the deadline, or now ({@link #stopNow}). */
    private volatile long abandonAll;
    private final Breakers breakers = new Breakers();
    private final LinkedBlockingDeque<Task> work = new LinkedBlockingDeque<>();
    /** The second lane's queue: tasks of suspect keys. */
    private final LinkedBlockingDeque<Task> laneWork = new LinkedBlockingDeque<>();
    private final AtomicInteger laneAbandoned = new AtomicInteger();
    private final ConcurrentLinkedQueue<AbandonedReader> abandonedReaders = new ConcurrentLinkedQueue<>();
    private final QueueSlots queueSlots = new QueueSlots(EngineConfig.QUEUE_CAPACITY);
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final Object idle = new Object();
    private final List<Reader> readers = new CopyOnWriteArrayList<>();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final HashMap<String, ArrayDeque<Task>> claimed = new HashMap<>();
    /** Declared items of one key not handed over yet (guarded by itself). */
    private final ArrayList<WorkItem> batch = new ArrayList<>();
    private String batchKey;
    /**
     * Timeout entries ({@link EntryHeader}) and abandoned readers' {@link EntryChunk}s the watchdog could
     * not queue without blocking; retried every tick, flushed at shutdown.
     */
    private final ConcurrentLinkedQueue<Object> backlog = new ConcurrentLinkedQueue<>();
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
        this.executor = new ItemExecutor(t0, config.maxFileBytes(), commands, NativeIo.available(), config.statfsHelper());
        this.softDeadline = t0 + config.deadlineNanos() - config.closeReserveNanos();
        this.abandonAll = t0 + config.deadlineNanos() - config.closeReserveNanos() / 2;
        for (int i = 0; i < config.readers(); i++) {
            startReader(false);
        }
        for (int i = 0; i < config.laneReaders(); i++) {
            startReader(true);
        }
        this.watchdog = new Thread(this::watch, "procsnap-watchdog");
        this.watchdog.setDaemon(true);
        this.watchdog.start();
    }

    /**
     * Declares one item; records it skipped at once when it cannot run. Consecutive items of one
     * breaker key are handed to the readers together (when the key changes, at {@link #MAX_BATCH}
     * items, or at {@link #awaitIdle}); handing over blocks while the queue is full.
     */
    public void submit(WorkItem item) {
        SafetyPolicy.checkEnviron(item.kind(), item.source(), config.includeEnviron());
        pending.incrementAndGet();
        String skip = skipReason(item, breakers.isSuspect(serialKey(item)));
        if (skip != null) {
            skip(item, skip, null);
            return;
        }
        String key = serialKey(item);
        synchronized (batch) {
            if (!batch.isEmpty() && (key == null || !key.equals(batchKey) || batch.size() >= MAX_BATCH)) {
                handOver();
            }
            batch.add(item);
            batchKey = key;
            if (key == null) {
                handOver();
            }
        }
    }

    /**
     * Declares items that are due now, ahead of everything queued (the re-sample of threads one interval
     * after their first sample, declared while a pass is being declared): they go to the front of the
     * queue as follow-ups do, grouped by breaker key, without queue slots, so a full queue of a pass's
     * items neither blocks nor delays them. Callable from any thread; {@link #awaitIdle} waits for them.
     */
    public void submitFirst(List<WorkItem> items) {
        List<WorkItem> run = new ArrayList<>(items.size());
        for (WorkItem item : items) {
            SafetyPolicy.checkEnviron(item.kind(), item.source(), config.includeEnviron());
            pending.incrementAndGet();
            String skip = skipReason(item, breakers.isSuspect(serialKey(item)));
            if (skip != null) {
                skip(item, skip, null);
            } else {
                run.add(item);
            }
        }
        List<Task> tasks = group(run);
        for (int i = tasks.size() - 1; i >= 0; i--) {
            work.addFirst(tasks.get(i));
        }
    }

    /** Queues the declared batch as one task, taking its queue slots in one step (caller holds {@link #batch}). */
    private void handOver() {
        WorkItem[] items = batch.toArray(new WorkItem[0]);
        batch.clear();
        batchKey = null;
        try {
            while (!queueSlots.tryAcquire(items.length, 50_000_000L)) {
                String late = stopReason != null ? stopReason : noReaderLeft(false);
                if (late != null) {
                    for (WorkItem w : items) {
                        skip(w, late, null);
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (WorkItem w : items) {
                skip(w, "interrupted", null);
            }
            return;
        }
        work.addLast(new Task(items, items.length));
    }

    /**
     * Waits until every submitted item and its follow-ups has ended (read, failed, timed out or
     * skipped), or until the deadline itself (then readers are stuck handing entries to an output that
     * does not drain, and the caller must give up on the archive).
     */
    public void awaitIdle() {
        synchronized (batch) {
            if (!batch.isEmpty()) {
                handOver();
            }
        }
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
            String reason = noReaderLeft(false);
            if (reason != null) {
                drainQueued(work, reason);
            }
            String laneReason = noReaderLeft(true);
            if (laneReason != null) {
                drainQueued(laneWork, laneReason);
            }
        }
    }

    /**
     * How the readers read, for the manifest's notes: through the JNI library (the bundle) or through NIO,
     * and why not the library.
     */
    public static String readerNote() {
        return NativeIo.available() ? "native (libprocsnap-io: one JNI call per file, link, listing, lstat)"
                : "nio (JNI library " + NativeIo.problem() + ")";
    }

    /** How the statfs of mounts are made, for the manifest's notes: the bundle's helper, or stat -f per mount. */
    public static String statfsNote() {
        return StatfsHelper.note();
    }

    /** Stops starting items: every item not yet started is recorded skipped with this reason. */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /**
     * Stops as {@link #stop} does and also abandons the reads running now (recorded as timeouts with the
     * reason) instead of letting them run to their own timeout: for a signal, where the person who sent
     * it wants the archive now.
     */
    public void stopNow(String reason) {
        stop(reason);
        abandonAll = System.nanoTime();
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

    /** Reader threads abandoned in the kernel, both lanes. */
    public int abandonedThreads() {
        return abandoned.get() + laneAbandoned.get();
    }

    /** Of {@link #abandonedThreads()}, those of the second lane. */
    public int abandonedLaneThreads() {
        return laneAbandoned.get();
    }

    /**
     * A reader thread left blocked in the kernel: its thread id (-1 when it could not be learnt), the
     * entry it was reading, and whether it was a second-lane reader.
     */
    public record AbandonedReader(long tid, String path, boolean lane) { }

    /** The readers abandoned so far, in order. */
    public List<AbandonedReader> abandonedReaders() {
        return List.copyOf(abandonedReaders);
    }

    public long completedItems() {
        return completed.get();
    }

    public long t0() {
        return t0;
    }

    /** Reader children killed after a read that hung ({@link Kind#inChild()}): their pids. */
    public List<Long> killedChildren() {
        return executor.killedChildren();
    }

    /**
     * Ends the readers that are idle, the watchdog and the idle reader children; abandoned readers stay
     * where the kernel holds them, killed reader children too.
     */
    public void shutdown() {
        executor.closeChildren();
        shutdown = true;
        executor.close();
        watchdog.interrupt();
        try {
            watchdog.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object o;
        while ((o = backlog.poll()) != null) {
            if (o instanceof EntryChunk) {
                writer.put((EntryChunk) o);
            } else {
                writer.put((EntryHeader) o, null);
            }
        }
    }

    /** Items of one breaker key run on one reader at a time: the key holder drains this queue. */
    private static String serialKey(WorkItem item) {
        return item.guards().isEmpty() ? null : item.guards().get(0);
    }

    private boolean claim(String key, Task task) {
        synchronized (claimed) {
            ArrayDeque<Task> waiting = claimed.get(key);
            if (waiting != null) {
                waiting.addLast(task);
                return false;
            }
            claimed.put(key, new ArrayDeque<>());
            return true;
        }
    }

    private Task nextFor(String key) {
        synchronized (claimed) {
            ArrayDeque<Task> waiting = claimed.get(key);
            Task next = waiting == null ? null : waiting.pollFirst();
            if (next == null) {
                claimed.remove(key);
            }
            return next;
        }
    }

    /**
     * A reader was abandoned at item {@code from - 1} of {@code task}, or found the task's key suspect
     * before item {@code from}: the rest of the task, then the tasks waiting for its key, go to the
     * front of the second lane's queue (the tripped breaker skips the items of the hung lock class there;
     * for an item without key, to the front of the main queue).
     */
    private void requeue(Task task, int from, String key) {
        LinkedBlockingDeque<Task> to = key != null && breakers.isSuspect(key) ? laneWork : work;
        ArrayDeque<Task> waiting = null;
        if (key != null) {
            synchronized (claimed) {
                waiting = claimed.remove(key);
            }
        }
        if (waiting != null) {
            Iterator<Task> it = waiting.descendingIterator();
            while (it.hasNext()) {
                // its queue slots were given back when a reader took it: it goes back without any
                to.addFirst(new Task(it.next().items(), 0));
            }
        }
        WorkItem[] items = task.items();
        if (from < items.length) {
            to.addFirst(new Task(Arrays.copyOfRange(items, from, items.length), 0));
        }
    }

    private void startReader(boolean lane) {
        Reader r = new Reader(lane);
        readers.add(r);
        Thread t = new Thread(r, (lane ? "procsnap-lane-" : "procsnap-reader-") + started.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    private String skipReason(WorkItem item, boolean lane) {
        String stop = stopReason;
        if (stop != null) {
            return stop;
        }
        String breaker = breakers.reason(item.guards());
        if (breaker != null) {
            return breaker;
        }
        if (lane) {
            if (item.risky() && laneAbandoned.get() >= config.laneMaxAbandoned()) {
                return "cap: " + laneAbandoned.get() + " hung second-lane reader threads abandoned";
            }
        } else if (item.risky() && abandoned.get() >= config.maxAbandoned()) {
            return "cap: " + abandoned.get() + " hung reader threads abandoned";
        }
        return null;
    }

    private String noReaderLeft(boolean lane) {
        for (Reader r : readers) {
            if (r.lane == lane) {
                return null;
            }
        }
        return lane ? "no second-lane reader thread left: " + laneAbandoned.get() + " abandoned"
                : "no reader thread left: " + abandoned.get() + " abandoned";
    }

    private void drainQueued(LinkedBlockingDeque<Task> queue, String reason) {
        Task t;
        while ((t = queue.pollFirst()) != null) {
            if (t.permits() > 0) {
                queueSlots.release(t.permits());
            }
            for (WorkItem w : t.items()) {
                skip(w, reason, null);
            }
        }
    }

    /** Records the item skipped: into a reader's chunk (done once it is queued), or straight to the writer. */
    private void skip(WorkItem item, String reason, EntryChunk chunk) {
        long now = System.nanoTime() - t0;
        EntryHeader h = new EntryHeader(entryPath(item), entryType(item), Status.SKIPPED, reason, -1, -1, -1, now, 0,
                null);
        Outcome outcome = new Outcome(item, Status.SKIPPED, null, null);
        if (chunk != null) {
            chunk.add(h, null);
            complete(item, outcome);
            chunk.items++;
        } else {
            writer.put(h, null);
            complete(item, outcome);
            finished(1);
        }
    }

    /** Runs the item's follow-up: its items go to the front of the queue as tasks, in their order. */
    private void complete(WorkItem item, Outcome outcome) {
        if (item.followUp() != null) {
            List<WorkItem> next = item.followUp().next(outcome);
            if (!next.isEmpty()) {
                pending.addAndGet(next.size());
                List<Task> tasks = group(next);
                for (int i = tasks.size() - 1; i >= 0; i--) {
                    work.addFirst(tasks.get(i));
                }
            }
        }
        completed.incrementAndGet();
    }

    /** Follow-up items as tasks: consecutive items of one breaker key together, the others alone. */
    private static List<Task> group(List<WorkItem> items) {
        List<Task> tasks = new ArrayList<>();
        int from = 0;
        while (from < items.size()) {
            String key = serialKey(items.get(from));
            int to = from + 1;
            if (key != null) {
                while (to < items.size() && to - from < MAX_BATCH && key.equals(serialKey(items.get(to)))) {
                    to++;
                }
            }
            tasks.add(new Task(items.subList(from, to).toArray(new WorkItem[0]), 0));
            from = to;
        }
        return tasks;
    }

    /** {@code items} have ended and their entries are queued (or in the backlog). */
    private void finished(int items) {
        if (items > 0 && pending.addAndGet(-items) == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private long allowance(WorkItem item) {
        if (item.kind() == Kind.COMMAND || item.kind() == Kind.STATFS) {
            return item.timeoutNanos() + 3 * config.graceNanos() + COMMAND_SLACK_NANOS;
        }
        if (item.kind().inChild()) {
            // the executor itself gives up on the child at the item's timeout and kills it: the reader
            // thread only waits on a pipe, so it is not abandoned unless that fails
            return item.timeoutNanos() + CHILD_SLACK_NANOS;
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
            Object pendingEntry;
            while ((pendingEntry = backlog.peek()) != null && offerNow(pendingEntry)) {
                backlog.poll();
            }
            long now = System.nanoTime();
            if (stopReason == null && now - softDeadline >= 0) {
                stop("deadline");
            }
            String stopped = stopReason;
            boolean pastDeadline = stopped != null && now - abandonAll >= 0;
            for (Reader r : readers) {
                Run run = r.current;
                if (run == null || run.state != RUNNING) {
                    continue;
                }
                boolean overran = now - run.start >= allowance(run.item());
                if (overran || pastDeadline) {
                    abandon(r, run, now, overran ? null : stopped);
                }
            }
        }
    }

    private boolean offerNow(Object element) {
        return element instanceof EntryChunk ? writer.offer((EntryChunk) element) : writer.offer((EntryHeader) element);
    }

    /** Queues without blocking (the watchdog must not block), behind what already waits in the backlog. */
    private void queueNow(Object element) {
        if (!backlog.isEmpty() || !offerNow(element)) {
            backlog.add(element);
        }
    }

    private void abandon(Reader reader, Run run, long now, String why) {
        if (!run.end(ABANDONED)) {
            return;
        }
        readers.remove(reader);
        abandonedReaders.add(new AbandonedReader(reader.tid, run.item().path(), reader.lane));
        int count = (reader.lane ? laneAbandoned : abandoned).incrementAndGet();
        long elapsed = now - run.start;
        String detail = (why != null ? why + ": " : "") + "abandoned after " + elapsed / 1_000_000L
                + " ms; reader thread left blocked";
        WorkItem item = run.item();
        EntryHeader timeout = new EntryHeader(entryPath(item), entryType(item), Status.TIMEOUT, detail, -1, -1, -1,
                run.start - t0, elapsed, null);
        // the reader no longer touches its chunk: the entries of the items it finished are queued here
        EntryChunk produced = reader.chunk;
        if (produced.size > 0) {
            queueNow(produced);
        }
        queueNow(timeout);
        breakers.trip(item);
        requeue(run.task, run.index + 1, serialKey(item));
        boolean replace = reader.lane ? count < config.laneMaxAbandoned() + config.laneReaders()
                : count < config.maxAbandoned() + config.readers();
        if (stopReason == null && replace) {
            startReader(reader.lane);
        }
        complete(item, new Outcome(item, Status.TIMEOUT, null, null));
        finished(produced.items + 1);
    }

    /** The path of the entry an item always makes: its own, or a command's {@code cmd/NAME/status}. */
    static String entryPath(WorkItem item) {
        return item.kind() == Kind.COMMAND ? ArchivePath.commandStream(item.path(), ArchivePath.Stream.STATUS)
                : item.path();
    }

    static EntryType entryType(WorkItem item) {
        switch (item.kind()) {
            case READLINK:
                return EntryType.SYMLINK;
            case LIST_DIR:
            case OWNER:
            case CHILD_OWNER:
            case CHILD_LIST_DIR:
            case CHILD_LIST_LINKS:
                return EntryType.DIRECTORY;
            default:
                return EntryType.FILE;
        }
    }

    private final class Reader implements Runnable {
        /** A second-lane reader: takes tasks of suspect keys only. */
        final boolean lane;
        /** This thread's kernel id, learnt at start; -1 when unknown. */
        volatile long tid = -1;
        private final ReadBuffer buffer = new ReadBuffer();
        /** What the running item produces; moved to {@link #chunk} only once the read ended in time. */
        private final EntryChunk scratch = new EntryChunk();
        /**
         * Entries of the items this reader finished, not queued yet. Changed only while no item runs;
         * once the reader is abandoned, the watchdog queues it (the reader never touches it again).
         */
        EntryChunk chunk = new EntryChunk();
        volatile Run current;

        Reader(boolean lane) {
            this.lane = lane;
        }

        @Override
        public void run() {
            tid = ownTid();
            LinkedBlockingDeque<Task> queue = lane ? laneWork : work;
            while (!shutdown) {
                Task task;
                try {
                    task = queue.pollFirst(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    continue;
                }
                if (task == null) {
                    continue;
                }
                if (task.permits() > 0) {
                    queueSlots.release(task.permits());
                }
                if (!process(task)) {
                    return;
                }
            }
            readers.remove(this);
        }

        /**
         * Runs a task; for items with a breaker key, first claims the key so that one process's items
         * run one after another on one thread (a hang then trips the breaker before the next read of
         * that process starts), and runs the tasks other readers queued for the key. The entries are
         * queued after each task, before the key is given up, so one key's entries keep their order.
         *
         * @return false when this thread was abandoned while reading and must end
         */
        private boolean process(Task task) {
            String key = serialKey(task.items()[0]);
            if (key != null && !claim(key, task)) {
                return true;
            }
            Task t = task;
            while (t != null) {
                WorkItem[] items = t.items();
                for (int i = 0; i < items.length; i++) {
                    if (!lane && breakers.isSuspect(key)) {
                        // a read of this key hung meanwhile: the rest goes to the second lane, in order
                        ship();
                        requeue(t, i, key);
                        return true;
                    }
                    if (!runOne(t, i)) {
                        return false;
                    }
                }
                ship();
                t = key == null ? null : nextFor(key);
            }
            return true;
        }

        /** Queues the chunk and reports its items done. */
        private void ship() {
            EntryChunk c = chunk;
            if (c.isEmpty()) {
                return;
            }
            chunk = new EntryChunk();
            writer.put(c);
            finished(c.items);
        }

        private boolean runOne(Task task, int index) {
            WorkItem item = task.items()[index];
            String skip = skipReason(item, lane);
            if (skip != null) {
                skip(item, skip, chunk);
                if (chunk.isFull()) {
                    ship();
                }
                return true;
            }
            Run run = new Run(task, index, System.nanoTime());
            current = run;
            Outcome outcome;
            try {
                outcome = executor.execute(item, buffer, scratch);
            } catch (RuntimeException | Error e) {
                scratch.truncate(0);
                outcome = internalError(item, run.start, e);
            }
            if (!run.end(IDLE)) {
                return false;
            }
            current = null;
            scratch.moveTo(chunk);
            if (outcome.status() == Status.TIMEOUT) {
                breakers.trip(item);
            }
            complete(item, outcome);
            chunk.items++;
            if (chunk.isFull()) {
                ship();
            }
            return true;
        }

        private Outcome internalError(WorkItem item, long start, Throwable e) {
            scratch.add(new EntryHeader(entryPath(item), entryType(item), Status.ERROR, "internal: " + e,
                    -1, -1, -1, start - t0, System.nanoTime() - start, null), null);
            return new Outcome(item, Status.ERROR, null, null);
        }
    }

    /** The calling thread's kernel id from {@code /proc/thread-self} ({@code PID/task/TID}), or -1. */
    static long ownTid() {
        try {
            String link = java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get("/proc/thread-self")).toString();
            return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
