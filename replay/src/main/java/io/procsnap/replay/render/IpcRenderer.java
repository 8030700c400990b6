package io.procsnap.replay.render;

import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.text.ByteSizes;

import java.io.PrintWriter;
import java.util.List;

/** Prints SysV IPC: limits, message queues against them with blocked threads, semaphores, shared memory. */
public final class IpcRenderer {
    private IpcRenderer() {
    }

    /**
     * shmmax and shmall are unsigned longs in the kernel, by default ULONG_MAX - 2^24 =
     * 18446744073692774399, above Long.MAX_VALUE: they are kept as their 64 bits and printed unsigned.
     * -1 (ULONG_MAX as 64 bits) is "not captured", as for the other limits.
     */
    static String unsigned(long n) {
        return n == -1 ? "-" : Long.toUnsignedString(n);
    }

    public static void table(IpcReport r, PrintWriter out) {
        IpcReport.Limits l = r.limits();
        out.println("limits: msgmni " + Format.number(l.msgmni()) + " (" + Format.number(l.queues()) + " in use), "
                + "msgmnb " + Format.number(l.msgmnb()) + " bytes (default msg_qbytes), msgmax " + Format.number(l.msgmax())
                + " bytes; sem " + (l.sem().isEmpty() ? "-" : l.sem()) + "; shmmax " + unsigned(l.shmmax())
                + ", shmall " + unsigned(l.shmall()) + ", shmmni " + Format.number(l.shmmni()));
        out.println();
        out.println("message queues" + missing(r.msgSource()) + ":");
        Table q = new Table("KEY", ">MSQID", "PERMS", ">UID", ">BYTES", ">QBYTES", ">USE%", ">MSGS", ">LSPID", ">LRPID",
                "LAST-SEND", "LAST-RECV", "FULL", ">SENDERS", ">RECEIVERS");
        for (IpcReport.Queue x : r.queues()) {
            q.row(x.keyHex(), x.queue().msqid(), Integer.toOctalString(x.queue().perms()), x.queue().uid(),
                    x.queue().cbytes(), Format.number(x.qbytes()), Format.percent(x.usedPercent()), x.queue().qnum(),
                    x.queue().lspid() + "/" + x.lspidComm(), x.queue().lrpid() + "/" + x.lrpidComm(),
                    Format.utc(x.lastSend()), Format.utc(x.lastReceive()), x.full() ? "yes" : "no", x.senders().size(),
                    x.receivers().size());
        }
        q.print(out);
        for (IpcReport.Queue x : r.queues()) {
            blocked(out, "msqid " + x.queue().msqid() + " blocked in msgsnd"
                    + (x.pendingSize() > 0 ? " (" + x.pendingSize() + "-byte messages)" : ""), x.senders());
            blocked(out, "msqid " + x.queue().msqid() + " blocked in msgrcv", x.receivers());
        }
        out.println();
        out.println("semaphore sets" + missing(r.semSource()) + ":");
        Table s = new Table("KEY", ">SEMID", "PERMS", ">UID", ">NSEMS", "LAST-OP", ">WAITERS");
        for (IpcReport.Semaphore x : r.semaphores()) {
            s.row(String.format("0x%08x", x.set().key() & 0xffffffffL), x.set().semid(),
                    Integer.toOctalString(x.set().perms()), x.set().uid(), x.set().nsems(),
                    x.set().otime() <= 0 ? "-" : Format.utc(java.time.Instant.ofEpochSecond(x.set().otime())),
                    x.waiters().size());
        }
        s.print(out);
        for (IpcReport.Semaphore x : r.semaphores()) {
            blocked(out, "semid " + x.set().semid() + " blocked in semop", x.waiters());
        }
        out.println();
        out.println("shared memory" + missing(r.shmSource()) + ":");
        Table m = new Table("KEY", ">SHMID", "PERMS", ">UID", ">SIZE", ">NATTCH", ">CPID", ">LPID", ">RSS", ">SWAP");
        for (IpcReport.Segment x : r.segments()) {
            var g = x.segment();
            m.row(String.format("0x%08x", g.key() & 0xffffffffL), g.shmid(), Integer.toOctalString(g.perms()), g.uid(),
                    ByteSizes.compact(g.size()), g.nattch(), g.cpid() + "/" + x.cpidComm(), g.lpid() + "/" + x.lpidComm(),
                    ByteSizes.compact(g.rss()), ByteSizes.compact(g.swap()));
        }
        m.print(out);
    }

    private static String missing(io.procsnap.replay.model.Sourced<?> s) {
        return s.present() ? "" : " (" + s.whyMissing() + ")";
    }

    private static void blocked(PrintWriter out, String what, List<ThreadView> threads) {
        if (threads.isEmpty()) {
            return;
        }
        out.println("  " + what + ": " + threads.size() + " threads: "
                + String.join(", ", threads.stream().limit(8).map(ThreadView::label).toList())
                + (threads.size() > 8 ? " and " + (threads.size() - 8) + " more" : ""));
    }
}
