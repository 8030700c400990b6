package io.procsnap.replay.render;

import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.text.ByteSizes;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints mounts with usage, hung statfs calls, ZFS pools and datasets, hung commands. */
public final class FsRenderer {
    private FsRenderer() {
    }

    public static void table(FsReport r, PrintWriter out) {
        out.println("mounts:");
        Table m = new Table(">LINE", "MOUNT", "FSTYPE", "SOURCE", ">SIZE", ">USED", ">AVAIL", ">USE%", ">IUSE%", "STATFS");
        for (FsReport.MountRow x : r.mounts()) {
            m.row(x.line(), x.mountPoint(), x.fstype(), x.source(), ByteSizes.compact(x.sizeBytes()),
                    ByteSizes.compact(x.usedBytes()), ByteSizes.compact(x.availBytes()), Format.percent(x.usedPercent()), Format.percent(x.inodePercent()),
                    x.statfsState() + (x.statfsState().equals("ok") ? "" : " " + x.statfsPath()));
        }
        m.print(out);
        if (!r.hungStatfs().isEmpty()) {
            out.println();
            out.println("statfs calls that hung:");
            for (FsReport.MountRow x : r.hungStatfs()) {
                out.println("  " + x.mountPoint() + " (" + x.fstype() + " " + x.source() + "): " + x.statfsPath()
                        + " timed out" + (x.elapsedSeconds() > 0 ? " after " + Format.seconds(x.elapsedSeconds()) : ""));
            }
        }
        out.println();
        if (r.pools().isEmpty()) {
            out.println("ZFS pools: none captured");
        } else {
            out.println("ZFS pools:");
            Table p = new Table("NAME", ">SIZE", ">ALLOC", ">FREE", ">CAP", ">FRAG", "HEALTH", "KSTAT", "SUSPENDED",
                    ">OPEN-TXG", ">OPEN-FOR");
            for (FsReport.PoolRow x : r.pools()) {
                p.row(x.name(), ByteSizes.compact(x.sizeBytes()), ByteSizes.compact(x.allocBytes()),
                        ByteSizes.compact(x.freeBytes()),
                        x.capacityPercent() < 0 ? "-" : x.capacityPercent() + "%",
                        x.fragmentationPercent() < 0 ? "-" : x.fragmentationPercent() + "%", x.health(), x.kstatState(),
                        x.suspended() ? "yes" : "no", Format.number(x.openTxg()),
                        Double.isNaN(x.openTxgAgeSeconds()) ? "-" : String.format(Locale.ROOT, "%.0fs", x.openTxgAgeSeconds()));
            }
            p.print(out);
            r.pools().stream().map(FsReport.PoolRow::listForm).filter(f -> f != null && !f.startsWith("zpool list -Hp"))
                    .distinct().forEach(f -> out.println("  sizes from " + f + ": this ZFS refused zpool list -Hp"));
            for (FsReport.PoolRow x : r.pools()) {
                if (!x.statusText().isEmpty() || !x.errors().isEmpty()) {
                    out.println("  " + x.name() + ": " + (x.statusText().isEmpty() ? "" : x.statusText() + " ")
                            + (x.errors().isEmpty() ? "" : "errors: " + x.errors()));
                }
            }
        }
        if (!r.datasets().isEmpty()) {
            out.println();
            out.println("ZFS datasets:");
            Table d = new Table("NAME", ">USED", ">AVAIL", ">REFER", ">USE%", "MOUNTPOINT");
            for (FsReport.DatasetRow x : r.datasets()) {
                d.row(x.name(), ByteSizes.compact(x.usedBytes()), ByteSizes.compact(x.availBytes()),
                        ByteSizes.compact(x.referBytes()), Format.percent(x.usedPercent()), x.mountPoint());
            }
            d.print(out);
            if (r.datasetForm() != null && !r.datasetForm().equals("zfs list -Hp")) {
                out.println("  sizes from " + r.datasetForm() + ": this ZFS refused zfs list -Hp");
            }
        }
        if (!r.hungCommands().isEmpty()) {
            out.println();
            out.println("commands that hung:");
            for (FsReport.HungCommand c : r.hungCommands()) {
                out.println("  " + c.name() + " (" + c.argv() + "): " + (c.leftBehind() ? "left behind" : "timed out")
                        + " after " + Format.seconds(c.elapsedSeconds()) + " " + c.path());
            }
        }
    }
}
