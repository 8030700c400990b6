package io.procsnap.capture;

import io.procsnap.capture.collect.Collector;
import io.procsnap.capture.collect.CommandSource;
import io.procsnap.capture.collect.FilesystemSource;
import io.procsnap.capture.collect.Inventory;
import io.procsnap.capture.collect.Phase;
import io.procsnap.capture.collect.ProcessSource;
import io.procsnap.capture.collect.Settings;
import io.procsnap.capture.collect.SystemSource;
import io.procsnap.capture.engine.CaptureStats;
import io.procsnap.capture.engine.CommandRunner;
import io.procsnap.capture.engine.Engine;
import io.procsnap.capture.engine.EngineConfig;
import io.procsnap.capture.engine.EntrySink;
import io.procsnap.capture.engine.EntryWriter;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.SelfRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One capture: runs the collectors' passes through the engine in order (fast pass: processes, threads'
 * stat and wchan, their owners; details, system, filesystems, commands, samples; the default re-sample
 * beside them, {@link Resampler}), streams every entry to the sink through the writer thread, and
 * finishes the archive before the deadline.
 */
public final class Capture {

    /** Time allowed after the deadline for the writer to finish the archive before giving up on it. */
    public static final long FINISH_MARGIN_NANOS = 2_000_000_000L;

    /**
     * @param stats           entries per status, slowest and hung reads
     * @param stopReason      why the engine stopped early ("deadline", "output failed"), or null
     * @param outputFailure   the output error (disk full), or null
     * @param finished        the archive was finished (index and seek table written)
     * @param abandoned       reader threads abandoned in the kernel
     * @param processes       processes found
     * @param threads         threads found
     * @param durationNanos   from start to finished archive
     */
    public record Result(CaptureStats.Snapshot stats, String stopReason, IOException outputFailure, boolean finished,
                         int abandoned, long processes, long threads, long durationNanos) { }

    /**
     * @param settings   what to read
     * @param engine     how to run it
     * @param commands   how commands are run
     * @param samples    repeated samples after the main pass (0 = none)
     * @param intervalNanos time between samples
     * @param skip       phases not to run at all (not recorded: the manifest's options say so)
     * @param resample   with no samples: re-sample the threads that looked blocked in the fast pass once, each
     *                   {@code intervalNanos} after its own first sample, beside the later passes
     *                   ({@link Phase#RESAMPLE}, {@link Resampler}), so stuck-threads evaluates
     */
    public record Plan(Settings settings, EngineConfig engine, CommandRunner commands, int samples, long intervalNanos,
                       java.util.Set<Phase> skip, boolean resample) {
        public Plan(Settings settings, EngineConfig engine, CommandRunner commands, int samples, long intervalNanos) {
            this(settings, engine, commands, samples, intervalNanos, java.util.Set.of(), false);
        }

        public Plan(Settings settings, EngineConfig engine, CommandRunner commands, int samples, long intervalNanos,
                    java.util.Set<Phase> skip) {
            this(settings, engine, commands, samples, intervalNanos, skip, false);
        }

        /**
         * The plan of {@code procsnap} without options ({@link Defaults}), reading {@code procRoot}, with
         * these reads' limits: what {@code procsnap-replay --live} runs. Every phase, the commands at low
         * priority, no environ, no added files or commands.
         *
         * @param maxAbandoned hung reader threads abandoned before the remaining risky reads are skipped
         * @param maxFileBytes cap per file and per command stream
         */
        public static Plan of(String procRoot, long readTimeoutNanos, int maxAbandoned, int maxFileBytes, int samples,
                              long intervalNanos) {
            Settings settings = new Settings(procRoot, readTimeoutNanos, Defaults.STATFS_TIMEOUT_NANOS,
                    Defaults.COMMAND_TIMEOUT_NANOS, false, java.util.List.of(), java.util.Map.of());
            EngineConfig engine = new EngineConfig(Defaults.readers(0), maxAbandoned, Defaults.DEADLINE_NANOS,
                    EngineConfig.reserveFor(Defaults.DEADLINE_NANOS), maxFileBytes, Defaults.GRACE_NANOS, false);
            java.util.List<String> searchPath = CommandRunner.defaultSearchPath(System.getenv("PATH"));
            CommandRunner probe = new CommandRunner(searchPath, java.util.List.of(), Defaults.GRACE_NANOS, maxFileBytes);
            CommandRunner runner = new CommandRunner(searchPath, CaptureCommand.priorityWrapper(probe),
                    Defaults.GRACE_NANOS, Defaults.commandOutputCap(maxFileBytes));
            return new Plan(settings, engine, runner, samples, intervalNanos);
        }
    }

    /** The defaults of {@code procsnap}'s options ({@link CaptureCommand} declares the same values). */
    public static final class Defaults {
        public static final long DEADLINE_NANOS = 90 * CaptureCommand.SECOND;
        public static final long READ_TIMEOUT_NANOS = 2 * CaptureCommand.SECOND;
        public static final long STATFS_TIMEOUT_NANOS = 5 * CaptureCommand.SECOND;
        public static final long COMMAND_TIMEOUT_NANOS = 15 * CaptureCommand.SECOND;
        public static final int MAX_ABANDONED = 16;
        public static final int MAX_FILE_BYTES = 4 << 20;
        /** Commands: SIGTERM to SIGKILL, and SIGKILL to "left behind". */
        static final long GRACE_NANOS = CaptureCommand.SECOND;

        private Defaults() {
        }

        /** Reader threads: {@code asked}, or for 0 the number of CPUs between 2 and 4. */
        static int readers(int asked) {
            return asked > 0 ? asked : Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        }

        /** Bytes kept per command stream: the file cap, at most 2 MiB. */
        static int commandOutputCap(int maxFileBytes) {
            return Math.min(maxFileBytes, 2 << 20);
        }

        /** Machines with fewer threads than this get {@link #SMALL_FRAME_BYTES} frames. */
        static final int SMALL_MACHINE_THREADS = 2_000;
        static final int SMALL_FRAME_BYTES = 1 << 20;

        /**
         * The archive's frame size for a machine of {@code threads} threads (-1: unknown). The writer's one
         * frame buffer is a heap array, zeroed when allocated, so all of it is resident memory: on a small
         * machine (a device) 1 MiB frames keep 3 MiB less resident (a 200-thread capture: peak RSS about
         * 3 MB lower, the archive 8% larger: 90 against 97 KB); from 2,000 threads on, the format's 4 MiB,
         * which compress a 10,000-thread capture 9% smaller. Either way a frame is written out at least
         * once a second.
         */
        static int frameSize(int threads) {
            return threads >= 0 && threads < SMALL_MACHINE_THREADS ? SMALL_FRAME_BYTES
                    : io.procsnap.format.ArchiveWriter.Options.DEFAULT_FRAME_SIZE;
        }

        /**
         * The machine's thread count from a {@code /proc/loadavg} line (its 4th field, runnable/total:
         * {@code 0.31 0.52 0.60 2/218 4321}), or -1 when {@code line} is null or not of that form.
         */
        static int threadsOf(String line) {
            return loadavgTasks(line, false);
        }

        /**
         * One side of a {@code /proc/loadavg} line's 4th field, runnable/total ({@code 0.31 0.52 0.60 2/218
         * 4321}): the runnable count, or the total; -1 when {@code line} is null or not of that form. What the
         * heap's and frames' sizing ({@link #threadsOf}) and the saturation rule ({@link Saturation}) read.
         */
        static int loadavgTasks(String line, boolean runnable) {
            if (line == null) {
                return -1;
            }
            String[] f = line.trim().split(" +");
            int slash = f.length >= 4 ? f[3].indexOf('/') : -1;
            if (slash < 0) {
                return -1;
            }
            try {
                return Integer.parseInt(runnable ? f[3].substring(0, slash) : f[3].substring(slash + 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** How the readers read (the JNI library or NIO), for a manifest's notes. */
    public static String readerNote() {
        return Engine.readerNote();
    }

    private Capture() {
    }

    /**
     * Runs the capture into {@code sink} and closes it.
     *
     * @param t0       capture start ({@link System#nanoTime()}); the deadline counts from here
     * @param progress where to print progress (a terminal), or null
     */
    public static Result run(Plan plan, EntrySink sink, long t0, PrintStream progress) {
        return run(plan, sink, t0, progress, new AtomicReference<>());
    }

    /**
     * As {@link #run(Plan, EntrySink, long, PrintStream)}; when {@code stopRequest} gets a reason (a
     * signal, from a shutdown hook), nothing new starts and the archive is finished as it stands, with
     * that reason as the stop reason: a partial but complete archive instead of a cut-off temp file.
     */
    public static Result run(Plan plan, EntrySink sink, long t0, PrintStream progress, AtomicReference<String> stopRequest) {
        CaptureStats stats = new CaptureStats();
        EntryWriter writer = new EntryWriter(sink, stats);
        writer.giveUpAt(t0 + plan.engine().deadlineNanos());
        Engine engine = new Engine(plan.engine(), writer, plan.commands(), t0);
        boolean resample = plan.resample() && plan.samples() == 0;
        Inventory inventory = new Inventory(resample);
        List<Collector> collectors = collectors(plan.settings());
        Monitor monitor = new Monitor(engine, writer, stats, progress, t0, plan.engine().deadlineNanos(), stopRequest);
        monitor.start();
        Consumer<io.procsnap.capture.engine.WorkItem> submit = engine::submit;
        // PROCSNAP_TIMING=1: one line per phase, by concatenation: printf's Formatter (its classes, its
        // regular expression) took 20 to 30 ms on the first line, between the fast pass and the threads' reads
        PrintStream timing = System.getenv("PROCSNAP_TIMING") != null ? System.err : null;
        Resampler resampler = resample ? new Resampler(engine, inventory, collectors, plan.intervalNanos()) : null;
        if (resampler != null) {
            resampler.start();
        }
        for (Phase phase : new Phase[] {Phase.FAST, Phase.FAST_THREADS, Phase.FAST_OWNERSHIP, Phase.DETAILS,
                Phase.SYSTEM, Phase.FILESYSTEMS, Phase.COMMANDS}) {
            if (plan.skip().contains(phase)) {
                continue;
            }
            long phaseStart = System.nanoTime();
            monitor.phase = phase.name().toLowerCase(java.util.Locale.ROOT);
            for (Collector c : collectors) {
                c.declare(phase, 0, inventory, submit);
            }
            engine.awaitIdle();
            writer.flush();
            if (phase == Phase.FAST_THREADS && resampler != null) {
                resampler.fastPassEnded();
            }
            if (timing != null) {
                timing.println("procsnap: phase " + monitor.phase + " " + (System.nanoTime() - phaseStart) / 1_000_000L
                        + " ms (at " + (System.nanoTime() - t0) / 1_000_000L + " ms, " + engine.completedItems()
                        + " items done)");
            }
        }
        if (resampler != null) {
            long phaseStart = System.nanoTime();
            monitor.phase = "re-sample";
            resampler.await();
            resampler.rethrowFailure();
            resampler.declareLeftAfterStop();
            engine.awaitIdle();
            writer.flush();
            if (timing != null) {
                timing.println("procsnap: re-sample of " + resampler.summary(t0) + ", waited "
                        + (System.nanoTime() - phaseStart) / 1_000_000L + " ms after the last pass (at "
                        + (System.nanoTime() - t0) / 1_000_000L + " ms)");
            }
        }
        for (int k = 1; k <= plan.samples(); k++) {
            monitor.phase = "sample " + k + "/" + plan.samples();
            pause(engine, plan.intervalNanos());
            for (Collector c : collectors) {
                c.declare(Phase.SAMPLE, k, inventory, submit);
            }
            engine.awaitIdle();
            writer.flush();
        }
        long finishStart = System.nanoTime();
        engine.shutdown();
        monitor.phase = "finishing";
        writer.put(EntryHeader.file(ArchivePath.SELF).withTiming(System.nanoTime() - t0, 0),
                self(engine, plan.commands()).toBytes());
        writer.finish();
        boolean finished = false;
        try {
            long left = t0 + plan.engine().deadlineNanos() + FINISH_MARGIN_NANOS - System.nanoTime();
            finished = writer.awaitDone(Math.max(left, 0)) && writer.failure() == null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        monitor.finish();
        if (timing != null) {
            timing.println("procsnap: finish " + (System.nanoTime() - finishStart) / 1_000_000L + " ms (at "
                    + (System.nanoTime() - t0) / 1_000_000L + " ms)");
        }
        return new Result(stats.snapshot(), engine.stopReason(), writer.failure(), finished, engine.abandonedThreads(),
                inventory.processes().size(), inventory.threadCount(), System.nanoTime() - t0);
    }

    /**
     * The collectors of the settings' kernel: on Linux system files, processes, filesystems, commands; on
     * SunOS processes (through reader children) and commands.
     */
    static List<Collector> collectors(Settings settings) {
        if (settings.kernel() == io.procsnap.format.layout.KernelFile.Kernel.SUNOS) {
            return List.of(new io.procsnap.capture.collect.SunosProcessSource(settings), new CommandSource(settings));
        }
        return List.of(new SystemSource(settings), new ProcessSource(settings), new FilesystemSource(settings),
                new CommandSource(settings));
    }

    /**
     * The capture's own tasks for {@code procsnap/self}: this process, the readers left blocked in the
     * kernel (by tid, with the entry each was on) and every child started, so replay counts none of them
     * among the machine's.
     */
    static SelfRecord self(Engine engine, CommandRunner commands) {
        List<SelfRecord.Reader> readers = new java.util.ArrayList<>();
        for (Engine.AbandonedReader r : engine.abandonedReaders()) {
            readers.add(new SelfRecord.Reader(r.tid(), r.lane(), r.path()));
        }
        return new SelfRecord(ProcessHandle.current().pid(), readers, commands.children());
    }

    /** Sleeps between samples, never past the point where nothing new may start. */
    private static void pause(Engine engine, long nanos) {
        long sleep = Math.min(nanos, engine.nanosUntilStop());
        if (sleep > 0 && engine.stopReason() == null) {
            try {
                Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the engine when the output fails or a stop is requested; draws the progress line on a terminal. */
    private static final class Monitor extends Thread {
        private final Engine engine;
        private final EntryWriter writer;
        private final CaptureStats stats;
        private final PrintStream progress;
        private final long t0;
        private final long deadline;
        private final AtomicReference<String> stopRequest;
        volatile String phase = "starting";
        private volatile boolean done;

        Monitor(Engine engine, EntryWriter writer, CaptureStats stats, PrintStream progress, long t0, long deadline,
                AtomicReference<String> stopRequest) {
            super("procsnap-monitor");
            setDaemon(true);
            this.engine = engine;
            this.writer = writer;
            this.stats = stats;
            this.progress = progress;
            this.t0 = t0;
            this.deadline = deadline;
            this.stopRequest = stopRequest;
        }

        @Override
        public void run() {
            int tick = 0;
            while (!done) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                IOException failure = writer.failure();
                if (failure != null) {
                    engine.stop("output failed: " + failure.getMessage());
                }
                String stop = stopRequest.get();
                if (stop != null) {
                    engine.stopNow(stop);
                }
                if (progress != null && ++tick % 5 == 0) {
                    draw();
                }
            }
        }

        private void draw() {
            CaptureStats.Snapshot s = stats.snapshot();
            long left = (t0 + deadline - System.nanoTime()) / 1_000_000_000L;
            progress.print("\rprocsnap: " + phase + ", " + s.total() + " entries, "
                    + s.count(io.procsnap.format.Status.TIMEOUT) + " hung, " + Math.max(left, 0) + " s to deadline   ");
            progress.flush();
        }

        void finish() {
            done = true;
            interrupt();
            if (progress != null) {
                progress.print("\r\033[K");
                progress.flush();
            }
        }
    }
}
