package io.procsnap.replay.analysis;

import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code diff} analysis: two captures (a sick and a healthy machine, or two moments) compared by
 * what is stable across machines, never by pid.
 *
 * <p>Processes are matched by (comm, command line). Within a matched process, threads are compared as
 * groups of the same thread name: the multiset of their signatures (state, wchan, syscall, and kernel
 * stack functions when both sides have stacks) on each side. Unstable ids are normalised away before
 * comparing: pids and tids never appear in a signature, stack offsets are dropped. Message queues are
 * matched by key (by msqid for private queues), filesystems by mount point, pools by name.
 */
public record SnapshotDiff(String left, String right, List<ProcessKey> onlyLeft, List<ProcessKey> onlyRight,
                           List<ThreadChange> threadChanges, List<Change> queueChanges, List<Change> fsChanges) {

    /** A process identity and the pids it had on one side. */
    public record ProcessKey(String comm, String cmdline, List<Integer> pids) {
    }

    /**
     * One thread name of one process whose signatures differ.
     *
     * @param left  signature -> number of threads, on the left side
     * @param right the same on the right side
     */
    public record ThreadChange(String processComm, String cmdline, String threadComm, Map<String, Integer> left,
                               Map<String, Integer> right) {
    }

    /** One changed property of a queue, filesystem or pool; {@code "-"} when absent on one side. */
    public record Change(String subject, String property, String left, String right) {
    }

    public boolean hasDifferences() {
        return !onlyLeft.isEmpty() || !onlyRight.isEmpty() || !threadChanges.isEmpty() || !queueChanges.isEmpty()
                || !fsChanges.isEmpty();
    }

    public static SnapshotDiff of(String leftName, Snapshot left, String rightName, Snapshot right) {
        List<ThreadView> lt = Threads.of(left);
        List<ThreadView> rt = Threads.of(right);
        Map<List<String>, List<ProcessInfo>> lp = byIdentity(left);
        Map<List<String>, List<ProcessInfo>> rp = byIdentity(right);
        List<ProcessKey> onlyLeft = new ArrayList<>();
        List<ProcessKey> onlyRight = new ArrayList<>();
        List<ThreadChange> threadChanges = new ArrayList<>();
        TreeSet<List<String>> keys = new TreeSet<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        keys.addAll(lp.keySet());
        keys.addAll(rp.keySet());
        for (List<String> key : keys) {
            List<ProcessInfo> a = lp.getOrDefault(key, List.of());
            List<ProcessInfo> b = rp.getOrDefault(key, List.of());
            if (b.isEmpty()) {
                onlyLeft.add(new ProcessKey(key.get(0), key.get(1), a.stream().map(ProcessInfo::pid).toList()));
                continue;
            }
            if (a.isEmpty()) {
                onlyRight.add(new ProcessKey(key.get(0), key.get(1), b.stream().map(ProcessInfo::pid).toList()));
                continue;
            }
            threadChanges.addAll(compareThreads(key, pidsOf(a), lt, pidsOf(b), rt));
        }
        return new SnapshotDiff(leftName, rightName, onlyLeft, onlyRight, threadChanges,
                queues(left, lt, right, rt), filesystems(left, right));
    }

    private static List<Integer> pidsOf(List<ProcessInfo> ps) {
        return ps.stream().map(ProcessInfo::pid).toList();
    }

    private static Map<List<String>, List<ProcessInfo>> byIdentity(Snapshot s) {
        Map<List<String>, List<ProcessInfo>> m = new LinkedHashMap<>();
        for (ProcessInfo p : s.processes()) {
            m.computeIfAbsent(List.of(p.comm(), p.commandLine()), k -> new ArrayList<>()).add(p);
        }
        return m;
    }

    private static List<ThreadChange> compareThreads(List<String> key, List<Integer> leftPids, List<ThreadView> lt,
                                                     List<Integer> rightPids, List<ThreadView> rt) {
        List<ThreadView> a = lt.stream().filter(t -> leftPids.contains(t.pid())).toList();
        List<ThreadView> b = rt.stream().filter(t -> rightPids.contains(t.pid())).toList();
        boolean stacks = a.stream().anyMatch(t -> !t.stack().isEmpty()) && b.stream().anyMatch(t -> !t.stack().isEmpty());
        Map<String, Map<String, Integer>> sa = signatures(a, stacks);
        Map<String, Map<String, Integer>> sb = signatures(b, stacks);
        TreeSet<String> names = new TreeSet<>(sa.keySet());
        names.addAll(sb.keySet());
        List<ThreadChange> out = new ArrayList<>();
        for (String name : names) {
            Map<String, Integer> x = sa.getOrDefault(name, Map.of());
            Map<String, Integer> y = sb.getOrDefault(name, Map.of());
            if (!x.equals(y)) {
                out.add(new ThreadChange(key.get(0), key.get(1), name, x, y));
            }
        }
        return out;
    }

    private static Map<String, Map<String, Integer>> signatures(List<ThreadView> threads, boolean stacks) {
        Map<String, Map<String, Integer>> m = new TreeMap<>();
        for (ThreadView t : threads) {
            String sig = t.state() + " " + t.wchan() + " " + t.syscall() + (stacks ? " " + t.stackText() : "");
            m.computeIfAbsent(t.comm(), k -> new TreeMap<>()).merge(sig, 1, Integer::sum);
        }
        return m;
    }

    private static List<Change> queues(Snapshot left, List<ThreadView> lt, Snapshot right, List<ThreadView> rt) {
        Map<String, IpcReport.Queue> a = queueMap(IpcReport.of(left, lt));
        Map<String, IpcReport.Queue> b = queueMap(IpcReport.of(right, rt));
        TreeSet<String> ids = new TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        List<Change> out = new ArrayList<>();
        for (String id : ids) {
            IpcReport.Queue x = a.get(id);
            IpcReport.Queue y = b.get(id);
            if (x == null || y == null) {
                out.add(new Change(id, "present", x == null ? "no" : "yes", y == null ? "no" : "yes"));
                continue;
            }
            add(out, id, "messages", x.queue().qnum(), y.queue().qnum());
            add(out, id, "bytes", x.queue().cbytes(), y.queue().cbytes());
            add(out, id, "full", x.full() ? "yes" : "no", y.full() ? "yes" : "no");
            add(out, id, "blocked senders", x.senders().size(), y.senders().size());
            add(out, id, "blocked receivers", x.receivers().size(), y.receivers().size());
        }
        return out;
    }

    private static Map<String, IpcReport.Queue> queueMap(IpcReport r) {
        Map<String, IpcReport.Queue> m = new TreeMap<>();
        for (IpcReport.Queue q : r.queues()) {
            String id = q.queue().key() != 0 ? "msg key " + q.keyHex() : "msg msqid " + q.queue().msqid();
            m.put(id, q);
        }
        return m;
    }

    private static List<Change> filesystems(Snapshot left, Snapshot right) {
        FsReport a = FsReport.of(left);
        FsReport b = FsReport.of(right);
        Map<String, FsReport.MountRow> ma = new TreeMap<>();
        a.mounts().forEach(m -> ma.putIfAbsent(m.mountPoint(), m));
        Map<String, FsReport.MountRow> mb = new TreeMap<>();
        b.mounts().forEach(m -> mb.putIfAbsent(m.mountPoint(), m));
        TreeSet<String> points = new TreeSet<>(ma.keySet());
        points.addAll(mb.keySet());
        List<Change> out = new ArrayList<>();
        for (String p : points) {
            FsReport.MountRow x = ma.get(p);
            FsReport.MountRow y = mb.get(p);
            String subject = "mount " + p;
            if (x == null || y == null) {
                out.add(new Change(subject, "mounted", x == null ? "no" : "yes", y == null ? "no" : "yes"));
                continue;
            }
            add(out, subject, "fstype", x.fstype(), y.fstype());
            add(out, subject, "statfs", x.statfsState(), y.statfsState());
            if (x.usedPercent() >= 0 && y.usedPercent() >= 0 && Math.abs(x.usedPercent() - y.usedPercent()) >= 1.0) {
                add(out, subject, "use%", percent(x.usedPercent()), percent(y.usedPercent()));
            }
        }
        Map<String, FsReport.PoolRow> pa = new TreeMap<>();
        a.pools().forEach(x -> pa.put(x.name(), x));
        Map<String, FsReport.PoolRow> pb = new TreeMap<>();
        b.pools().forEach(x -> pb.put(x.name(), x));
        TreeSet<String> names = new TreeSet<>(pa.keySet());
        names.addAll(pb.keySet());
        for (String n : names) {
            FsReport.PoolRow x = pa.get(n);
            FsReport.PoolRow y = pb.get(n);
            String subject = "pool " + n;
            if (x == null || y == null) {
                out.add(new Change(subject, "present", x == null ? "no" : "yes", y == null ? "no" : "yes"));
                continue;
            }
            add(out, subject, "health", x.health(), y.health());
            add(out, subject, "suspended", x.suspended() ? "yes" : "no", y.suspended() ? "yes" : "no");
            add(out, subject, "capacity%", x.capacityPercent(), y.capacityPercent());
        }
        return out;
    }

    private static String percent(double p) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", p);
    }

    private static void add(List<Change> out, String subject, String property, Object left, Object right) {
        if (!Objects.equals(String.valueOf(left), String.valueOf(right))) {
            out.add(new Change(subject, property, String.valueOf(left), String.valueOf(right)));
        }
    }
}
