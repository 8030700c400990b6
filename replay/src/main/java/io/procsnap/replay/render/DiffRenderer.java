package io.procsnap.replay.render;

import io.procsnap.replay.analysis.SnapshotDiff;

import java.io.PrintWriter;
import java.util.Map;

/** Prints a {@link SnapshotDiff}: processes on one side only, thread groups that changed, queues, filesystems. */
public final class DiffRenderer {
    private DiffRenderer() {
    }

    public static void table(SnapshotDiff d, PrintWriter out) {
        out.println("--- " + d.left());
        out.println("+++ " + d.right());
        if (!d.hasDifferences()) {
            out.println("no differences");
            return;
        }
        for (SnapshotDiff.ProcessKey p : d.onlyLeft()) {
            out.println("- process " + p.comm() + " (" + cmd(p.cmdline()) + ") pids " + p.pids());
        }
        for (SnapshotDiff.ProcessKey p : d.onlyRight()) {
            out.println("+ process " + p.comm() + " (" + cmd(p.cmdline()) + ") pids " + p.pids());
        }
        if (!d.threadChanges().isEmpty()) {
            out.println();
            out.println("threads (state wchan syscall" + " per thread name; count x signature):");
            for (SnapshotDiff.ThreadChange c : d.threadChanges()) {
                out.println("  " + c.processComm() + " / " + c.threadComm() + " (" + cmd(c.cmdline()) + ")");
                print(out, "-", c.left());
                print(out, "+", c.right());
            }
        }
        changes(out, "message queues", d.queueChanges());
        changes(out, "filesystems and pools", d.fsChanges());
    }

    private static void print(PrintWriter out, String sign, Map<String, Integer> m) {
        if (m.isEmpty()) {
            out.println("    " + sign + " (none)");
        }
        m.forEach((sig, n) -> out.println("    " + sign + " " + n + " x " + sig));
    }

    private static void changes(PrintWriter out, String title, java.util.List<SnapshotDiff.Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        out.println();
        out.println(title + ":");
        Table t = new Table("SUBJECT", "PROPERTY", "LEFT", "RIGHT");
        changes.forEach(c -> t.row(c.subject(), c.property(), c.left(), c.right()));
        t.print(out);
    }

    private static String cmd(String cmdline) {
        return cmdline.isEmpty() ? "no command line" : cmdline;
    }
}
