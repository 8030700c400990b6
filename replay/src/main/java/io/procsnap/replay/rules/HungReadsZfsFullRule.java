package io.procsnap.replay.rules;

import io.procsnap.format.Entry;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.text.ByteSizes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Seed 003's chain: reads of {@code proc/PID} hung during the capture, threads of those processes (or of
 * a process holding them, seen in the kernel stacks) wait in ZFS transaction waits ({@code txg_wait_open},
 * {@code dmu_tx_wait}, ZIL commits), and a pool or one of its datasets is at or near full. On SunOS the
 * read of psinfo/lpsinfo takes the target's {@code p_lock} ({@code pr_p_lock}, a {@code cv_wait} that no
 * signal ends) and the process holds it while it waits in ZFS; on Linux the reads wait for the locks of a
 * process that is itself stuck in ZFS. One finding per full pool names every link of the chain.
 */
public final class HungReadsZfsFullRule implements Rule {
    /** Kernel functions of /proc that take a process's p_lock / P_PR_LOCK (prsubr.c, prvnops.c). */
    private static final Set<String> PROC_LOCK_FRAMES = Set.of("pr_p_lock", "prlock", "prchoose", "pr_read_psinfo",
            "pr_read_lpsinfo", "pr_read_status", "pr_read_lstatus", "prgetpsinfo");
    private static final List<BuiltinCommand> MDB = List.of(BuiltinCommand.MDB_PS, BuiltinCommand.MDB_FINDSTACK,
            BuiltinCommand.MDB_STACKS, BuiltinCommand.MDB_STACKS_TXG);

    @Override
    public RuleId id() {
        return RuleId.HUNG_READS_ZFS_FULL;
    }

    @Override
    public String name() {
        return "/proc reads hung behind a full ZFS pool";
    }

    @Override
    public String description() {
        return "Reads of /proc/PID that hung, threads of those processes (or of their lock holders) in ZFS "
                + "transaction waits, and a full or nearly full pool: the chain of one stall.";
    }

    @Override
    public List<Threshold> thresholds() {
        return List.of(new Threshold("full-percent", 95, "pool capacity, percent, that counts as full"));
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        Snapshot s = context.snapshot();
        Map<Integer, List<Entry>> hung = HungReads.byPid(s);
        if (hung.isEmpty()) {
            return RuleResult.of(this, List.of(), List.of());
        }
        FsReport fs = FsReport.of(s);
        if (fs.pools().isEmpty()) {
            String zpool = ArchivePath.command(BuiltinCommand.ZPOOL_LIST.commandName(), ArchivePath.Stream.STDOUT);
            return s.commands().containsKey(BuiltinCommand.ZPOOL_LIST.commandName())
                    ? RuleResult.of(this, List.of(), List.of("no ZFS pool listed in " + zpool))
                    : RuleResult.notEvaluated(this, List.of(zpool + " not captured: ZFS pools unknown"));
        }
        double full = context.threshold(this, "full-percent");
        List<FsReport.PoolRow> fullPools = fs.pools().stream()
                .filter(p -> p.capacityPercent() >= full || datasetFull(fs, p).isPresent())
                .sorted(Comparator.comparingLong(FsReport.PoolRow::capacityPercent).reversed()).toList();
        if (fullPools.isEmpty()) {
            return RuleResult.of(this, List.of(), List.of("reads hung, but no ZFS pool or dataset is full"));
        }
        List<ThreadView> zfs = context.threads().stream().filter(t -> t.waitClass().kind().zfsTransaction()).toList();
        List<Integer> waitingPids = new ArrayList<>();
        List<ThreadView> waiting = new ArrayList<>();
        for (int pid : hung.keySet()) {
            List<ThreadView> own = zfs.stream().filter(t -> t.pid() == pid).toList();
            if (!own.isEmpty()) {
                waitingPids.add(pid);
                waiting.addAll(own);
            }
        }
        boolean holders = false;
        if (waiting.isEmpty()) {
            // the hung processes' own threads are not in ZFS: a process whose ZFS-waiting thread is inside /proc
            // code (it holds the target's p_lock / P_PR_LOCK, as truss or pfiles do) holds them up
            for (ThreadView t : zfs) {
                if (t.stack().stream().anyMatch(PROC_LOCK_FRAMES::contains)) {
                    if (!waitingPids.contains(t.pid())) {
                        waitingPids.add(t.pid());
                    }
                    waiting.add(t);
                    holders = true;
                }
            }
        }
        if (waiting.isEmpty()) {
            return RuleResult.of(this, List.of(), List.of("reads hung and a pool is full, but no thread of the hung "
                    + "processes (or of a /proc lock holder) waits in ZFS"));
        }
        FsReport.PoolRow pool = fullPools.get(0);
        return RuleResult.of(this, List.of(finding(s, fs, hung, waitingPids, waiting, holders, pool, fullPools, full)),
                List.of());
    }

    private Finding finding(Snapshot s, FsReport fs, Map<Integer, List<Entry>> hung, List<Integer> waitingPids,
                            List<ThreadView> waiting, boolean holders, FsReport.PoolRow pool,
                            List<FsReport.PoolRow> fullPools, double full) {
        boolean sunos = s.sunos().isPresent();
        List<String> details = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<Related> related = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        for (List<Entry> es : hung.values()) {
            for (Entry e : es) {
                evidence.add(e.path());
                related.add(new Related(Related.Role.HUNG_READ, new Subject.Read(e.path())));
                reads.add(e.path() + String.format(Locale.ROOT, " (%.1f s)", e.header().elapsedNanos() / 1e9));
            }
        }
        details.add("hung reads: " + String.join(", ", reads));
        if (sunos) {
            details.add("reading psinfo/lpsinfo takes the process's p_lock (pr_p_lock: a cv_wait no signal ends), "
                    + "and so does ps, ls /proc and prstat; the lock stays taken while its holder waits in ZFS");
        }
        List<String> names = new ArrayList<>();
        for (int pid : waitingPids) {
            related.add(new Related(Related.Role.HOLDER, new Subject.Process(pid)));
            List<ThreadView> ts = waiting.stream().filter(t -> t.pid() == pid).toList();
            Optional<ProcessInfo> p = s.process(pid);
            String who = (p.isPresent() ? p.get().comm() : "?") + "[" + pid + "]";
            names.add(who);
            details.add(who + (hung.containsKey(pid) ? ", whose reads hung," : ", in /proc code for a hung process,")
                    + " has " + Texts.count(ts.size(), "thread") + " in ZFS transaction waits"
                    + (p.isPresent() ? " (" + p.get().threadCount() + " in all)" : "") + ":");
            for (ThreadView t : ts.stream().limit(8).toList()) {
                details.add("  " + t.label() + " " + Texts.waiting(t) + (t.stack().isEmpty() ? ""
                        : ", stack " + String.join(" < ", t.stack().stream().limit(6).toList())));
            }
            if (ts.size() > 8) {
                details.add("  and " + (ts.size() - 8) + " more");
            }
            related.addAll(Related.threads(Related.Role.BLOCKED, ts));
        }
        if (sunos) {
            for (BuiltinCommand mdb : MDB) {
                String path = mdb.path(ArchivePath.Stream.STDOUT);
                if (s.entry(path).isPresent()) {
                    evidence.add(path);
                }
            }
        }
        waiting.stream().filter(t -> !t.path().contains("/lwp/") || s.entry(t.file(KernelFile.THREAD_WCHAN)).isPresent())
                .limit(4).forEach(t -> evidence.add(t.file(KernelFile.THREAD_WCHAN)));
        String cap = pool.capacityPercent() < 0 ? "?" : pool.capacityPercent() + "%";
        details.add("pool " + pool.name() + ": " + cap + " used, " + ByteSizes.iec(pool.freeBytes()) + " free of "
                + ByteSizes.iec(pool.sizeBytes()) + ", health " + pool.health()
                + (pool.listForm().equals("zpool list -Hp") ? "" : " (figures from " + pool.listForm() + ")"));
        Optional<FsReport.DatasetRow> dataset = datasetFull(fs, pool);
        dataset.ifPresent(d -> details.add("dataset " + d.name() + " (" + d.mountPoint() + "): "
                + ByteSizes.iec(d.availBytes()) + " available, " + ByteSizes.iec(d.usedBytes()) + " used"));
        for (FsReport.PoolRow other : fullPools.subList(1, fullPools.size())) {
            details.add("also full: pool " + other.name() + " (" + other.capacityPercent() + "% used)");
        }
        details.add("ZFS holds every write (and so the waiting process and whatever waits for its locks) until a "
                + "transaction group can open: free space in " + pool.name() + " (delete, destroy snapshots, or raise "
                + "the quota) to release the chain");
        evidence.addAll(pool.evidence());
        if (fs.datasetSource().present()) {
            evidence.add(fs.datasetSource().path());
        }
        String sites = String.join(", ", waiting.stream().map(t -> t.waitClass().site()).distinct().limit(3).toList());
        String poolWhat = pool.capacityPercent() >= full || dataset.isEmpty()
                ? "ZFS pool " + pool.name() + " is " + cap + " full"
                : "dataset " + dataset.map(FsReport.DatasetRow::name).orElse(pool.name()) + " is full (pool "
                + pool.name() + " at " + cap + ", the rest is slop space)";
        String summary = "reads of " + String.join(", ", hung.keySet().stream().map(pid -> label(s, pid)).toList())
                + " hung during capture: " + (holders ? "holder " : "") + String.join(", ", names) + " waits with "
                + Texts.count(waiting.size(), "thread") + " in " + sites + "; " + poolWhat;
        return new Finding(id(), Severity.CRITICAL, summary, details, evidence, new Subject.Pool(pool.name()), related);
    }

    private static String label(Snapshot s, int pid) {
        return "/proc/" + pid + s.process(pid).map(p -> " (" + p.comm() + ")").orElse("");
    }

    private static Optional<FsReport.DatasetRow> datasetFull(FsReport fs, FsReport.PoolRow p) {
        return fs.datasets().stream().filter(d -> d.name().equals(p.name()) || d.name().startsWith(p.name() + "/"))
                .filter(d -> d.availBytes() == 0).findFirst();
    }
}
