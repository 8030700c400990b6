package io.procsnap.format.layout;

import static io.procsnap.format.layout.KernelFile.Kind.FILE;
import static io.procsnap.format.layout.KernelFile.Kind.LINK;
import static io.procsnap.format.layout.KernelFile.Kind.LISTING;
import static io.procsnap.format.layout.KernelFile.Kind.OWNERSHIP;
import static io.procsnap.format.layout.KernelFile.Pass.DETAILS;
import static io.procsnap.format.layout.KernelFile.Pass.FAST;
import static io.procsnap.format.layout.KernelFile.Pass.SAMPLES;
import static io.procsnap.format.layout.KernelFile.Pass.SYSTEM;
import static io.procsnap.format.layout.LockClass.NONE;
import static io.procsnap.format.layout.LockClass.TARGET_EXEC;
import static io.procsnap.format.layout.LockClass.TARGET_MMAP;
import static io.procsnap.format.layout.LockClass.UNKNOWN;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel files and links a capture reads, as data: one row per file and scope. The capture's
 * collectors declare their reads from it, replay's snapshot assembly finds its parsers through it, and
 * the mount serves what the archive holds of it. Adding a per-thread file is one row here.
 *
 * <p>Order: within a pass the capture reads a process's rows in table order; the per-thread rows of a
 * pass are read thread by thread, all of one thread together, where the first of them stands in the
 * table. So {@link #CMDLINE} and {@link #ENVIRON}, which can block on the target's mmap lock, come after
 * every thread of their process. {@link #ENVIRON} is read only when asked for.
 *
 * <p>{@link #file()} is the name below the scope's directory ({@code stat} of {@code proc/PID}); empty
 * for the directory itself; for {@link Scope#SYSTEM} it is the whole archive path.
 */
public enum KernelFile {
    // system-wide, fast pass: the pids, and the SysV IPC tables before any process can change them
    PROCESSES("proc", Scope.SYSTEM, LISTING, UNKNOWN, FAST),
    SYSVIPC_MSG("proc/sysvipc/msg", Scope.SYSTEM, FILE, UNKNOWN, FAST),
    SYSVIPC_SEM("proc/sysvipc/sem", Scope.SYSTEM, FILE, UNKNOWN, FAST),
    SYSVIPC_SHM("proc/sysvipc/shm", Scope.SYSTEM, FILE, UNKNOWN, FAST),

    // per process and per thread, fast pass: who exists and where each thread waits
    PROCESS("", Scope.PROCESS, OWNERSHIP, UNKNOWN, FAST),
    PROCESS_STAT("stat", Scope.PROCESS, FILE, UNKNOWN, FAST),
    PROCESS_WCHAN("wchan", Scope.PROCESS, FILE, NONE, FAST),
    TASKS("task", Scope.PROCESS, LISTING, UNKNOWN, FAST),
    THREAD("", Scope.THREAD, OWNERSHIP, UNKNOWN, FAST),
    THREAD_STAT("stat", Scope.THREAD, FILE, UNKNOWN, FAST, SAMPLES),
    THREAD_WCHAN("wchan", Scope.THREAD, FILE, NONE, FAST, SAMPLES),

    // per process and per thread, details
    PROCESS_STATUS("status", Scope.PROCESS, FILE, UNKNOWN, DETAILS),
    PROCESS_COMM("comm", Scope.PROCESS, FILE, NONE, DETAILS),
    PROCESS_SYSCALL("syscall", Scope.PROCESS, FILE, TARGET_EXEC, DETAILS),
    PROCESS_STACK("stack", Scope.PROCESS, FILE, TARGET_EXEC, DETAILS),
    PROCESS_SCHED("sched", Scope.PROCESS, FILE, UNKNOWN, DETAILS),
    IO("io", Scope.PROCESS, FILE, TARGET_EXEC, DETAILS),
    LIMITS("limits", Scope.PROCESS, FILE, NONE, DETAILS),
    CGROUP("cgroup", Scope.PROCESS, FILE, UNKNOWN, DETAILS),
    STATM("statm", Scope.PROCESS, FILE, UNKNOWN, DETAILS),
    OOM_SCORE("oom_score", Scope.PROCESS, FILE, UNKNOWN, DETAILS),
    EXE("exe", Scope.PROCESS, LINK, UNKNOWN, DETAILS),
    CWD("cwd", Scope.PROCESS, LINK, UNKNOWN, DETAILS),
    ROOT("root", Scope.PROCESS, LINK, UNKNOWN, DETAILS),
    FDS("fd", Scope.PROCESS, LISTING, UNKNOWN, DETAILS),
    NAMESPACES("ns", Scope.PROCESS, LISTING, UNKNOWN, DETAILS),
    THREAD_STATUS("status", Scope.THREAD, FILE, UNKNOWN, DETAILS),
    THREAD_COMM("comm", Scope.THREAD, FILE, NONE, DETAILS),
    THREAD_SYSCALL("syscall", Scope.THREAD, FILE, TARGET_EXEC, DETAILS, SAMPLES),
    THREAD_STACK("stack", Scope.THREAD, FILE, TARGET_EXEC, DETAILS, SAMPLES),
    THREAD_SCHED("sched", Scope.THREAD, FILE, UNKNOWN, DETAILS),
    THREAD_SCHEDSTAT("schedstat", Scope.THREAD, FILE, NONE, DETAILS),
    CMDLINE("cmdline", Scope.PROCESS, FILE, TARGET_MMAP, DETAILS),
    ENVIRON("environ", Scope.PROCESS, FILE, TARGET_MMAP, DETAILS),

    // system-wide, system pass
    MSGMNB("proc/sys/kernel/msgmnb", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    MSGMAX("proc/sys/kernel/msgmax", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    MSGMNI("proc/sys/kernel/msgmni", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    SEM_LIMITS("proc/sys/kernel/sem", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    SHMMAX("proc/sys/kernel/shmmax", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    SHMALL("proc/sys/kernel/shmall", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    SHMMNI("proc/sys/kernel/shmmni", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    SHM_RMID_FORCED("proc/sys/kernel/shm_rmid_forced", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    LOADAVG("proc/loadavg", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    UPTIME("proc/uptime", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    KERNEL_STAT("proc/stat", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    MEMINFO("proc/meminfo", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    VMSTAT("proc/vmstat", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    PRESSURE_CPU("proc/pressure/cpu", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    PRESSURE_MEMORY("proc/pressure/memory", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    PRESSURE_IO("proc/pressure/io", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    PRESSURE_IRQ("proc/pressure/irq", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    MOUNTS("proc/mounts", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    MOUNTINFO("proc/self/mountinfo", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    NET_UNIX("proc/net/unix", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    NET_TCP("proc/net/tcp", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    NET_TCP6("proc/net/tcp6", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    NET_UDP("proc/net/udp", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    NET_UDP6("proc/net/udp6", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    LOCKS("proc/locks", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    INTERRUPTS("proc/interrupts", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    SWAPS("proc/swaps", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    DISKSTATS("proc/diskstats", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    HOSTNAME("proc/sys/kernel/hostname", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    OSRELEASE("proc/sys/kernel/osrelease", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    BOOT_ID("proc/sys/kernel/random/boot_id", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    HUNG_TASK_TIMEOUT_SECS("proc/sys/kernel/hung_task_timeout_secs", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    HUNG_TASK_PANIC("proc/sys/kernel/hung_task_panic", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    HUNG_TASK_WARNINGS("proc/sys/kernel/hung_task_warnings", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    HUNG_TASK_CHECK_COUNT("proc/sys/kernel/hung_task_check_count", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    HUNG_TASK_CHECK_INTERVAL_SECS("proc/sys/kernel/hung_task_check_interval_secs", Scope.SYSTEM, FILE, UNKNOWN,
            SYSTEM),
    HUNG_TASK_DETECT_COUNT("proc/sys/kernel/hung_task_detect_count", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    PID_MAX("proc/sys/kernel/pid_max", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    THREADS_MAX("proc/sys/kernel/threads-max", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    TAINTED("proc/sys/kernel/tainted", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    TTY_DRIVERS("proc/tty/drivers", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    VERSION("proc/version", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    KERNEL_CMDLINE("proc/cmdline", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    CPUINFO("proc/cpuinfo", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    FILESYSTEMS("proc/filesystems", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    NGROUPS_MAX("proc/sys/kernel/ngroups_max", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    MACHINE_ID("etc/machine-id", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    ZFS_ARCSTATS("proc/spl/kstat/zfs/arcstats", Scope.SYSTEM, FILE, UNKNOWN, SYSTEM),
    ZFS_POOLS("proc/spl/kstat/zfs", Scope.SYSTEM, LISTING, UNKNOWN, SYSTEM),
    ZFS_POOL_STATE("state", Scope.ZFS_POOL, FILE, UNKNOWN, SYSTEM),
    ZFS_POOL_TXGS("txgs", Scope.ZFS_POOL, FILE, UNKNOWN, SYSTEM);

    /** Whose file it is: which directory {@link KernelFile#file()} is relative to. */
    public enum Scope {
        /** The machine's: {@link KernelFile#file()} is the archive path. */
        SYSTEM,
        /** Below {@code proc/PID}. */
        PROCESS,
        /** Below {@code proc/PID/task/TID}. */
        THREAD,
        /** Below {@code proc/spl/kstat/zfs/POOL}, for every pool listed by {@link KernelFile#ZFS_POOLS}. */
        ZFS_POOL
    }

    /** What the read does and which entry it makes. */
    public enum Kind {
        /** open, read to the end (capped), close: a FILE entry. */
        FILE,
        /** readlink only, never open: a SYMLINK entry. */
        LINK,
        /**
         * List the directory: a DIRECTORY entry. The names are the pids ({@link KernelFile#PROCESSES}), the tids
         * ({@link KernelFile#TASKS}) or the pools ({@link KernelFile#ZFS_POOLS}); in any other listed directory they are
         * links, each readlinked ({@code fd/3}, {@code ns/mnt}).
         */
        LISTING,
        /** lstat of the directory itself for its mode and numeric owner: a DIRECTORY entry. */
        OWNERSHIP
    }

    /** The capture pass that reads the row (a row may be read again in the repeated samples). */
    public enum Pass {
        /** First, over everything: pids, tids, every thread's stat and wchan, the SysV IPC tables. */
        FAST,
        /** Per process after the fast pass. */
        DETAILS,
        /** System-wide files, after the processes. */
        SYSTEM,
        /** Repeated samples {@code samples/K/...} after the main pass, when asked for. */
        SAMPLES
    }

    /** Names directly under {@code proc/spl/kstat/zfs} that are files, not pools. */
    private static final Set<String> ZFS_KSTAT_FILES = Set.of("arcstats", "abdstats", "dbufstats", "dbufs", "dmu_tx",
            "dnodestats", "fm", "import_progress", "vdev_cache_stats", "vdev_mirror_stats", "xuio_stats",
            "zfetchstats", "zil", "zstd", "vdev_raidz_bench", "fletcher_4_bench", "qat", "brtstats");

    private static final Map<Scope, Map<String, KernelFile>> BY_NAME = new EnumMap<>(Scope.class);
    private static final Map<Scope, Map<Pass, List<KernelFile>>> BY_PASS = new EnumMap<>(Scope.class);

    static {
        for (Scope s : Scope.values()) {
            BY_NAME.put(s, new HashMap<>());
            Map<Pass, List<KernelFile>> passes = new EnumMap<>(Pass.class);
            for (Pass p : Pass.values()) {
                passes.put(p, new ArrayList<>());
            }
            BY_PASS.put(s, passes);
        }
        for (KernelFile f : values()) {
            BY_NAME.get(f.scope).put(f.file, f);
            for (Pass p : f.passes) {
                BY_PASS.get(f.scope).get(p).add(f);
            }
        }
        for (Map<Pass, List<KernelFile>> passes : BY_PASS.values()) {
            passes.replaceAll((p, rows) -> Collections.unmodifiableList(rows));
        }
    }

    private final String file;
    private final Scope scope;
    private final Kind kind;
    private final LockClass lock;
    private final Set<Pass> passes;
    /** {@code "/" + file}: the capture appends it to a directory path, about 100,000 times per capture. */
    private final String slashed;

    KernelFile(String file, Scope scope, Kind kind, LockClass lock, Pass first, Pass... more) {
        this.file = file;
        this.scope = scope;
        this.kind = kind;
        this.lock = lock;
        this.passes = Collections.unmodifiableSet(EnumSet.of(first, more));
        this.slashed = "/".concat(file);
    }

    /** The name below the scope's directory ({@code stat}), empty for the directory itself; for {@link Scope#SYSTEM} the archive path. */
    public String file() {
        return file;
    }

    public Scope scope() {
        return scope;
    }

    public Kind kind() {
        return kind;
    }

    /** The lock of the target a read of this file can sleep on. */
    public LockClass lock() {
        return lock;
    }

    /** The passes that read it. */
    public Set<Pass> passes() {
        return passes;
    }

    /** The archive path of a {@link Scope#SYSTEM} row ({@code proc/loadavg}). */
    public String path() {
        if (scope != Scope.SYSTEM) {
            throw new IllegalStateException(this + " is per " + scope.name().toLowerCase(java.util.Locale.ROOT)
                    + ": its path needs the directory (ArchivePath.under)");
        }
        return file;
    }

    /** {@code "/" + file()}, made once. */
    String slashed() {
        return slashed;
    }

    /** The rows of a scope read in a pass, in table order. */
    public static List<KernelFile> rows(Scope scope, Pass pass) {
        return BY_PASS.get(scope).get(pass);
    }

    /** The row of a scope with this {@link #file()}, or null when the capture does not read it. */
    public static KernelFile of(Scope scope, String file) {
        return BY_NAME.get(scope).get(file);
    }

    /** The system-wide row at this archive path, or null. */
    public static KernelFile system(String path) {
        return of(Scope.SYSTEM, path);
    }

    /** True when a name listed in {@link #ZFS_POOLS} is a pool (a directory of {@link Scope#ZFS_POOL} rows), not a kstat file. */
    public static boolean isZfsPool(String name) {
        return !name.startsWith(".") && !ZFS_KSTAT_FILES.contains(name);
    }
}
