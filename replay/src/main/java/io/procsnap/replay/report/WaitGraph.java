package io.procsnap.replay.report;

import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.UnixConnectTrace;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.rules.Diagnosis;
import io.procsnap.replay.rules.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wait-for graph of the diagnosed chains, as nodes in columns and edges "waits for".
 *
 * <p>Only what a rule diagnosed is drawn: a queue appears when a {@code sysv-msgq-full} finding names
 * it, a pool or filesystem when an {@code fs-full} finding names it. Which thread is the queue's consumer
 * and which processes hold the listener are read from the finding's evidence (the rule lists the
 * consumer's {@code stack} and the holders' {@code fd/N}), so the graph repeats no rule's reasoning; the
 * socket comes from {@link UnixConnectTrace}, the analysis the rule itself uses.
 *
 * <p>Columns: 0 waiting threads, 1 queue or pool, 2 consumer, 3 socket, 4 listener.
 */
public record WaitGraph(List<Node> nodes, List<Edge> edges) {
    /** Groups drawn per column before the rest is folded into one "more" node. */
    static final int MAX_GROUPS = 6;
    private static final Set<String> ZFS_WAITS = Set.of("zfs-txg", "zfs-dmu-tx", "zfs-sync");
    private static final Set<String> WRITE_WAITS = Set.of("writeback-throttle", "io");

    public enum Kind { THREADS, QUEUE, POOL, FILESYSTEM, CONSUMER, SOCKET, LISTENER }

    /**
     * @param id     unique, stable within one graph ({@code q-32768}, {@code send-32768-306})
     * @param column 0 to 4, see the class comment
     * @param label  one short line
     * @param detail a second line (counts, state)
     * @param title  full text shown on hover
     */
    public record Node(String id, Kind kind, int column, String label, String detail, String title) {
    }

    public record Edge(String from, String to, String label) {
    }

    public WaitGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    public static WaitGraph of(Snapshot snapshot, List<ThreadView> threads, Diagnosis diagnosis, IpcReport ipc,
                               FsReport fs) {
        Builder b = new Builder();
        for (Finding f : diagnosis.findings()) {
            if (f.ruleId().equals("sysv-msgq-full")) {
                for (IpcReport.Queue q : ipc.queues()) {
                    if (Finding.msgq(q.queue().msqid()).equals(f.subject())) {
                        queueChain(b, snapshot, threads, q, f);
                    }
                }
            } else if (f.ruleId().equals("fs-full")) {
                for (FsReport.PoolRow p : fs.pools()) {
                    if (Finding.zpool(p.name()).equals(f.subject())) {
                        String id = "pool-" + p.name();
                        b.node(new Node(id, Kind.POOL, 1, "pool " + p.name(), percent(p.capacityPercent()) + " used, "
                                + p.health() + (p.suspended() ? ", SUSPENDED" : ""), f.summary()));
                        waiters(b, threads, ZFS_WAITS, id);
                    }
                }
                for (FsReport.MountRow m : fs.mounts()) {
                    if (Finding.mount(m.line()).equals(f.subject())) {
                        String id = "fs-" + m.line();
                        b.node(new Node(id, Kind.FILESYSTEM, 1, m.mountPoint(), m.fstype() + ", "
                                + percent(Math.round(m.usedPercent())) + " used", f.summary()));
                        waiters(b, threads, WRITE_WAITS, id);
                    }
                }
            }
        }
        return new WaitGraph(new ArrayList<>(b.nodes.values()), b.edges);
    }

    private static void queueChain(Builder b, Snapshot snapshot, List<ThreadView> threads, IpcReport.Queue q,
                                   Finding f) {
        String qid = "q-" + q.queue().msqid();
        b.node(new Node(qid, Kind.QUEUE, 1, "msgq " + q.queue().msqid() + " key " + q.keyHex(),
                q.queue().cbytes() + "/" + (q.qbytes() < 0 ? "?" : q.qbytes()) + " bytes, " + q.queue().qnum()
                        + " msgs" + (q.full() ? ", full" : ""), f.summary()));
        Map<String, List<ThreadView>> byProcess = new LinkedHashMap<>();
        q.senders().forEach(t -> byProcess.computeIfAbsent(t.processComm() + "[" + t.pid() + "]",
                k -> new ArrayList<>()).add(t));
        groups(b, byProcess, "send-" + q.queue().msqid(), qid, "msgsnd", " in msgsnd");
        int lrpid = q.queue().lrpid();
        ThreadView consumer = threads.stream().filter(t -> (t.pid() == lrpid || t.tid() == lrpid)
                && f.evidence().contains(t.file("stack"))).findFirst().orElse(null);
        if (consumer == null) {
            if (lrpid > 0) {
                String id = "consumer-" + lrpid;
                b.node(new Node(id, Kind.CONSUMER, 2, "lrpid " + lrpid, "consumer not resolved", f.summary()));
                b.edge(qid, id, "drained by");
            }
            return;
        }
        String cid = "consumer-" + consumer.tid();
        b.node(new Node(cid, Kind.CONSUMER, 2, consumer.label(), consumer.state() + " in " + consumer.syscall() + " ("
                + consumer.waitClass().site() + ")", "consumer of msqid " + q.queue().msqid() + ": " + consumer.label()
                + " " + consumer.waitClass().kind() + " wait at " + consumer.wchan()));
        b.edge(qid, cid, "drained by");
        if (!consumer.waitClass().kind().equals("unix-connect")) {
            return;
        }
        UnixConnectTrace trace = UnixConnectTrace.of(snapshot, consumer);
        for (UnixConnectTrace.Listener l : trace.candidates()) {
            String sid = "socket-" + l.socket().inode();
            b.node(new Node(sid, Kind.SOCKET, 3, l.socket().path(), "socket:[" + l.socket().inode() + "], " + l.queued()
                    + " queued", "listening unix socket " + l.socket().path() + " with " + l.queued()
                    + " unaccepted connections"));
            b.edge(cid, sid, trace.fd() >= 0 ? "connect fd " + trace.fd() : "connect");
            for (UnixConnectTrace.Holder h : l.holders()) {
                if (!f.evidence().contains(h.fdPath())) {
                    continue;
                }
                String hid = "listener-" + h.pid();
                ThreadView main = threads.stream().filter(t -> t.pid() == h.pid() && t.tid() == h.pid()).findFirst()
                        .orElse(null);
                b.node(new Node(hid, Kind.LISTENER, 4, h.comm() + "[" + h.pid() + "]", main == null ? "fd " + h.fd()
                        : main.state() + " in " + main.syscall() + " (" + main.waitClass().site() + ")",
                        "holds " + l.socket().path() + " on fd " + h.fd() + (h.cmdline().isEmpty() ? "" : ": "
                                + h.cmdline())));
                b.edge(sid, hid, "accepted by");
            }
        }
    }

    private static void waiters(Builder b, List<ThreadView> threads, Set<String> kinds, String target) {
        Map<String, List<ThreadView>> bySite = new LinkedHashMap<>();
        threads.stream().filter(t -> kinds.contains(t.waitClass().kind()))
                .forEach(t -> bySite.computeIfAbsent(t.waitClass().site(), k -> new ArrayList<>()).add(t));
        groups(b, bySite, "wait-" + target, target, "waits", "");
    }

    /** One THREADS node per group (largest first, at most {@link #MAX_GROUPS}), each with an edge to {@code target}. */
    private static void groups(Builder b, Map<String, List<ThreadView>> groups, String prefix, String target,
                               String edge, String suffix) {
        List<Map.Entry<String, List<ThreadView>>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort((x, y) -> Integer.compare(y.getValue().size(), x.getValue().size()));
        int rest = 0;
        int restThreads = 0;
        for (int i = 0; i < sorted.size(); i++) {
            var g = sorted.get(i);
            if (i >= MAX_GROUPS) {
                rest++;
                restThreads += g.getValue().size();
                continue;
            }
            List<ThreadView> ts = g.getValue();
            long d = ts.stream().filter(t -> t.state() == 'D').count();
            String id = prefix + "-" + i;
            b.node(new Node(id, Kind.THREADS, 0, count(ts.size()) + " " + g.getKey() + suffix,
                    d + " in D state", String.join(", ", ts.stream().limit(20).map(ThreadView::label).toList())
                    + (ts.size() > 20 ? ", ..." : "")));
            b.edge(id, target, edge);
        }
        if (rest > 0) {
            String id = prefix + "-more";
            b.node(new Node(id, Kind.THREADS, 0, count(restThreads) + " in " + rest + " more groups", "", ""));
            b.edge(id, target, edge);
        }
    }

    private static String count(int n) {
        return n == 1 ? "1 thread" : n + " threads";
    }

    private static String percent(long p) {
        return p < 0 ? "?%" : p + "%";
    }

    private static final class Builder {
        final Map<String, Node> nodes = new LinkedHashMap<>();
        final List<Edge> edges = new ArrayList<>();

        void node(Node n) {
            nodes.putIfAbsent(n.id(), n);
        }

        void edge(String from, String to, String label) {
            Edge e = new Edge(from, to, label);
            if (!edges.contains(e)) {
                edges.add(e);
            }
        }
    }
}
