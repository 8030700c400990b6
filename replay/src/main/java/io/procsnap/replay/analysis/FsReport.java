package io.procsnap.replay.analysis;

import io.procsnap.format.layout.StatfsRecord;
import io.procsnap.replay.model.CommandOutput;
import io.procsnap.replay.model.FsUsage;
import io.procsnap.replay.model.Mount;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.Sourced;
import io.procsnap.replay.model.ZfsPool;
import io.procsnap.replay.parse.TxgRow;
import io.procsnap.replay.parse.ZfsListRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code fs} analysis: mounts with their usage, statfs calls that did not complete, ZFS pools and
 * datasets from the captured {@code zpool}/{@code zfs} output and kstats, and commands that hung.
 */
public record FsReport(List<MountRow> mounts, List<MountRow> hungStatfs, List<PoolRow> pools,
                       Sourced<List<ZfsListRow>> datasetSource, String datasetForm, List<DatasetRow> datasets,
                       List<HungCommand> hungCommands) {

    /**
     * @param line         mountinfo line (the k of {@code statfs/<k>})
     * @param sizeBytes    total bytes, -1 unknown
     * @param usedBytes    used bytes (blocks - bfree), -1 unknown
     * @param availBytes   bytes available to non-root, -1 unknown
     * @param usedPercent  used / (used + avail) as df shows it, -1 unknown
     * @param inodePercent inodes in use, -1 unknown
     * @param statfsState  {@code ok}, {@code timeout}, {@code denied}, {@code not captured}, ...
     * @param statfsPath   the evidence path ({@code statfs/3})
     */
    public record MountRow(int line, String mountPoint, String fstype, String source, long sizeBytes, long usedBytes,
                           long availBytes, double usedPercent, double inodePercent, String statfsState,
                           String statfsPath, double elapsedSeconds) {
    }

    /**
     * @param suspended     the kstat state or zpool status says SUSPENDED
     * @param openTxg       the newest txg in state O (open), -1 when txgs were not captured
     * @param openTxgAgeSeconds how long that txg had been open at capture time (capture boot time - birth),
     *                          NaN when unknown
     * @param syncingTxg    the oldest txg not yet committed beyond open (Q/W/S), -1 when none
     * @param listForm      the command the size figures come from ({@code zpool list -Hp}, or a rounded fallback)
     */
    public record PoolRow(String name, long sizeBytes, long allocBytes, long freeBytes, long capacityPercent,
                          long fragmentationPercent, String health, String kstatState, boolean suspended,
                          String statusText, String errors, long openTxg, double openTxgAgeSeconds,
                          long syncingTxg, List<String> evidence, String listForm) {
        public PoolRow {
            evidence = List.copyOf(evidence);
        }
    }

    public record DatasetRow(String name, long usedBytes, long availBytes, long referBytes, double usedPercent,
                             String mountPoint) {
    }

    public record HungCommand(String name, String argv, boolean timedOut, boolean leftBehind, double elapsedSeconds,
                              String path) {
    }

    public static FsReport of(Snapshot snapshot) {
        List<MountRow> mounts = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        for (Mount m : snapshot.mounts()) {
            mounts.add(row(m.info().line(), m.mountPoint(), m.fstype(), m.info().source(), m.statfs()));
            seen.add(m.info().line());
        }
        for (FsUsage u : snapshot.fsUsage()) {
            if (!seen.contains(u.line())) {
                mounts.add(row(u.line(), u.mountPoint(), u.fstype(), "?", u.statfs()));
            }
        }
        mounts.sort(Comparator.comparingInt(MountRow::line));
        List<MountRow> hung = mounts.stream().filter(r -> r.statfsState().equals("timeout")).toList();
        List<PoolRow> pools = snapshot.zfs().pools().stream().map(p -> pool(snapshot, p)).toList();
        List<DatasetRow> datasets = new ArrayList<>();
        for (ZfsListRow d : snapshot.zfs().datasets().orElse(List.of())) {
            long total = d.used() + d.available();
            datasets.add(new DatasetRow(d.name(), d.used(), d.available(), d.referenced(),
                    total > 0 ? 100.0 * d.used() / total : -1, d.mountPoint()));
        }
        List<HungCommand> commands = new ArrayList<>();
        for (Map.Entry<String, CommandOutput> e : snapshot.commands().entrySet()) {
            CommandOutput c = e.getValue();
            if (c.hung()) {
                commands.add(new HungCommand(e.getKey(), String.join(" ", c.status().value().argv()),
                        c.status().value().timedOut(), c.status().value().leftBehind(),
                        c.status().value().elapsedNanos() / 1e9, c.status().path()));
            }
        }
        return new FsReport(mounts, hung, pools, snapshot.zfs().datasets(), snapshot.zfs().datasetForm(), datasets,
                commands);
    }

    private static MountRow row(int line, String mountPoint, String fstype, String source, Sourced<StatfsRecord> statfs) {
        String state = statfs.source().captured() ? statfs.source().status().label() : "not captured";
        double elapsed = statfs.source().elapsedNanos() < 0 ? -1 : statfs.source().elapsedNanos() / 1e9;
        if (!statfs.present()) {
            return new MountRow(line, mountPoint, fstype, source, -1, -1, -1, -1, -1, state, statfs.path(), elapsed);
        }
        StatfsRecord s = statfs.value();
        long bs = s.blockSize();
        long used = s.blocks() >= 0 && s.bfree() >= 0 ? (s.blocks() - s.bfree()) * bs : -1;
        double usedFraction = s.usedFraction();
        double inodes = s.files() > 0 && s.ffree() >= 0 ? 100.0 * (s.files() - s.ffree()) / s.files() : -1;
        return new MountRow(line, mountPoint, fstype, source, s.totalBytes(), used, s.availableBytes(),
                Double.isNaN(usedFraction) ? -1 : 100.0 * usedFraction, inodes, state, statfs.path(), elapsed);
    }

    private static PoolRow pool(Snapshot snapshot, ZfsPool p) {
        List<String> evidence = new ArrayList<>();
        for (Sourced<?> s : List.of(p.list(), p.status(), p.kstatState(), p.txgs())) {
            if (s.present()) {
                evidence.add(s.path());
            }
        }
        String kstat = p.kstatState().present() ? p.kstatState().value().strip() : "?";
        String statusState = p.status().present() && p.status().value().state() != null
                ? p.status().value().state() : "";
        boolean suspended = kstat.equalsIgnoreCase("SUSPENDED") || statusState.equalsIgnoreCase("SUSPENDED");
        long open = -1;
        double openAge = Double.NaN;
        long syncing = -1;
        if (p.txgs().present()) {
            for (TxgRow t : p.txgs().value()) {
                if (t.state() == 'O' && t.txg() > open) {
                    open = t.txg();
                    long boot = snapshot.manifest() == null ? -1 : snapshot.manifest().startBootNanos();
                    openAge = boot > 0 && t.birth() > 0 ? (boot - t.birth()) / 1e9 : Double.NaN;
                }
                if ((t.state() == 'Q' || t.state() == 'W' || t.state() == 'S') && (syncing < 0 || t.txg() < syncing)) {
                    syncing = t.txg();
                }
            }
        }
        var l = p.list().value();
        return new PoolRow(p.name(), l == null ? -1 : l.size(), l == null ? -1 : l.allocated(),
                l == null ? -1 : l.free(), p.capacityPercent(), l == null ? -1 : l.fragmentationPercent(),
                p.health(), kstat, suspended, p.status().present() ? nullToEmpty(p.status().value().status()) : "",
                p.status().present() ? nullToEmpty(p.status().value().errors()) : "", open, openAge, syncing,
                evidence, p.listForm());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
