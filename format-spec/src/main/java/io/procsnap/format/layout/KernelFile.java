package io.procsnap.format.layout;

import static io.procsnap.format.layout.KernelFile.Kind.FILE;
import static io.procsnap.format.layout.KernelFile.Kind.LINK;
import static io.procsnap.format.layout.KernelFile.Kind.LISTING;
import static io.procsnap.format.layout.KernelFile.Kind.OWNERSHIP;
import static io.procsnap.format.layout.KernelFile.Pass.DETAILS;
import static io.procsnap.format.layout.KernelFile.Pass.FAST;
import static io.procsnap.format.layout.KernelFile.Pass.SAMPLES;
import static io.procsnap.format.layout.KernelFile.Pass.SYSTEM;
import static io.procsnap.format.layout.LockClass.EXEC_UPDATE;
import static io.procsnap.format.layout.LockClass.FILESYSTEM;
import static io.procsnap.format.layout.LockClass.ILLUMOS_PROC;
import static io.procsnap.format.layout.LockClass.IPC_IDS;
import static io.procsnap.format.layout.LockClass.MMAP;
import static io.procsnap.format.layout.LockClass.MOUNT_NAMESPACE;
import static io.procsnap.format.layout.LockClass.NONE;
import static io.procsnap.format.layout.LockClass.PSI;
import static io.procsnap.format.layout.LockClass.SWAP;
import static io.procsnap.format.layout.LockClass.TTY;
import static io.procsnap.format.layout.LockClass.UTS;
import static io.procsnap.format.layout.LockClass.ZFS_KSTAT;

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
 * collectors (and so replay's {@code --live}, which runs them) declare their reads from it, and replay's
 * snapshot assembly finds its parsers through it. Adding a per-thread file is one row here.
 *
 * <p>Order: within a pass the capture reads a process's rows in table order; the per-thread rows of a
 * pass are read thread by thread, all of one thread together, where the first of them stands in the
 * table. The fast pass is the exception, in three steps: the processes' own rows and task listings,
 * then every thread's stat and wchan (the threads of processes that look blocked first), then the
 * thread directories' owners. So {@link #CMDLINE} and {@link #ENVIRON}, which can block on the target's mmap lock, come after
 * every thread of their process. {@link #ENVIRON} is read only when asked for.
 *
 * <p>The lock-class column ({@link #locks()}) says which kernel locks a read can wait for, so that a read
 * that hung points at what holds it up; capture/LOCK-CLASSES.md gives each row's kernel chain.
 *
 * <p>{@link #file()} is the name below the scope's directory ({@code stat} of {@code proc/PID}); empty
 * for the directory itself; for {@link Scope#SYSTEM} it is the whole archive path.
 *
 * <p>The kernel column ({@link #kernels()}) says whose /proc a row belongs to: Linux, or SunOS (illumos and
 * Oracle Solaris: binary structs, per-LWP directories {@code proc/PID/lwp/LWPID}). The listing of the pids
 * and the ownership of {@code proc/PID} are both kernels'. {@link #rows(Scope, Pass)} and
 * {@link #of(Scope, String)} answer for Linux, as before; {@link #rows(Kernel, Scope, Pass)} and
 * {@link #of(Kernel, Scope, String)} for either ({@code status} is a text file on Linux, a {@code pstatus_t}
 * on SunOS).
 */
public enum KernelFile {
    // system-wide, fast pass: the pids, and the SysV IPC tables before any process can change them
    PROCESSES("proc", Scope.SYSTEM, LISTING, lockedBy(), Set.of(), Kernel.BOTH, FAST, new Pass[0]),
    SYSVIPC_MSG("proc/sysvipc/msg", Scope.SYSTEM, FILE, lockedBy(IPC_IDS), FAST),
    SYSVIPC_SEM("proc/sysvipc/sem", Scope.SYSTEM, FILE, lockedBy(IPC_IDS), FAST),
    SYSVIPC_SHM("proc/sysvipc/shm", Scope.SYSTEM, FILE, lockedBy(IPC_IDS), FAST),

    // per process and per thread, fast pass: who exists and where each thread waits
    PROCESS("", Scope.PROCESS, OWNERSHIP, lockedBy(NONE), Set.of(), Kernel.BOTH, FAST, new Pass[0]),
    PROCESS_STAT("stat", Scope.PROCESS, FILE, lockedBy(EXEC_UPDATE), FAST),
    PROCESS_WCHAN("wchan", Scope.PROCESS, FILE, lockedBy(EXEC_UPDATE), FAST),
    TASKS("task", Scope.PROCESS, LISTING, lockedBy(NONE), FAST),
    THREAD("", Scope.THREAD, OWNERSHIP, lockedBy(NONE), FAST),
    THREAD_STAT("stat", Scope.THREAD, FILE, lockedBy(EXEC_UPDATE), FAST, SAMPLES),
    THREAD_WCHAN("wchan", Scope.THREAD, FILE, lockedBy(EXEC_UPDATE), FAST, SAMPLES),

    // per process and per thread, details
    PROCESS_STATUS("status", Scope.PROCESS, FILE, lockedBy(NONE), DETAILS),
    PROCESS_COMM("comm", Scope.PROCESS, FILE, lockedBy(NONE), DETAILS),
    PROCESS_SYSCALL("syscall", Scope.PROCESS, FILE, lockedBy(EXEC_UPDATE), DETAILS),
    PROCESS_STACK("stack", Scope.PROCESS, FILE, lockedBy(EXEC_UPDATE), DETAILS),
    PROCESS_SCHED("sched", Scope.PROCESS, FILE, lockedBy(NONE), DETAILS),
    IO("io", Scope.PROCESS, FILE, lockedBy(EXEC_UPDATE), DETAILS),
    LIMITS("limits", Scope.PROCESS, FILE, lockedBy(NONE), DETAILS),
    CGROUP("cgroup", Scope.PROCESS, FILE, lockedBy(NONE), DETAILS),
    STATM("statm", Scope.PROCESS, FILE, lockedBy(NONE), DETAILS),
    OOM_SCORE("oom_score", Scope.PROCESS, FILE, lockedBy(NONE), DETAILS),
    EXE("exe", Scope.PROCESS, LINK, lockedBy(EXEC_UPDATE), DETAILS),
    CWD("cwd", Scope.PROCESS, LINK, lockedBy(EXEC_UPDATE), DETAILS),
    ROOT("root", Scope.PROCESS, LINK, lockedBy(EXEC_UPDATE), DETAILS),
    FDS("fd", Scope.PROCESS, LISTING, lockedBy(NONE), lockedBy(EXEC_UPDATE), DETAILS),
    NAMESPACES("ns", Scope.PROCESS, LISTING, lockedBy(NONE), lockedBy(EXEC_UPDATE), DETAILS),
    THREAD_STATUS("status", Scope.THREAD, FILE, lockedBy(NONE), DETAILS),
    THREAD_COMM("comm", Scope.THREAD, FILE, lockedBy(NONE), DETAILS),
    THREAD_SYSCALL("syscall", Scope.THREAD, FILE, lockedBy(EXEC_UPDATE), DETAILS, SAMPLES),
    THREAD_STACK("stack", Scope.THREAD, FILE, lockedBy(EXEC_UPDATE), DETAILS, SAMPLES),
    THREAD_SCHED("sched", Scope.THREAD, FILE, lockedBy(NONE), DETAILS),
    THREAD_SCHEDSTAT("schedstat", Scope.THREAD, FILE, lockedBy(NONE), DETAILS),
    CMDLINE("cmdline", Scope.PROCESS, FILE, lockedBy(MMAP), DETAILS),
    ENVIRON("environ", Scope.PROCESS, FILE, lockedBy(EXEC_UPDATE, MMAP), DETAILS),

    // system-wide, system pass
    MSGMNB("proc/sys/kernel/msgmnb", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    MSGMAX("proc/sys/kernel/msgmax", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    MSGMNI("proc/sys/kernel/msgmni", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    SEM_LIMITS("proc/sys/kernel/sem", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    SHMMAX("proc/sys/kernel/shmmax", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    SHMALL("proc/sys/kernel/shmall", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    SHMMNI("proc/sys/kernel/shmmni", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    SHM_RMID_FORCED("proc/sys/kernel/shm_rmid_forced", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    LOADAVG("proc/loadavg", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    UPTIME("proc/uptime", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    KERNEL_STAT("proc/stat", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    MEMINFO("proc/meminfo", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    VMSTAT("proc/vmstat", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    PRESSURE_CPU("proc/pressure/cpu", Scope.SYSTEM, FILE, lockedBy(PSI), SYSTEM),
    PRESSURE_MEMORY("proc/pressure/memory", Scope.SYSTEM, FILE, lockedBy(PSI), SYSTEM),
    PRESSURE_IO("proc/pressure/io", Scope.SYSTEM, FILE, lockedBy(PSI), SYSTEM),
    PRESSURE_IRQ("proc/pressure/irq", Scope.SYSTEM, FILE, lockedBy(PSI), SYSTEM),
    MOUNTS("proc/mounts", Scope.SYSTEM, FILE, lockedBy(MOUNT_NAMESPACE), SYSTEM),
    MOUNTINFO("proc/self/mountinfo", Scope.SYSTEM, FILE, lockedBy(MOUNT_NAMESPACE), SYSTEM),
    NET_UNIX("proc/net/unix", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    NET_TCP("proc/net/tcp", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    NET_TCP6("proc/net/tcp6", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    NET_UDP("proc/net/udp", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    NET_UDP6("proc/net/udp6", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    LOCKS("proc/locks", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    INTERRUPTS("proc/interrupts", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    SWAPS("proc/swaps", Scope.SYSTEM, FILE, lockedBy(SWAP), SYSTEM),
    DISKSTATS("proc/diskstats", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    HOSTNAME("proc/sys/kernel/hostname", Scope.SYSTEM, FILE, lockedBy(UTS), SYSTEM),
    OSRELEASE("proc/sys/kernel/osrelease", Scope.SYSTEM, FILE, lockedBy(UTS), SYSTEM),
    BOOT_ID("proc/sys/kernel/random/boot_id", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    HUNG_TASK_TIMEOUT_SECS("proc/sys/kernel/hung_task_timeout_secs", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    HUNG_TASK_PANIC("proc/sys/kernel/hung_task_panic", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    HUNG_TASK_WARNINGS("proc/sys/kernel/hung_task_warnings", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    HUNG_TASK_CHECK_COUNT("proc/sys/kernel/hung_task_check_count", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    HUNG_TASK_CHECK_INTERVAL_SECS("proc/sys/kernel/hung_task_check_interval_secs", Scope.SYSTEM, FILE, lockedBy(NONE),
            SYSTEM),
    HUNG_TASK_DETECT_COUNT("proc/sys/kernel/hung_task_detect_count", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    PID_MAX("proc/sys/kernel/pid_max", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    THREADS_MAX("proc/sys/kernel/threads-max", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    TAINTED("proc/sys/kernel/tainted", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    TTY_DRIVERS("proc/tty/drivers", Scope.SYSTEM, FILE, lockedBy(TTY), SYSTEM),
    VERSION("proc/version", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    KERNEL_CMDLINE("proc/cmdline", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    CPUINFO("proc/cpuinfo", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    FILESYSTEMS("proc/filesystems", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    NGROUPS_MAX("proc/sys/kernel/ngroups_max", Scope.SYSTEM, FILE, lockedBy(NONE), SYSTEM),
    MACHINE_ID("etc/machine-id", Scope.SYSTEM, FILE, lockedBy(FILESYSTEM), SYSTEM),
    ZFS_ARCSTATS("proc/spl/kstat/zfs/arcstats", Scope.SYSTEM, FILE, lockedBy(ZFS_KSTAT), SYSTEM),
    ZFS_POOLS("proc/spl/kstat/zfs", Scope.SYSTEM, LISTING, lockedBy(), SYSTEM),
    ZFS_POOL_STATE("state", Scope.ZFS_POOL, FILE, lockedBy(ZFS_KSTAT), SYSTEM),
    ZFS_POOL_TXGS("txgs", Scope.ZFS_POOL, FILE, lockedBy(ZFS_KSTAT), SYSTEM),

    // SunOS (illumos, Oracle Solaris): binary structs of <sys/procfs.h>, stored as read (the reader's data
    // model and byte order, the manifest's platform says which); a {@link Scope#THREAD} row is below
    // proc/PID/lwp/LWPID. Fast pass: who exists and where each LWP waits.
    /** psinfo_t; its read takes the target's p_lock and waits (not interruptibly) while P_PR_LOCK is held. */
    PSINFO("psinfo", Scope.PROCESS, FILE, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, FAST),
    /** prheader_t {pr_nent, pr_entsize}, then pr_nent lwpsinfo_t, each pr_entsize bytes apart. */
    LPSINFO("lpsinfo", Scope.PROCESS, FILE, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, FAST),
    /** The LWP ids: the directories {@code proc/PID/lwp/LWPID}. */
    LWPS("lwp", Scope.PROCESS, LISTING, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, FAST),
    /** lwpsinfo_t of one LWP. */
    LWPSINFO("lwpsinfo", Scope.THREAD, FILE, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, FAST),
    // SunOS details
    /** pstatus_t (with the representative LWP's lwpstatus_t). */
    PSTATUS("status", Scope.PROCESS, FILE, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, DETAILS),
    /** prheader_t, then one lwpstatus_t per LWP. */
    LSTATUS("lstatus", Scope.PROCESS, FILE, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, DETAILS),
    /** prusage_t. */
    USAGE("usage", Scope.PROCESS, FILE, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, DETAILS),
    /** prheader_t, then one prusage_t per LWP. */
    LUSAGE("lusage", Scope.PROCESS, FILE, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, DETAILS),
    /** prcred_t: numeric ids only. */
    CRED("cred", Scope.PROCESS, FILE, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, DETAILS),
    /** {@code path/a.out}, {@code cwd}, {@code root}, {@code N} (open files): each readlinked, never opened. */
    PATHS("path", Scope.PROCESS, LISTING, lockedBy(ILLUMOS_PROC), lockedBy(ILLUMOS_PROC), Kernel.SUNOS, DETAILS),
    /** lwpstatus_t of one LWP. */
    LWPSTATUS("lwpstatus", Scope.THREAD, FILE, lockedBy(ILLUMOS_PROC), Kernel.SUNOS, DETAILS);

    /** Whose /proc a row describes. */
    public enum Kernel {
        /** Linux procfs: text files, threads below {@code proc/PID/task/TID}. */
        LINUX,
        /** illumos and Oracle Solaris procfs: binary structs, LWPs below {@code proc/PID/lwp/LWPID}. */
        SUNOS;

        private static final Set<Kernel> BOTH = Collections.unmodifiableSet(EnumSet.allOf(Kernel.class));
        /** Both kernels (a row or command they share). */
        static final Set<Kernel> BOTH_KERNELS = BOTH;
        private static final Set<Kernel> LINUX_ONLY = Collections.unmodifiableSet(EnumSet.of(LINUX));
        private static final Set<Kernel> SUNOS_ONLY = Collections.unmodifiableSet(EnumSet.of(SUNOS));

        private static Set<Kernel> only(Kernel k) {
            return k == SUNOS ? SUNOS_ONLY : LINUX_ONLY;
        }
    }

    /** Whose file it is: which directory {@link KernelFile#file()} is relative to. */
    public enum Scope {
        /** The machine's: {@link KernelFile#file()} is the archive path. */
        SYSTEM,
        /** Below {@code proc/PID}. */
        PROCESS,
        /** Below {@code proc/PID/task/TID} on Linux, {@code proc/PID/lwp/LWPID} on SunOS. */
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

    private static final Map<Kernel, Map<Scope, Map<String, KernelFile>>> BY_NAME = new EnumMap<>(Kernel.class);
    private static final Map<Kernel, Map<Scope, Map<Pass, List<KernelFile>>>> BY_PASS = new EnumMap<>(Kernel.class);

    static {
        for (Kernel k : Kernel.values()) {
            Map<Scope, Map<String, KernelFile>> names = new EnumMap<>(Scope.class);
            Map<Scope, Map<Pass, List<KernelFile>>> scopes = new EnumMap<>(Scope.class);
            for (Scope s : Scope.values()) {
                names.put(s, new HashMap<>());
                Map<Pass, List<KernelFile>> passes = new EnumMap<>(Pass.class);
                for (Pass p : Pass.values()) {
                    passes.put(p, new ArrayList<>());
                }
                scopes.put(s, passes);
            }
            BY_NAME.put(k, names);
            BY_PASS.put(k, scopes);
        }
        for (KernelFile f : values()) {
            for (Kernel k : f.kernels) {
                BY_NAME.get(k).get(f.scope).put(f.file, f);
                for (Pass p : f.passes) {
                    BY_PASS.get(k).get(f.scope).get(p).add(f);
                }
            }
        }
        for (Map<Scope, Map<Pass, List<KernelFile>>> scopes : BY_PASS.values()) {
            for (Map<Pass, List<KernelFile>> passes : scopes.values()) {
                passes.replaceAll((p, rows) -> Collections.unmodifiableList(rows));
            }
        }
    }

    private final String file;
    private final Scope scope;
    private final Kind kind;
    private final Set<LockClass> locks;
    private final Set<LockClass> entryLocks;
    private final Set<Pass> passes;
    private final Set<Kernel> kernels;
    /** {@code "/" + file}: the capture appends it to a directory path, about 100,000 times per capture. */
    private final String slashed;

    KernelFile(String file, Scope scope, Kind kind, Set<LockClass> locks, Pass first, Pass... more) {
        this(file, scope, kind, locks, Set.of(), Kernel.LINUX_ONLY, first, more);
    }

    KernelFile(String file, Scope scope, Kind kind, Set<LockClass> locks, Set<LockClass> entryLocks, Pass first,
               Pass... more) {
        this(file, scope, kind, locks, entryLocks, Kernel.LINUX_ONLY, first, more);
    }

    KernelFile(String file, Scope scope, Kind kind, Set<LockClass> locks, Kernel kernel, Pass first, Pass... more) {
        this(file, scope, kind, locks, Set.of(), Kernel.only(kernel), first, more);
    }

    KernelFile(String file, Scope scope, Kind kind, Set<LockClass> locks, Set<LockClass> entryLocks, Kernel kernel,
               Pass first, Pass... more) {
        this(file, scope, kind, locks, entryLocks, Kernel.only(kernel), first, more);
    }

    KernelFile(String file, Scope scope, Kind kind, Set<LockClass> locks, Set<LockClass> entryLocks, Set<Kernel> kernels,
               Pass first, Pass[] more) {
        this.file = file;
        this.scope = scope;
        this.kind = kind;
        this.locks = locks;
        this.entryLocks = entryLocks;
        this.kernels = kernels;
        this.passes = Collections.unmodifiableSet(EnumSet.of(first, more));
        this.slashed = "/".concat(file);
    }

    /** The lock classes of a row: {@code lockedBy(EXEC_UPDATE, MMAP)}; {@code lockedBy()} for a row not checked yet. */
    private static Set<LockClass> lockedBy(LockClass... classes) {
        Set<LockClass> set = EnumSet.noneOf(LockClass.class);
        Collections.addAll(set, classes);
        return Collections.unmodifiableSet(set);
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

    /**
     * The kernel locks a read of this file can wait for (capture/LOCK-CLASSES.md); empty when not checked
     * yet. For a listing, those of the listing itself.
     */
    public Set<LockClass> locks() {
        return locks;
    }

    /** For a listing of links ({@link #FDS}, {@link #NAMESPACES}): the locks a readlink of each entry can wait for. */
    public Set<LockClass> entryLocks() {
        return entryLocks;
    }

    /** The passes that read it. */
    public Set<Pass> passes() {
        return passes;
    }

    /** Whose /proc has the row: Linux, SunOS, or both (the pid listing, the ownership of {@code proc/PID}). */
    public Set<Kernel> kernels() {
        return kernels;
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

    /** The Linux rows of a scope read in a pass, in table order. */
    public static List<KernelFile> rows(Scope scope, Pass pass) {
        return rows(Kernel.LINUX, scope, pass);
    }

    /** The rows of a kernel and scope read in a pass, in table order. */
    public static List<KernelFile> rows(Kernel kernel, Scope scope, Pass pass) {
        return BY_PASS.get(kernel).get(scope).get(pass);
    }

    /** The Linux row of a scope with this {@link #file()}, or null when the capture does not read it. */
    public static KernelFile of(Scope scope, String file) {
        return of(Kernel.LINUX, scope, file);
    }

    /** The row of a kernel and scope with this {@link #file()} ({@code psinfo}, {@code lwpsinfo}), or null. */
    public static KernelFile of(Kernel kernel, Scope scope, String file) {
        return BY_NAME.get(kernel).get(scope).get(file);
    }

    /** The system-wide row at this archive path, or null. */
    public static KernelFile system(String path) {
        return of(Scope.SYSTEM, path);
    }

    /**
     * The locks a read of a process's or thread's path can wait for: its row's, or for a link listed in
     * {@code fd/} or {@code ns/} the listing's {@link #entryLocks()}; empty when the table has no row for it.
     */
    public static Set<LockClass> locksOf(ArchivePath.InProcess path) {
        KernelFile row = path.row();
        if (row != null) {
            return row.locks;
        }
        String file = path.file();
        int slash = file == null ? -1 : file.lastIndexOf('/');
        if (slash > 0) {
            Scope scope = path instanceof ArchivePath.ThreadFile ? Scope.THREAD : Scope.PROCESS;
            KernelFile listing = of(scope, file.substring(0, slash));
            if (listing != null && listing.kind == Kind.LISTING) {
                return listing.entryLocks;
            }
        }
        return Set.of();
    }

    /** {@link #locksOf} for a path below {@code proc/PID}: {@code task/311/stat}, {@code fd/3}, {@code ""} for the directory. */
    public static Set<LockClass> locksUnderProcess(String relative) {
        String dir = ArchivePath.processDirectory(0);
        ArchivePath p = ArchivePath.parse(relative.isEmpty() ? dir : ArchivePath.under(dir, relative));
        return p instanceof ArchivePath.InProcess ? locksOf((ArchivePath.InProcess) p) : Set.of();
    }

    /** True when a name listed in {@link #ZFS_POOLS} is a pool (a directory of {@link Scope#ZFS_POOL} rows), not a kstat file. */
    public static boolean isZfsPool(String name) {
        return !name.startsWith(".") && !ZFS_KSTAT_FILES.contains(name);
    }
}
