package io.procsnap.replay.model;

import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import io.procsnap.replay.parse.CommandStatusParser;
import io.procsnap.replay.parse.MountParser;
import io.procsnap.replay.parse.NetParser;
import io.procsnap.replay.parse.ProcFileParser;
import io.procsnap.replay.parse.ProcStatParser;
import io.procsnap.replay.parse.ProcStatusParser;
import io.procsnap.replay.parse.StatfsParser;
import io.procsnap.replay.parse.SysvIpcParser;
import io.procsnap.replay.parse.SystemFileParser;
import io.procsnap.replay.parse.TaskFileParser;
import io.procsnap.replay.parse.ZfsParser;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private static final Map<String, Function<byte[], ?>> TASK_FILES = Map.ofEntries(
            Map.entry("stat", ProcStatParser::parse),
            Map.entry("status", ProcStatusParser::parse),
            Map.entry("wchan", TaskFileParser::wchan),
            Map.entry("syscall", TaskFileParser::syscall),
            Map.entry("stack", TaskFileParser::stack),
            Map.entry("cmdline", TaskFileParser::cmdline),
            Map.entry("cgroup", b -> ProcFileParser.cgroup(text(b))),
            Map.entry("io", b -> ProcFileParser.io(text(b))),
            Map.entry("limits", b -> ProcFileParser.limits(text(b))),
            Map.entry("statm", b -> ProcFileParser.statm(text(b))),
            Map.entry("sched", b -> ProcFileParser.sched(text(b))),
            Map.entry("oom_score", b -> ProcFileParser.oomScore(text(b))));

    /** The per-thread files the model parses ({@link ThreadInfo}, {@link TaskSample}). */
    private static final java.util.Set<String> THREAD_FILES = java.util.Set.of("stat", "status", "wchan", "syscall",
            "stack");

    private static final Map<String, Function<byte[], ?>> SYSTEM_FILES = Map.ofEntries(
            Map.entry("proc/uptime", b -> SystemFileParser.uptime(text(b))),
            Map.entry("proc/loadavg", b -> SystemFileParser.loadavg(text(b))),
            Map.entry("proc/meminfo", b -> SystemFileParser.meminfo(text(b))),
            Map.entry("proc/stat", b -> SystemFileParser.stat(text(b))),
            Map.entry("proc/locks", b -> SystemFileParser.locks(text(b))),
            Map.entry("proc/net/unix", b -> NetParser.unix(text(b))),
            Map.entry("proc/net/tcp", b -> NetParser.tcp(text(b))),
            Map.entry("proc/net/tcp6", b -> NetParser.tcp(text(b))),
            Map.entry("proc/sysvipc/msg", b -> SysvIpcParser.msg(text(b))),
            Map.entry("proc/sysvipc/sem", b -> SysvIpcParser.sem(text(b))),
            Map.entry("proc/sysvipc/shm", b -> SysvIpcParser.shm(text(b))),
            Map.entry("proc/sys/kernel/msgmnb", b -> SysvIpcParser.sysctlNumber(text(b))),
            Map.entry("proc/sys/kernel/msgmax", b -> SysvIpcParser.sysctlNumber(text(b))),
            Map.entry("proc/sys/kernel/msgmni", b -> SysvIpcParser.sysctlNumber(text(b))),
            Map.entry("proc/sys/kernel/shmmax", b -> SysvIpcParser.sysctlNumber(text(b))),
            Map.entry("proc/sys/kernel/shmall", b -> SysvIpcParser.sysctlNumber(text(b))),
            Map.entry("proc/sys/kernel/shmmni", b -> SysvIpcParser.sysctlNumber(text(b))),
            Map.entry("proc/sys/kernel/sem", b -> SysvIpcParser.sysctlNumbers(text(b))),
            Map.entry("proc/self/mountinfo", b -> MountParser.mountinfo(text(b))),
            Map.entry("proc/mounts", b -> MountParser.mounts(text(b))));

    final Map<String, Entry> entries;
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
    int maxSample;
    long contentBytes;
    long retainedBytes;
    long droppedContents;
    private final long retainCap;

    SnapshotAssembler(long retainCap) {
        this(retainCap, 1024);
    }

    /** @param expectedEntries sizes the maps up front (the archive summary knows the count) */
    SnapshotAssembler(long retainCap, long expectedEntries) {
        this.retainCap = retainCap;
        int capacity = (int) Math.min(1 << 24, Math.max(16, expectedEntries * 4 / 3 + 1));
        this.entries = new LinkedHashMap<>(capacity);
        this.parsed = new HashMap<>(capacity);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static EntryRef ref(Entry entry) {
        EntryHeader h = entry.header();
        return new EntryRef(h.path(), true, h.status(), h.detail(), h.elapsedNanos());
    }

    /** Takes one entry and its content (may be null or empty for directories, symlinks and failed reads). */
    void accept(Entry entry, byte[] content) {
        byte[] bytes = content == null ? new byte[0] : content;
        String path = entry.path();
        entries.put(path, entry);
        contentBytes += bytes.length;
        if (bytes.length > 0) {
            if (bytes.length <= RETAIN_ENTRY_MAX && retainedBytes + bytes.length <= retainCap) {
                retained.put(path, bytes);
                retainedBytes += bytes.length;
            } else {
                droppedContents++;
            }
        }
        ArchivePaths.TaskPath task = ArchivePaths.task(path);
        if (task != null) {
            acceptTask(entry, task, bytes);
            return;
        }
        Function<byte[], ?> parser = SYSTEM_FILES.get(path);
        if (parser == null) {
            parser = otherParser(path);
        }
        if (parser != null) {
            parse(entry, bytes, parser);
        }
    }

    private void acceptTask(Entry entry, ArchivePaths.TaskPath task, byte[] bytes) {
        if (task.tid() >= 0) {
            tids.computeIfAbsent(task.pid(), p -> new TreeSet<>()).add(task.tid());
        } else {
            tids.computeIfAbsent(task.pid(), p -> new TreeSet<>());
        }
        maxSample = Math.max(maxSample, task.sample());
        if (task.directory()) {
            return;
        }
        String file = task.file();
        if (task.tid() < 0 && file.startsWith("fd/") && file.indexOf('/', 3) < 0) {
            try {
                fds.computeIfAbsent(task.pid(), p -> new TreeSet<>()).add(Integer.parseInt(file.substring(3)));
            } catch (NumberFormatException e) {
                return;
            }
        }
        if (entry.header().type() == EntryType.SYMLINK) {
            EntryRef ref = ref(entry);
            String target = entry.header().linkTarget();
            parsed.put(entry.path(), ref.ok() && target != null ? Sourced.of(target, ref) : Sourced.absent(ref));
            return;
        }
        if (task.tid() >= 0 && !THREAD_FILES.contains(file)) {
            return; // the model keeps these per process only (a thread's sched or io would cost 10,000 maps)
        }
        Function<byte[], ?> parser = TASK_FILES.get(file);
        if (parser != null) {
            parse(entry, bytes, parser);
        }
    }

    /**
     * Keeps an entry whose content the model could not take (an unexpected failure while accepting it):
     * listed, and its value unparseable with {@code why}, so the load goes on.
     */
    void unreadable(Entry entry, String why) {
        entries.put(entry.path(), entry);
        parsed.put(entry.path(), new Sourced<>(null, ref(entry), "unreadable: " + why));
    }

    private Function<byte[], ?> otherParser(String path) {
        if (path.startsWith("proc/pressure/")) {
            return b -> SystemFileParser.pressure(text(b));
        }
        if (path.startsWith("statfs/")) {
            try {
                statfsLines.add(Integer.parseInt(path.substring("statfs/".length())));
            } catch (NumberFormatException e) {
                return null;
            }
            return b -> StatfsParser.parse(text(b));
        }
        if (path.startsWith("cmd/")) {
            String[] parts = path.split("/");
            if (parts.length != 3) {
                return null;
            }
            commands.add(parts[1]);
            return switch (parts[2]) {
                case "status" -> CommandStatusParser::parse;
                case "stdout", "stderr" -> SnapshotAssembler::text;
                default -> null;
            };
        }
        if (path.startsWith("proc/spl/kstat/zfs/")) {
            String[] parts = path.split("/");
            if (parts.length != 6) {
                return null;
            }
            kstatPools.add(parts[4]);
            return switch (parts[5]) {
                case "state" -> b -> ZfsParser.poolState(text(b));
                case "txgs" -> b -> ZfsParser.txgs(text(b));
                default -> null;
            };
        }
        return null;
    }

    private void parse(Entry entry, byte[] bytes, Function<byte[], ?> parser) {
        EntryRef ref = ref(entry);
        if (!ref.usable()) {
            parsed.put(entry.path(), Sourced.absent(ref));
            return;
        }
        try {
            Object value = parser.apply(bytes);
            parsed.put(entry.path(), value == null ? Sourced.absent(ref) : Sourced.of(value, ref));
        } catch (RuntimeException e) {
            parsed.put(entry.path(), Sourced.unparseable(ref, String.valueOf(e.getMessage())));
        }
    }

    /** The parsed value at {@code path}; absent with the entry's status, or "not captured". */
    @SuppressWarnings("unchecked")
    <T> Sourced<T> get(String path) {
        Sourced<?> s = parsed.get(path);
        if (s != null) {
            return (Sourced<T>) s;
        }
        return Sourced.absent(refOf(path));
    }

    EntryRef refOf(String path) {
        Entry e = entries.get(path);
        return e == null ? EntryRef.missing(path) : ref(e);
    }

    /** The latest start + elapsed of all entries: the capture duration the archive index records. */
    long latestEndNanos() {
        long end = 0;
        for (Entry e : entries.values()) {
            end = Math.max(end, Math.max(0, e.header().startNanos()) + Math.max(0, e.header().elapsedNanos()));
        }
        return end;
    }

    /** Counts of entries per status. */
    Map<Status, Long> countsByStatus() {
        Map<Status, Long> counts = new java.util.EnumMap<>(Status.class);
        for (Entry e : entries.values()) {
            counts.merge(e.status(), 1L, Long::sum);
        }
        return counts;
    }
}
