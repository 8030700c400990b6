package io.procsnap.replay.rules;

import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.WaitKind;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.text.ByteSizes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A filesystem or ZFS pool that is full or nearly full, suspended or degraded, with the threads blocked
 * behind it grouped by wait site: ZFS transaction waits ({@code txg_wait_open}, {@code dmu_tx_wait}),
 * writeback throttling ({@code balance_dirty_pages}) and plain I/O waits ({@code io_schedule}).
 */
public final class FsFullRule implements Rule {
    private static final String ZPOOL_LIST = ArchivePath.commandDirectory(BuiltinCommand.ZPOOL_LIST.commandName());
    private static final Set<String> BAD_HEALTH = Set.of("DEGRADED", "FAULTED", "UNAVAIL", "SUSPENDED", "REMOVED");

    @Override
    public RuleId id() {
        return RuleId.FS_FULL;
    }

    @Override
    public String name() {
        return "Filesystem or pool full";
    }

    @Override
    public String description() {
        return "A filesystem or ZFS pool full, nearly full, suspended or degraded, with the threads blocked behind it.";
    }

    @Override
    public List<Threshold> thresholds() {
        return List.of(new Threshold("warn-percent", 90, "space used, percent, to report a filesystem or pool"),
                new Threshold("critical-percent", 98, "space used, percent, to call it full"));
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        Snapshot s = context.snapshot();
        FsReport fs = FsReport.of(s);
        boolean anyStatfs = fs.mounts().stream().anyMatch(m -> m.usedPercent() >= 0 || m.sizeBytes() == 0);
        boolean zfsSeen = !fs.pools().isEmpty();
        if (!anyStatfs && !zfsSeen) {
            List<String> why = new ArrayList<>();
            java.util.Map<String, Long> states = new java.util.TreeMap<>();
            fs.mounts().forEach(m -> states.merge(m.statfsState(), 1L, Long::sum));
            why.add(fs.mounts().isEmpty() || states.keySet().equals(java.util.Set.of("not captured"))
                    ? "no statfs/* entries captured" : "no statfs/* entry completed " + states);
            why.add(ZPOOL_LIST + (s.commands().containsKey(BuiltinCommand.ZPOOL_LIST.commandName()) ? " shows no pool"
                    : " not captured"));
            return RuleResult.notEvaluated(this, why);
        }
        double warn = context.threshold(this, "warn-percent");
        double critical = context.threshold(this, "critical-percent");
        List<String> notes = new ArrayList<>();
        if (!zfsSeen) {
            notes.add(s.commands().containsKey(BuiltinCommand.ZPOOL_LIST.commandName()) ? "no ZFS pools"
                    : "ZFS not checked: " + ZPOOL_LIST + " not captured");
        }
        Map<String, List<ThreadView>> zfsBlocked = group(context.threads(), WaitKind::zfsTransaction);
        Map<String, List<ThreadView>> writeBlocked = group(context.threads(), WaitKind::writeback);
        List<Finding> findings = new ArrayList<>();
        for (FsReport.PoolRow p : fs.pools()) {
            boolean bad = BAD_HEALTH.contains(p.health().toUpperCase(java.util.Locale.ROOT)) || p.suspended();
            if (p.capacityPercent() < warn && !bad) {
                datasetFull(fs, p, critical, zfsBlocked).ifPresent(findings::add);
                continue;
            }
            List<String> details = new ArrayList<>();
            List<String> evidence = new ArrayList<>(p.evidence());
            details.add("pool " + p.name() + ": " + (p.capacityPercent() < 0 ? "?" : p.capacityPercent() + "%") + " used, "
                    + ByteSizes.iec(p.freeBytes()) + " free of " + ByteSizes.iec(p.sizeBytes()) + ", health " + p.health()
                    + (p.suspended() ? ", I/O SUSPENDED" : "") + (p.kstatState().equals("?") ? "" : " (kstat state "
                    + p.kstatState() + ")"));
            if (!p.statusText().isEmpty()) {
                details.add("zpool status: " + p.statusText());
            }
            fs.datasets().stream().filter(d -> d.name().equals(p.name()) || d.name().startsWith(p.name() + "/"))
                    .filter(d -> d.availBytes() == 0 || d.usedPercent() >= warn)
                    .forEach(d -> details.add("dataset " + d.name() + " (" + d.mountPoint() + "): "
                            + ByteSizes.iec(d.availBytes()) + " available, " + ByteSizes.iec(d.usedBytes()) + " used"));
            if (fs.datasetSource().present()) {
                evidence.add(fs.datasetSource().path());
            }
            if (p.openTxg() >= 0) {
                details.add("newest open txg " + p.openTxg() + (Double.isNaN(p.openTxgAgeSeconds()) ? ""
                        : ", open for " + Texts.duration(p.openTxgAgeSeconds()))
                        + (p.syncingTxg() >= 0 ? "; txg " + p.syncingTxg() + " still quiescing/syncing" : ""));
            }
            int blocked = describe(zfsBlocked, details, evidence);
            boolean full = p.capacityPercent() >= critical;
            Severity sev = p.suspended() || (full || bad) && blocked > 0 ? Severity.CRITICAL : Severity.WARNING;
            String what = p.suspended() ? "suspended" : full ? "full" : bad ? p.health() : "nearly full";
            findings.add(new Finding(id(), sev, "ZFS pool " + p.name() + " is " + what + " ("
                    + (p.capacityPercent() < 0 ? "?" : p.capacityPercent() + "%") + " used, health " + p.health() + ")"
                    + (blocked > 0 ? ", " + Texts.count(blocked, "thread") + " blocked in ZFS transaction waits" : ""),
                    details, evidence, new Subject.Pool(p.name()), blocked(zfsBlocked)));
        }
        for (FsReport.MountRow m : fs.mounts()) {
            if (m.usedPercent() < warn || m.fstype().equals("zfs") && zfsSeen) {
                continue;
            }
            List<String> details = new ArrayList<>();
            List<String> evidence = new ArrayList<>(List.of(m.statfsPath(), KernelFile.MOUNTINFO.path()));
            details.add(m.mountPoint() + " (" + m.fstype() + " " + m.source() + "): " + Texts.percent(m.usedPercent())
                    + " used, " + ByteSizes.iec(m.availBytes()) + " available of " + ByteSizes.iec(m.sizeBytes()));
            int blocked = describe(writeBlocked, details, evidence);
            boolean full = m.usedPercent() >= critical;
            findings.add(new Finding(id(), full && blocked > 0 ? Severity.CRITICAL : Severity.WARNING,
                    "filesystem " + m.mountPoint() + " is " + (full ? "full" : "nearly full") + " ("
                            + Texts.percent(m.usedPercent()) + " used)"
                            + (blocked > 0 ? ", " + Texts.count(blocked, "thread") + " in writeback/I-O waits machine-wide" : ""),
                    details, evidence, new Subject.Mount(m.line()), blocked(writeBlocked)));
        }
        return RuleResult.of(this, findings, notes);
    }

    /**
     * A dataset with no space left in a pool below the warning level: ZFS keeps slop space back (1/32 of
     * the pool on current releases, 1/64 on older ones), so a dataset reaches 0 bytes available while
     * {@code zpool list} still shows room. The finding says it is the dataset that is full, not the pool.
     */
    private java.util.Optional<Finding> datasetFull(FsReport fs, FsReport.PoolRow p, double critical,
                                                    Map<String, List<ThreadView>> zfsBlocked) {
        List<FsReport.DatasetRow> full = fs.datasets().stream()
                .filter(d -> d.name().equals(p.name()) || d.name().startsWith(p.name() + "/"))
                .filter(d -> d.availBytes() == 0 || d.usedPercent() >= critical).toList();
        if (full.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> details = new ArrayList<>();
        List<String> evidence = new ArrayList<>(p.evidence());
        if (fs.datasetSource().present()) {
            evidence.add(fs.datasetSource().path());
        }
        String cap = p.capacityPercent() < 0 ? "?" : p.capacityPercent() + "%";
        for (FsReport.DatasetRow d : full) {
            details.add("dataset " + d.name() + " (" + d.mountPoint() + "): " + ByteSizes.iec(d.availBytes())
                    + " available, " + ByteSizes.iec(d.usedBytes()) + " used: the dataset is full");
        }
        details.add("pool " + p.name() + ": " + cap + " used, " + ByteSizes.iec(p.freeBytes()) + " free of "
                + ByteSizes.iec(p.sizeBytes()) + ", health " + p.health() + ": the pool is not full; the space it "
                + "still shows is ZFS's reserved slop space, which datasets cannot use");
        if (!"zpool list -Hp".equals(p.listForm())) {
            details.add("pool figures from " + p.listForm());
        }
        int blocked = describe(zfsBlocked, details, evidence);
        FsReport.DatasetRow first = full.get(0);
        return java.util.Optional.of(new Finding(id(), blocked > 0 ? Severity.CRITICAL : Severity.WARNING,
                "ZFS dataset " + first.name() + " is full (" + ByteSizes.iec(first.availBytes()) + " available)"
                        + (full.size() > 1 ? " with " + Texts.count(full.size() - 1, "more dataset") : "")
                        + " while pool " + p.name() + " shows " + cap + " used (slop space)"
                        + (blocked > 0 ? ", " + Texts.count(blocked, "thread") + " blocked in ZFS transaction waits" : ""),
                details, evidence, new Subject.Pool(p.name()), blocked(zfsBlocked)));
    }

    /** Threads in these waits by wait site, sites in order of their first thread. */
    private static Map<String, List<ThreadView>> group(List<ThreadView> threads, Predicate<WaitKind> kinds) {
        Map<String, List<ThreadView>> m = new LinkedHashMap<>();
        for (ThreadView t : threads) {
            if (kinds.test(t.waitClass().kind())) {
                m.computeIfAbsent(t.waitClass().site(), k -> new ArrayList<>()).add(t);
            }
        }
        return m;
    }

    /** Every thread of the groups, blocked behind the subject, group by group. */
    private static List<Related> blocked(Map<String, List<ThreadView>> groups) {
        return groups.values().stream().flatMap(ts -> Related.threads(Related.Role.BLOCKED, ts).stream()).toList();
    }

    private static int describe(Map<String, List<ThreadView>> groups, List<String> details, List<String> evidence) {
        int n = 0;
        for (Map.Entry<String, List<ThreadView>> g : groups.entrySet()) {
            List<ThreadView> ts = g.getValue();
            n += ts.size();
            long d = ts.stream().filter(t -> t.state() == 'D').count();
            details.add(Texts.count(ts.size(), "thread") + " waiting in " + g.getKey() + " (" + d + " in D state): "
                    + Texts.threads(ts, 4));
            ts.stream().limit(3).forEach(t -> evidence.add(t.file(KernelFile.THREAD_WCHAN)));
        }
        return n;
    }
}
