package io.procsnap.replay.model;

import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.CommandStatus;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.StatfsRecord;
import io.procsnap.replay.parse.MountParser;
import io.procsnap.replay.parse.NetParser;
import io.procsnap.replay.parse.ProcFileParser;
import io.procsnap.replay.parse.ProcStatParser;
import io.procsnap.replay.parse.ProcStatusParser;
import io.procsnap.replay.parse.StackFrame;
import io.procsnap.replay.parse.SysvIpcParser;
import io.procsnap.replay.parse.SystemFileParser;
import io.procsnap.replay.parse.TaskFileParser;
import io.procsnap.replay.parse.ZfsParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Receives entries one at a time (archive order or live read order), parses what the model needs at
 * once and keeps raw bytes only up to a cap. {@link SnapshotBuilder} turns the result into a snapshot.
 * Not thread-safe.
 */
final class SnapshotAssembler {
    /** Raw content kept in memory in total; beyond it content is fetched again on demand. */
    static final long DEFAULT_RETAIN_CAP = 32L << 20;
    /** Larger entries are never kept raw. */
    static final int RETAIN_ENTRY_MAX = 1 << 20;

    /** The pressure (PSI) files, one per resource. */
    static final List<KernelFile> PRESSURE = List.of(KernelFile.PRESSURE_CPU, KernelFile.PRESSURE_MEMORY,
            KernelFile.PRESSURE_IO, KernelFile.PRESSURE_IRQ);

    /** The stack parser; {@link #stack(byte[])} shares the result between threads with the same stack. */
    private static final Function<byte[], List<StackFrame>> STACK = TaskFileParser::stack;

    /**
     * The parsers of the kernel files the model reads, by row of the capture's file table. Of the
     * per-thread rows only those {@link ThreadInfo} and {@link TaskSample} hold (a thread's sched or io
     * would cost 10,000 maps); every other entry is listed and served raw.
     */
    private static final Map<KernelFile, Function<byte[], ?>> PARSERS = parsers();

    private static Map<KernelFile, Function<byte[], ?>> parsers() {
        Map<KernelFile, Function<byte[], ?>> m = new EnumMap<>(KernelFile.class);
        for (KernelFile stat : List.of(KernelFile.PROCESS_STAT, KernelFile.THREAD_STAT)) {
            m.put(stat, ProcStatParser::parse);
        }
        m.put(KernelFile.PROCESS_STATUS, ProcStatusParser::parse);
        m.put(KernelFile.THREAD_STATUS, b -> ProcStatusParser.parse(b).withoutText());
        for (KernelFile wchan : List.of(KernelFile.PROCESS_WCHAN, KernelFile.THREAD_WCHAN)) {
            m.put(wchan, TaskFileParser::wchan);
        }
        for (KernelFile syscall : List.of(KernelFile.PROCESS_SYSCALL, KernelFile.THREAD_SYSCALL)) {
            m.put(syscall, TaskFileParser::syscall);
        }
        for (KernelFile stack : List.of(KernelFile.PROCESS_STACK, KernelFile.THREAD_STACK)) {
            m.put(stack, STACK);
        }
        m.put(KernelFile.CMDLINE, TaskFileParser::cmdline);
        m.put(KernelFile.CGROUP, b -> ProcFileParser.cgroup(text(b)));
        m.put(KernelFile.IO, b -> ProcFileParser.io(text(b)));
        m.put(KernelFile.LIMITS, b -> ProcFileParser.limits(text(b)));
        m.put(KernelFile.STATM, b -> ProcFileParser.statm(text(b)));
        m.put(KernelFile.PROCESS_SCHED, b -> ProcFileParser.sched(text(b)));
        m.put(KernelFile.OOM_SCORE, b -> ProcFileParser.oomScore(text(b)));
        m.put(KernelFile.UPTIME, b -> SystemFileParser.uptime(text(b)));
        m.put(KernelFile.LOADAVG, b -> SystemFileParser.loadavg(text(b)));
        m.put(KernelFile.MEMINFO, b -> SystemFileParser.meminfo(text(b)));
        m.put(KernelFile.KERNEL_STAT, b -> SystemFileParser.stat(text(b)));
        m.put(KernelFile.LOCKS, b -> SystemFileParser.locks(text(b)));
        m.put(KernelFile.NET_UNIX, b -> NetParser.unix(text(b)));
        m.put(KernelFile.NET_TCP, b -> NetParser.tcp(text(b)));
        m.put(KernelFile.NET_TCP6, b -> NetParser.tcp(text(b)));
        m.put(KernelFile.SYSVIPC_MSG, b -> SysvIpcParser.msg(text(b)));
        m.put(KernelFile.SYSVIPC_SEM, b -> SysvIpcParser.sem(text(b)));
        m.put(KernelFile.SYSVIPC_SHM, b -> SysvIpcParser.shm(text(b)));
        for (KernelFile limit : List.of(KernelFile.MSGMNB, KernelFile.MSGMAX, KernelFile.MSGMNI, KernelFile.SHMMAX,
                KernelFile.SHMALL, KernelFile.SHMMNI)) {
            m.put(limit, b -> SysvIpcParser.sysctlNumber(text(b)));
        }
        m.put(KernelFile.SEM_LIMITS, b -> SysvIpcParser.sysctlNumbers(text(b)));
        m.put(KernelFile.MOUNTINFO, b -> MountParser.mountinfo(text(b)));
        m.put(KernelFile.MOUNTS, b -> MountParser.mounts(text(b)));
        for (KernelFile psi : PRESSURE) {
            m.put(psi, b -> SystemFileParser.pressure(text(b)));
        }
        m.put(KernelFile.ZFS_POOL_STATE, b -> ZfsParser.poolState(text(b)));
        m.put(KernelFile.ZFS_POOL_TXGS, b -> ZfsParser.txgs(text(b)));
        return m;
    }

    final EntryIndex entries;
    final Map<String, Sourced<?>> parsed;
    final Map<String, byte[]> retained = new HashMap<>();
    /** pid -> tids seen (main pass or samples). */
    final TreeMap<Integer, TreeSet<Integer>> tids = new TreeMap<>();
    /** pid -> fd numbers seen. */
    final TreeMap<Integer, TreeSet<Integer>> fds = new TreeMap<>();
    /** statfs k values, command names, ZFS pools with kstats. */
    final TreeSet<Integer> statfsLines = new TreeSet<>();
    final TreeSet<String> commands = new TreeSet<>();
    final TreeSet<String> kstatPools = new TreeSet<>();
    /** The binary SunOS files below {@code proc/PID} (psinfo, lpsinfo, lwp/N/..., a binary status), by path. */
    final Map<String, byte[]> sunosFiles = new HashMap<>();
    /** The parsing thread while the load parses aside, else null. */
    private AsideParser aside;
    /** Why a captured value outside the wanted rows has none. */
    static final String NOT_LOADED = "not loaded for this command";

    /** Distinct stacks by their text (bytes as Latin-1), while loading. */
    private final Map<String, List<StackFrame>> stacks = new HashMap<>();
    int maxSample;
    long contentBytes;
    long retainedBytes;
    long droppedContents;
    private final long retainCap;
    /** The rows to parse; null for all. */
    private final Set<KernelFile> rows;
    /** The repeated samples are listed, not parsed or copied ({@link SnapshotLoader.Options#mainPassOnly()}). */
    final boolean mainPassOnly;

    SnapshotAssembler(long retainCap) {
        this(retainCap, 1024, null, false);
    }

    /**
     * @param expectedEntries sizes the maps up front (the archive summary knows the count)
     * @param rows            the rows of the file table to parse, null for all: the others are listed, not
     *                        parsed, and their values are unavailable ("not loaded for this command")
     */
    SnapshotAssembler(long retainCap, long expectedEntries, Set<KernelFile> rows, boolean mainPassOnly) {
        this.retainCap = retainCap;
        this.rows = rows == null ? null : Set.copyOf(rows);
        this.mainPassOnly = mainPassOnly;
        this.parsedThreadFiles = parsedFiles(KernelFile.Scope.THREAD);
        this.parsedProcessFiles = parsedFiles(KernelFile.Scope.PROCESS);
        int capacity = (int) Math.min(1 << 24, Math.max(16, expectedEntries * 4 / 3 + 1));
        this.entries = new EntryIndex((int) Math.min(1 << 24, Math.max(16, expectedEntries)));
        this.parsed = new HashMap<>(capacity);
    }

    /** {@code fd/}: the links of a process's open files. */
    private static final String FD_PREFIX = KernelFile.FDS.file().concat("/");
    /** {@code path/}: the fd links of a SunOS process ({@code path/3}), beside {@code path/a.out} and {@code path/cwd}. */
    private static final String SUNOS_FD_PREFIX = SunosProcesses.PATH.concat("/");

    private static final byte[] NO_BYTES = new byte[0];

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static EntryRef ref(Entry entry) {
        EntryHeader h = entry.header();
        return new EntryRef(h.path(), true, h.status(), h.detail(), h.elapsedNanos());
    }

    /**
     * Whether {@link #accept} needs the content of the entry at {@code path}; when it does not, the scan skips
     * its bytes instead of copying them. With raw contents kept (a retain cap) every content is wanted.
     * Otherwise not wanted: a repeated sample's entry when only the main pass is loaded, and a process's or
     * thread's file whose row is not parsed, because the command does not read it ({@code threads}, {@code ps}
     * and {@code ipc}: a process's limits, cgroup, io ...) or because no analysis does (a thread's
     * {@code sched}, the largest file of a 10,000-thread capture: 18.5 of its 40 MB of main-pass contents; issue
     * 16). SunOS's binary files are always wanted: which process is SunOS's is told by them. Thread-safe (the
     * scan's read-ahead threads call it).
     */
    boolean wantsContent(String path) {
        if (retainCap != 0) {
            return true;
        }
        if (mainPassOnly && path.startsWith(ArchivePath.SAMPLES) && path.startsWith("/", ArchivePath.SAMPLES.length())) {
            return false;
        }
        return !unreadProcessFile(path);
    }

    /**
     * A process's or thread's file (in any pass) whose row is not parsed: {@link #acceptTask} would not read its
     * bytes. Told from the path's characters as {@link ArchivePath#parse} cuts it, without making its parts
     * (the read-ahead asks for every entry: parsing each path there allocated as much as the skipped bytes
     * saved); any path not of that shape is wanted.
     */
    private boolean unreadProcessFile(String path) {
        int from = 0;
        if (path.startsWith(ArchivePath.SAMPLES) && path.startsWith("/", ArchivePath.SAMPLES.length())) {
            int end = path.indexOf('/', ArchivePath.SAMPLES.length() + 1);
            if (end < 0 || ArchivePath.number(path, ArchivePath.SAMPLES.length() + 1, end) <= 0) {
                return false;
            }
            from = end + 1;
        }
        if (!path.startsWith(PROC_SLASH, from)) {
            return false;
        }
        int pidStart = from + PROC_SLASH.length();
        int pidEnd = path.indexOf('/', pidStart);
        if (pidEnd < 0 || ArchivePath.number(path, pidStart, pidEnd) < 0 || pidEnd + 1 == path.length()) {
            return false; // proc/PID itself, or not a process
        }
        int file = pidEnd + 1;
        if (path.startsWith(TASK_SLASH, file)) {
            int tidStart = file + TASK_SLASH.length();
            int tidEnd = path.indexOf('/', tidStart);
            if (tidEnd < 0 || ArchivePath.number(path, tidStart, tidEnd) < 0 || tidEnd + 1 == path.length()) {
                return false; // the thread's directory, or a path the walk takes otherwise
            }
            return !named(path, tidEnd + 1, parsedThreadFiles);
        }
        return !named(path, file, parsedProcessFiles) && !path.startsWith(SunosProcesses.LWP_SLASH, file);
    }

    private static final String PROC_SLASH = "proc/";
    private static final String TASK_SLASH = KernelFile.TASKS.file() + "/";

    /** Whether {@code path} from {@code from} to its end is one of {@code names}. */
    private static boolean named(String path, int from, List<String> names) {
        int length = path.length() - from;
        for (String n : names) {
            if (n.length() == length && path.startsWith(n, from)) {
                return true;
            }
        }
        return false;
    }

    /** The file names below {@code proc/PID/task/TID} whose rows are parsed. */
    private final List<String> parsedThreadFiles;
    /** The file names below {@code proc/PID} whose rows are parsed, and SunOS's binary files (not {@code lwp/}). */
    private final List<String> parsedProcessFiles;

    private List<String> parsedFiles(KernelFile.Scope scope) {
        List<String> names = new ArrayList<>();
        for (KernelFile k : KernelFile.values()) {
            if (k.scope() == scope && !k.file().isEmpty() && KernelFile.of(scope, k.file()) == k && parser(k) != null) {
                names.add(k.file());
            }
        }
        if (scope == KernelFile.Scope.PROCESS) {
            for (String sunos : SunosProcesses.FILES_BY_NAME) {
                if (!names.contains(sunos)) {
                    names.add(sunos);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Takes a repeated sample's entry known only by its index row, its frame not read
     * ({@link SnapshotLoader.Options#mainPassOnly()}): its thread is known and the sample counted, as
     * {@link #accept} does for a sample it does not parse; it is not listed among the entries.
     */
    void listedOnly(String path, long frame, Status status) {
        ArchivePath at;
        try {
            at = ArchivePath.parse(path);
        } catch (RuntimeException e) {
            return; // a row no walk would have taken as a process's file
        }
        if (at instanceof ArchivePath.Sample s && s.of() instanceof ArchivePath.InProcess task) {
            noteTask(s.sample(), task);
        }
    }

    /**
     * Takes one entry and its content (may be null or empty for directories, symlinks, failed reads and the
     * entries {@link #wantsContent} declined).
     */
    void accept(Entry entry, byte[] content) {
        byte[] bytes = content == null ? NO_BYTES : content;
        String path = entry.path();
        entries.put(entry);
        contentBytes += bytes.length;
        if (bytes.length > 0) {
            if (bytes.length <= RETAIN_ENTRY_MAX && retainedBytes + bytes.length <= retainCap) {
                retained.put(path, bytes);
                retainedBytes += bytes.length;
            } else {
                droppedContents++;
            }
        }
        ArchivePath at = ArchivePath.parse(path);
        int sample = 0;
        if (at instanceof ArchivePath.Sample s) {
            sample = s.sample();
            at = s.of();
        }
        switch (at) {
            case ArchivePath.InProcess p -> acceptTask(entry, sample, p, bytes);
            case ArchivePath.StatfsEntry s -> {
                statfsLines.add(s.line());
                parse(entry, bytes, StatfsRecord::parse);
            }
            case ArchivePath.CommandStream c -> {
                commands.add(c.command());
                parse(entry, bytes, c.stream() == ArchivePath.Stream.STATUS ? CommandStatus::parse : SnapshotAssembler::text);
            }
            case ArchivePath.Sample s -> throw new IllegalStateException("a sample of a sample: " + s);
            case ArchivePath.ToolOwned t -> { }
            case ArchivePath.Other o -> acceptOther(entry, path, bytes);
        }
    }

    private void acceptOther(Entry entry, String path, byte[] bytes) {
        KernelFile row = KernelFile.system(path);
        if (row == null) {
            String pool = zfsPool(path);
            if (pool == null) {
                return;
            }
            kstatPools.add(pool);
            row = KernelFile.of(KernelFile.Scope.ZFS_POOL, path.substring(path.lastIndexOf('/') + 1));
        }
        Function<byte[], ?> parser = parser(row);
        if (parser != null) {
            parse(entry, bytes, parser);
        }
    }

    /** The parser of a row, null when the row has none or is not wanted. */
    private Function<byte[], ?> parser(KernelFile row) {
        return row == null || rows != null && !rows.contains(row) ? null : PARSERS.get(row);
    }

    /** The pool of a path {@code proc/spl/kstat/zfs/POOL/FILE}, or null. */
    private static String zfsPool(String path) {
        String dir = KernelFile.ZFS_POOLS.path();
        if (!path.startsWith(dir) || !path.startsWith("/", dir.length())) {
            return null;
        }
        int slash = path.indexOf('/', dir.length() + 1);
        return slash < 0 || path.indexOf('/', slash + 1) >= 0 ? null : path.substring(dir.length() + 1, slash);
    }

    /**
     * Notes what an entry of a process or task says by its path alone: its thread, its sample, an fd number.
     * False when the entry says nothing more (a process or task directory, a Linux fd entry whose name is no
     * number).
     */
    private boolean noteTask(int sample, ArchivePath.InProcess task) {
        int tid = task instanceof ArchivePath.ThreadFile t ? t.tid() : -1;
        TreeSet<Integer> seen = tids.computeIfAbsent(task.pid(), p -> new TreeSet<>());
        if (tid >= 0) {
            seen.add(tid);
        }
        maxSample = Math.max(maxSample, sample);
        String file = task.file();
        if (file == null) {
            return false;
        }
        String fdPrefix = file.startsWith(FD_PREFIX) ? FD_PREFIX : file.startsWith(SUNOS_FD_PREFIX) ? SUNOS_FD_PREFIX : null;
        if (tid < 0 && fdPrefix != null && file.indexOf('/', fdPrefix.length()) < 0) {
            int fd = ArchivePath.number(file.substring(fdPrefix.length()));
            if (fd >= 0) {
                fds.computeIfAbsent(task.pid(), p -> new TreeSet<>()).add(fd);
            } else if (fdPrefix == FD_PREFIX) {
                return false;
            }
        }
        return true;
    }

    private void acceptTask(Entry entry, int sample, ArchivePath.InProcess task, byte[] bytes) {
        if (!noteTask(sample, task)) {
            return;
        }
        String file = task.file();
        if (task instanceof ArchivePath.ProcessFile pf && sample == 0) {
            int lwp = SunosProcesses.lwpOf(pf);
            if (lwp >= 0) {
                tids.get(task.pid()).add(lwp);
            }
            if (entry.header().type() == EntryType.FILE && SunosProcesses.isSunosFile(file, bytes)) {
                sunosFiles.put(entry.path(), bytes);
                if (!file.equals(SunosProcesses.STATUS)) {
                    return;
                }
            }
        }
        if (sample > 0 && mainPassOnly) {
            return; // listed and counted above; its value is never asked for
        }
        if (entry.header().type() == EntryType.SYMLINK) {
            EntryRef ref = ref(entry);
            String target = entry.header().linkTarget();
            put(entry.path(), () -> ref.ok() && target != null ? Sourced.of(target, ref) : Sourced.absent(ref));
            return;
        }
        Function<byte[], ?> parser = parser(task.row());
        if (parser != null) {
            parse(entry, bytes, parser);
        }
    }

    /**
     * Keeps an entry whose content the model could not take (an unexpected failure while accepting it):
     * listed, and its value unparseable with {@code why}, so the load goes on.
     */
    void unreadable(Entry entry, String why) {
        entries.put(entry);
        put(entry.path(), () -> new Sourced<>(null, ref(entry), "unreadable: " + why));
    }

    /**
     * Sets the parsed value of {@code path}: now, or in order on the parsing thread ({@link #parseAside()}),
     * which alone touches {@link #parsed} and the stack table until {@link #finish()}.
     */
    private void put(String path, java.util.function.Supplier<Sourced<?>> value) {
        if (aside == null) {
            parsed.put(path, value.get());
        } else {
            aside.submit(() -> parsed.put(path, value.get()));
        }
    }

    /**
     * Parses on a thread of its own from now until {@link #finish()}, in the order the entries came: the
     * loading thread walks the archive and lists the entries meanwhile (issue 16: on a 2-CPU machine the
     * parsers of a 10,000-thread capture's stat, status and stack files ran on the loading thread, whose time
     * is the command's). Nothing changes but which thread parses.
     */
    void parseAside() {
        if (aside == null) {
            aside = new AsideParser();
        }
    }

    /** Waits for the parsing thread to finish what it was given (no-op without one); then {@link #get} answers. */
    void finish() {
        if (aside != null) {
            AsideParser a = aside;
            aside = null;
            a.finish();
        }
    }

    private void parse(Entry entry, byte[] bytes, Function<byte[], ?> parser) {
        if (aside != null) {
            aside.submit(() -> parseNow(entry, bytes, parser));
        } else {
            parseNow(entry, bytes, parser);
        }
    }

    private void parseNow(Entry entry, byte[] bytes, Function<byte[], ?> parser) {
        EntryRef ref = ref(entry);
        if (!ref.usable()) {
            parsed.put(entry.path(), Sourced.absent(ref));
            return;
        }
        try {
            Object value = parser == STACK ? stack(bytes) : parser.apply(bytes);
            parsed.put(entry.path(), value == null ? Sourced.absent(ref) : Sourced.of(value, ref));
        } catch (RuntimeException e) {
            parsed.put(entry.path(), Sourced.unparseable(ref, String.valueOf(e.getMessage())));
        }
    }

    /**
     * The stack of these bytes, one shared immutable list per distinct stack: the threads of a pool wait
     * in the same few places (10,033 threads, 2 samples: about 300 distinct stacks among 30,000 files).
     */
    private List<StackFrame> stack(byte[] bytes) {
        return stacks.computeIfAbsent(new String(bytes, StandardCharsets.ISO_8859_1),
                k -> List.copyOf(TaskFileParser.stack(bytes)));
    }

    /** The parsed value at {@code path}; absent with the entry's status, or "not captured". */
    @SuppressWarnings("unchecked")
    <T> Sourced<T> get(String path) {
        Sourced<?> s = parsed.get(path);
        if (s != null) {
            return (Sourced<T>) s;
        }
        EntryRef ref = refOf(path);
        return rows != null && ref.captured() ? Sourced.unavailable(ref, NOT_LOADED) : Sourced.absent(ref);
    }

    EntryRef refOf(String path) {
        Entry e = entries.get(path);
        return e == null ? EntryRef.missing(path) : ref(e);
    }

    /** The latest start + elapsed of all entries: the capture duration the archive index records. */
    long latestEndNanos() {
        long end = 0;
        for (Entry e : entries.list()) {
            end = Math.max(end, Math.max(0, e.header().startNanos()) + Math.max(0, e.header().elapsedNanos()));
        }
        return end;
    }

    /** Counts of entries per status. */
    Map<Status, Long> countsByStatus() {
        Map<Status, Long> counts = new java.util.EnumMap<>(Status.class);
        for (Entry e : entries.list()) {
            counts.merge(e.status(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * One thread running tasks in the order given, from a bounded queue (the loading thread waits when it is
     * full, so at most {@value #QUEUED} entries' contents wait in memory). An error a task throws ends the
     * thread and is thrown again by {@link #finish()}; the tasks themselves catch what a parser throws.
     */
    private static final class AsideParser {
        private static final int QUEUED = 4096;
        private static final Runnable END = () -> { };
        private final java.util.concurrent.BlockingQueue<Runnable> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(QUEUED);
        private final Thread thread;
        private volatile Throwable failed;

        AsideParser() {
            thread = new Thread(this::run, "procsnap-parse");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                for (Runnable r; (r = queue.take()) != END; ) {
                    r.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failed = t;
                queue.clear();
            }
        }

        void submit(Runnable task) {
            try {
                while (!queue.offer(task, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (!thread.isAlive()) {
                        return; // it failed: finish() says why
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading", e);
            }
        }

        void finish() {
            submit(END);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading", e);
            }
            if (failed instanceof RuntimeException r) {
                throw r;
            }
            if (failed instanceof Error e) {
                throw e;
            }
            if (failed != null) {
                throw new IllegalStateException(failed);
            }
        }
    }
}
