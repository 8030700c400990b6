package io.procsnap.replay.render;

import io.procsnap.replay.analysis.ProcessRow;

import java.io.PrintWriter;
import java.util.List;

/** Prints {@code ps} rows in the style of {@code ps -eo} / {@code ps -eLo}. */
public final class PsRenderer {
    private PsRenderer() {
    }

    public static void table(List<ProcessRow> rows, boolean threads, PrintWriter out) {
        Table t = threads
                ? new Table(">PID", ">TID", ">PPID", ">UID", "S", "WCHAN", "SYSCALL", "WAIT", ">TIME", "STIME", "COMM", "CMD")
                : new Table(">PID", ">PPID", ">UID", "S", ">NLWP", "WCHAN", "SYSCALL", "WAIT", ">TIME", "STIME", "COMM", "CMD");
        for (ProcessRow r : rows) {
            if (threads) {
                t.row(r.pid(), r.tid(), r.ppid(), Format.number(r.uid()), r.state(), r.wchan(), r.syscall(), r.waitKind().label(),
                        Format.cpu(r.cpuSeconds()), Format.clock(r.start()), r.comm(), r.cmdline());
            } else {
                t.row(r.pid(), r.ppid(), Format.number(r.uid()), r.state(), r.nlwp(), r.wchan(), r.syscall(), r.waitKind().label(),
                        Format.cpu(r.cpuSeconds()), Format.clock(r.start()), r.comm(), r.cmdline());
            }
        }
        t.print(out);
    }
}
