package io.procsnap.replay.report;

import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.UnixConnectTrace;
import io.procsnap.replay.analysis.WaitKind;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.rules.Diagnosis;
import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.Related;
import io.procsnap.replay.rules.Subject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wait-for graph of the diagnosed chains, as nodes in columns and edges "waits for".
 *
 * <p>Only what a rule diagnosed is drawn, read from the findings' structure, never their text: a queue
 * appears when a {@code sysv-msgq-full} finding has it as its subject, a pool or filesystem when an
 * {@code fs-full} finding does. The senders, the consumer, the sockets and their listeners, and the
 * threads blocked behind a pool or filesystem are the finding's related objects, so the graph repeats
 * no rule's reasoning. The analyses the rules use supply what is drawn of those objects (a queue's
 * usage, a socket's backlog, a thread's wait). A {@code capture-hung-reads} finding with holders draws
 * its chain: the process whose read hung, the holders in order, the mount and the FUSE daemon.
 *
 * <p>Columns: 0 waiting threads, 1 queue or pool, 2 consumer, 3 socket, 4 listener.
 */
public record WaitGraph(List<Node> nodes, List<Edge> edges) {
    /** Groups drawn per column before the rest is folded into one "more" node. */
    static final int MAX_GROUPS = 6;

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
        Map<Subject.Thread, ThreadView> views = new HashMap<>();
        threads.forEach(t -> views.putIfAbsent(Related.thread(t), t));
        for (Finding f : diagnosis.findings()) {
            switch (f.ruleId()) {
                case SYSV_MSGQ_FULL -> {
                    if (f.subject() instanceof Subject.Queue(int msqid)) {
                        ipc.queues().stream().filter(q -> q.queue().msqid() == msqid).findFirst()
                                .ifPresent(q -> queueChain(b, snapshot, views, q, f));
                    }
                }
                case FS_FULL -> {
                    if (f.subject() instanceof Subject.Pool(String name)) {
                        fs.pools().stream().filter(p -> p.name().equals(name)).findFirst().ifPresent(p -> {
                            String id = "pool-" + p.name();
                            b.node(new Node(id, Kind.POOL, 1, "pool " + p.name(), percent(p.capacityPercent())
                                    + " used, " + p.health() + (p.suspended() ? ", SUSPENDED" : ""), f.summary()));
                            waiters(b, threads(f, Related.Role.BLOCKED, views), id);
                        });
                    } else if (f.subject() instanceof Subject.Mount(int line)) {
                        fs.mounts().stream().filter(m -> m.line() == line).findFirst().ifPresent(m -> {
                            String id = "fs-" + m.line();
                            b.node(new Node(id, Kind.FILESYSTEM, 1, m.mountPoint(), m.fstype() + ", "
                                    + percent(Math.round(m.usedPercent())) + " used", f.summary()));
                            waiters(b, threads(f, Related.Role.BLOCKED, views), id);
                        });
                    }
                }
                case CAPTURE_HUNG_READS -> {
                    if (f.subject() instanceof Subject.Process(int pid) && !f.related(Related.Role.LOCK_HOLDER).isEmpty()) {
                        holderChain(b, snapshot, views, pid, f);
                    }
                }
                default -> {
                    // no other rule's findings are drawn
                }
            }
        }
        return new WaitGraph(new ArrayList<>(b.nodes.values()), b.edges);
    }

    /** The finding's threads in this role that the analysis knows, in the finding's order. */
    private static List<ThreadView> threads(Finding f, Related.Role role, Map<Subject.Thread, ThreadView> views) {
        return f.related(role, Subject.Thread.class).stream().map(views::get).filter(t -> t != null).toList();
    }

    private static void queueChain(Builder b, Snapshot snapshot, Map<Subject.Thread, ThreadView> views,
                                   IpcReport.Queue q,
                                   Finding f) {
        String qid = "q-" + q.queue().msqid();
        b.node(new Node(qid, Kind.QUEUE, 1, "msgq " + q.queue().msqid() + " key " + q.keyHex(),
                q.queue().cbytes() + "/" + (q.qbytes() < 0 ? "?" : q.qbytes()) + " bytes, " + q.queue().qnum()
                        + " msgs" + (q.full() ? ", full" : ""), f.summary()));
        Map<String, List<ThreadView>> byProcess = new LinkedHashMap<>();
        threads(f, Related.Role.SENDER, views).forEach(t -> byProcess.computeIfAbsent(
                t.processComm() + "[" + t.pid() + "]", k -> new ArrayList<>()).add(t));
        groups(b, byProcess, "send-" + q.queue().msqid(), qid, "msgsnd", " in msgsnd");
        int lrpid = q.queue().lrpid();
        ThreadView consumer = threads(f, Related.Role.CONSUMER, views).stream().findFirst().orElse(null);
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
                + " " + consumer.waitClass().kind().label() + " wait at " + consumer.wchan()));
        b.edge(qid, cid, "drained by");
        if (consumer.waitClass().kind() != WaitKind.UNIX_CONNECT) {
            return;
        }
        UnixConnectTrace trace = UnixConnectTrace.of(snapshot, consumer);
        Set<Long> sockets = new HashSet<>();
        f.related(Related.Role.SOCKET, Subject.Socket.class).forEach(s -> sockets.add(s.inode()));
        Set<Integer> listeners = new HashSet<>();
        f.related(Related.Role.LISTENER, Subject.Process.class).forEach(p -> listeners.add(p.pid()));
        for (UnixConnectTrace.Listener l : trace.candidates()) {
            if (!sockets.contains(l.socket().inode())) {
                continue;
            }
            String sid = "socket-" + l.socket().inode();
            b.node(new Node(sid, Kind.SOCKET, 3, l.socket().path(), "socket:[" + l.socket().inode() + "], " + l.queued()
                    + " queued", "listening unix socket " + l.socket().path() + " with " + l.queued()
                    + " unaccepted connections"));
            b.edge(cid, sid, trace.fd() >= 0 ? "connect fd " + trace.fd() : "connect");
            for (UnixConnectTrace.Holder h : l.holders()) {
                if (!listeners.contains(h.pid())) {
                    continue;
                }
                String hid = "listener-" + h.pid();
                ThreadView main = views.get(new Subject.Thread(h.pid(), h.pid()));
                b.node(new Node(hid, Kind.LISTENER, 4, h.comm() + "[" + h.pid() + "]", main == null ? "fd " + h.fd()
                        : main.state() + " in " + main.syscall() + " (" + main.waitClass().site() + ")",
                        "holds " + l.socket().path() + " on fd " + h.fd() + (h.cmdline().isEmpty() ? "" : ": "
                                + h.cmdline())));
                b.edge(sid, hid, "accepted by");
            }
        }
    }

    /**
     * A hung read's chain ({@code capture-hung-reads} with holders): the process whose read hung (column
     * 0), each holder in the finding's order (columns 1 and 2), the mount the last holder waits for
     * (column 3) and its daemon (column 4), each waiting for the next.
     */
    private static void holderChain(Builder b, Snapshot snapshot, Map<Subject.Thread, ThreadView> views, int pid,
                                    Finding f) {
        String pidId = "hung-" + pid;
        String comm = snapshot.process(pid).map(p -> p.comm()).orElse("?");
        b.node(new Node(pidId, Kind.THREADS, 0, comm + "[" + pid + "]", "its /proc reads hung", f.summary()));
        String previous = pidId;
        int column = 1;
        for (ThreadView t : threads(f, Related.Role.LOCK_HOLDER, views)) {
            String id = "holder-" + t.pid() + "-" + t.tid();
            b.node(new Node(id, Kind.CONSUMER, column, t.label(), t.state() + " in " + t.syscall() + " ("
                    + t.waitClass().site() + ")", "likely holder: " + t.label() + " " + t.waitClass().kind().label()
                    + " wait at " + t.wchan()));
            b.edge(previous, id, previous.equals(pidId) ? "lock held by" : "waits for");
            previous = id;
            column = Math.min(column + 1, 2);
        }
        for (Subject.Mount m : f.related(Related.Role.MOUNT, Subject.Mount.class)) {
            String id = "fs-" + m.mountinfoLine();
            String label = snapshot.mounts().stream().filter(x -> x.info().line() == m.mountinfoLine()).findFirst()
                    .map(x -> x.mountPoint()).orElse("mount " + m.mountinfoLine());
            String type = snapshot.mounts().stream().filter(x -> x.info().line() == m.mountinfoLine()).findFirst()
                    .map(x -> x.fstype()).orElse("?");
            b.node(new Node(id, Kind.FILESYSTEM, 3, label, type, "mount the holder's I/O waits for"));
            b.edge(previous, id, "waits for I/O of");
            for (Subject.Process d : f.related(Related.Role.DAEMON, Subject.Process.class)) {
                String did = "daemon-" + d.pid();
                String dcomm = snapshot.process(d.pid()).map(p -> p.comm()).orElse("?");
                b.node(new Node(did, Kind.LISTENER, 4, dcomm + "[" + d.pid() + "]", "FUSE daemon",
                        "holds /dev/fuse: serves " + label));
                b.edge(id, did, "served by");
            }
        }
    }

    /** The threads blocked behind {@code target}, one node per wait site. */
    private static void waiters(Builder b, List<ThreadView> blocked, String target) {
        Map<String, List<ThreadView>> bySite = new LinkedHashMap<>();
        blocked.forEach(t -> bySite.computeIfAbsent(t.waitClass().site(), k -> new ArrayList<>()).add(t));
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
