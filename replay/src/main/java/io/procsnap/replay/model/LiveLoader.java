package io.procsnap.replay.model;

import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Manifest;
import io.procsnap.replay.parse.MountInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a live procfs root into a {@link SnapshotAssembler} with the same archive paths the capture
 * writes ({@code proc/PID/stat}, {@code statfs/<k>}, ...), every read under a timeout ({@link ReadJobs}).
 * Per process: the directory (owner), stat, wchan, status, syscall, stack and the other files, the
 * exe/cwd/root links, the fd links, every thread's directory and files, and cmdline last (it is the read
 * that blocks on a stuck mmap lock). Runs no external commands, so {@code cmd/*} is absent in a live
 * snapshot; environ, mem and kmsg are never read.
 */
final class LiveLoader {
    static final List<String> PROCESS_FILES = List.of("stat", "wchan", "status", "syscall", "stack", "cgroup", "io",
            "limits", "statm", "sched", "oom_score");
    static final List<String> PROCESS_LINKS = List.of("exe", "cwd", "root");
    static final List<String> THREAD_FILES = List.of("stat", "wchan", "status", "syscall", "stack");
    static final List<String> SAMPLE_FILES = List.of("stat", "wchan", "syscall", "stack");
    static final List<String> SYSTEM_FILES = List.of("uptime", "loadavg", "meminfo", "stat", "locks", "mounts",
            "self/mountinfo", "net/unix", "net/tcp", "net/tcp6", "sysvipc/msg", "sysvipc/sem", "sysvipc/shm",
            "pressure/cpu", "pressure/io", "pressure/memory", "pressure/irq", "sys/kernel/msgmnb",
            "sys/kernel/msgmax", "sys/kernel/msgmni", "sys/kernel/sem", "sys/kernel/shmmax", "sys/kernel/shmall",
            "sys/kernel/shmmni", "sys/kernel/hostname", "sys/kernel/osrelease", "sys/kernel/random/boot_id");
    /** Per-process circuit breaker: after this many timeouts the rest of the process is skipped. */
    static final int TIMEOUTS_PER_PROCESS = 2;
    /** Jobs (processes) read concurrently. */
    static final int WINDOW = 4;

    private final Path root;
    private final SnapshotLoader.Options options;
    private final SnapshotAssembler assembler;
    private final LiveReader reader;
    private final ReadJobs jobs;
    /** pid -> tids listed in the main pass, for the repeated samples. */
    private final Map<Integer, List<Integer>> tidsByPid = new TreeMap<>();
    /** Names in the procfs root, null when the listing failed. */
    private List<String> rootNames;

    LiveLoader(Path root, SnapshotLoader.Options options, SnapshotAssembler assembler, long originNanos) {
        this.root = root;
        this.options = options;
        this.assembler = assembler;
        this.reader = new LiveReader(options.readCap(), originNanos);
        this.jobs = new ReadJobs(reader, options.readTimeout().toNanos(), options.maxHungReads(), WINDOW);
    }

    void close() {
        jobs.close();
    }

    /** Runs the main pass and the repeated samples. */
    void run() throws InterruptedException {
        List<LiveReader.Op> system = new ArrayList<>();
        for (String f : SYSTEM_FILES) {
            system.add(LiveReader.Op.file(root.resolve(f), "proc/" + f));
        }
        if (root.equals(Path.of("/proc"))) {
            system.add(LiveReader.Op.file(Path.of("/etc/machine-id"), "etc/machine-id"));
        }
        runAlone(new ReadJobs.Job(system, null, Integer.MAX_VALUE, null));
        runAlone(new ReadJobs.Job(statfsOps(), null, Integer.MAX_VALUE, null));
        runAlone(new ReadJobs.Job(List.of(LiveReader.Op.list(root.resolve("spl/kstat/zfs"), "proc/spl/kstat/zfs")),
                this::expandKstats, Integer.MAX_VALUE, null));
        TreeSet<Integer> pids = listPids();
        for (int pid : pids) {
            jobs.submit(processJob(pid), this::accept);
        }
        jobs.drain(this::accept);
        for (int k = 1; k <= options.liveSamples(); k++) {
            Thread.sleep(options.sampleInterval().toMillis());
            for (var e : tidsByPid.entrySet()) {
                List<LiveReader.Op> ops = new ArrayList<>();
                for (int tid : e.getValue()) {
                    String base = "samples/" + k + "/proc/" + e.getKey() + "/task/" + tid;
                    Path t = root.resolve(e.getKey() + "/task/" + tid);
                    for (String f : SAMPLE_FILES) {
                        ops.add(LiveReader.Op.file(t.resolve(f), base + "/" + f));
                    }
                }
                jobs.submit(new ReadJobs.Job(ops, null, TIMEOUTS_PER_PROCESS, breaker(e.getKey())), this::accept);
            }
            jobs.drain(this::accept);
        }
    }

    private void runAlone(ReadJobs.Job job) throws InterruptedException {
        jobs.submit(job, this::accept);
        jobs.drain(this::accept);
    }

    private TreeSet<Integer> listPids() throws InterruptedException {
        TreeSet<Integer> pids = new TreeSet<>();
        List<String> names = new ArrayList<>();
        runAlone(new ReadJobs.Job(List.of(LiveReader.Op.list(root, "proc")), null, 1, "listing hung"));
        List<String> listed = rootNames;
        if (listed != null) {
            names.addAll(listed);
            for (String n : names) {
                if (isNumber(n)) {
                    pids.add(Integer.parseInt(n));
                }
            }
        }
        return pids;
    }

    private static String breaker(int pid) {
        return TIMEOUTS_PER_PROCESS + " reads of proc/" + pid + " timed out";
    }

    /** Reads of one process: files, links, listings (expanded when they complete), cmdline last. */
    private ReadJobs.Job processJob(int pid) {
        Path dir = root.resolve(Integer.toString(pid));
        String base = "proc/" + pid;
        List<LiveReader.Op> ops = new ArrayList<>();
        ops.add(LiveReader.Op.directory(dir, base));
        for (String f : PROCESS_FILES) {
            ops.add(LiveReader.Op.file(dir.resolve(f), base + "/" + f));
        }
        for (String l : PROCESS_LINKS) {
            ops.add(LiveReader.Op.symlink(dir.resolve(l), base + "/" + l));
        }
        ops.add(LiveReader.Op.list(dir.resolve("fd"), base + "/fd"));
        ops.add(LiveReader.Op.list(dir.resolve("task"), base + "/task"));
        ops.add(LiveReader.Op.file(dir.resolve("cmdline"), base + "/cmdline"));
        return new ReadJobs.Job(ops, (op, result, all) -> expandProcess(pid, op, result, all), TIMEOUTS_PER_PROCESS,
                breaker(pid));
    }

    /** Adds the fd links and the threads' reads before the final cmdline read. */
    private void expandProcess(int pid, LiveReader.Op op, LiveReader.Result result, List<LiveReader.Op> ops) {
        if (op.kind() != LiveReader.Kind.LIST || result.names() == null) {
            return;
        }
        List<Integer> numbers = result.names().stream().filter(LiveLoader::isNumber).map(Integer::parseInt).sorted()
                .toList();
        List<LiveReader.Op> more = new ArrayList<>();
        if (op.archivePath().endsWith("/fd")) {
            for (int fd : numbers) {
                more.add(LiveReader.Op.symlink(op.file().resolve(Integer.toString(fd)), op.archivePath() + "/" + fd));
            }
        } else {
            for (int tid : numbers) {
                Path t = op.file().resolve(Integer.toString(tid));
                String tbase = op.archivePath() + "/" + tid;
                more.add(LiveReader.Op.directory(t, tbase));
                for (String f : THREAD_FILES) {
                    more.add(LiveReader.Op.file(t.resolve(f), tbase + "/" + f));
                }
            }
        }
        ops.addAll(ops.size() - 1, more);
    }

    private void expandKstats(LiveReader.Op op, LiveReader.Result result, List<LiveReader.Op> ops) {
        if (op.kind() != LiveReader.Kind.LIST || result.names() == null) {
            return;
        }
        for (String pool : result.names().stream().sorted().toList()) {
            Path dir = op.file().resolve(pool);
            if (Files.isDirectory(dir)) {
                for (String f : List.of("state", "txgs")) {
                    ops.add(LiveReader.Op.file(dir.resolve(f), op.archivePath() + "/" + pool + "/" + f));
                }
            }
        }
    }

    private List<LiveReader.Op> statfsOps() {
        var info = assembler.<List<MountInfo>>get("proc/self/mountinfo");
        List<LiveReader.Op> ops = new ArrayList<>();
        if (info.present()) {
            for (MountInfo m : info.value()) {
                ops.add(LiveReader.Op.call("statfs/" + m.line(), () -> StatfsCall.statfs(m.mountPoint(), m.fstype())));
            }
        }
        return ops;
    }

    /** Feeds one outcome to the assembler (listings of the kstat root are not entries) and notes tids. */
    private void accept(LiveReader.Op op, LiveReader.Result r) {
        if (op.archivePath().equals("proc/spl/kstat/zfs") && r.names() == null) {
            return; // no ZFS on this machine
        }
        if (op.kind() == LiveReader.Kind.LIST && op.archivePath().endsWith("/task") && r.names() != null) {
            if (io.procsnap.format.layout.ArchivePath.parse(op.archivePath())
                    instanceof io.procsnap.format.layout.ArchivePath.InProcess task) {
                tidsByPid.put(task.pid(), r.names().stream().filter(LiveLoader::isNumber).map(Integer::parseInt)
                        .sorted().toList());
            }
        }
        if (op.archivePath().equals("proc")) {
            rootNames = r.names();
            return;
        }
        assembler.accept(r.entry(), r.content());
    }

    static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The manifest of a live snapshot, from the entries just read (never NSS or DNS). */
    Manifest manifest(Instant start, long startBootNanos) {
        var host = new Manifest.Host(text("proc/sys/kernel/hostname"), text("proc/sys/kernel/osrelease"),
                text("proc/sys/kernel/random/boot_id"), text("etc/machine-id"));
        long uid = -1;
        long euid = -1;
        long gid = -1;
        try {
            var s = io.procsnap.replay.parse.ProcStatusParser.parse(Files.readAllBytes(Path.of("/proc/self/status")));
            uid = s.uid();
            euid = s.euid();
            gid = s.gid();
        } catch (java.io.IOException | RuntimeException e) {
            // unknown captor identity stays -1
        }
        Map<String, String> opts = Map.of("live", root.toString(), "readTimeout", options.readTimeout().toString(),
                "samples", Integer.toString(options.liveSamples()));
        return new Manifest(Manifest.FORMAT_VERSION, "procsnap-replay", SnapshotLoader.version(), host,
                new Manifest.Captor(uid, gid, euid), start, startBootNanos, opts,
                new Manifest.Platform(System.getProperty("os.arch"), 100, pageSize(), Runtime.version().toString()),
                Map.of());
    }

    ArchiveSummary summary(long durationNanos) {
        return new ArchiveSummary(ArchiveState.COMPLETE, assembler.entries.size(), assembler.countsByStatus(),
                durationNanos, 0, 0, 0, 0, null);
    }

    private String text(String path) {
        byte[] b = assembler.retained.get(path);
        return b == null ? null : new String(b, StandardCharsets.UTF_8).strip();
    }

    /** The kernel page size from our own smaps ("KernelPageSize: 4 kB"), 4096 when unknown. */
    private static int pageSize() {
        try (var lines = Files.lines(Path.of("/proc/self/smaps"))) {
            return lines.filter(l -> l.startsWith("KernelPageSize:")).findFirst()
                    .map(l -> Integer.parseInt(l.replaceAll("[^0-9]", "")) * 1024).orElse(4096);
        } catch (java.io.IOException | RuntimeException e) {
            return 4096;
        }
    }
}
