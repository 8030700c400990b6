package io.procsnap.replay.analysis;

import io.procsnap.replay.model.Snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code threads} analysis: threads grouped by any of state, wchan, syscall, stack, comm, process comm
 * and classified wait, with counts (psn style), so "412 threads in D state in txg_wait_open" is one row.
 */
public final class ThreadGroups {
    /** Group-by keys and how each is read from a thread. */
    public static final Map<String, Function<ThreadView, String>> KEYS = keys();

    /**
     * @param keys    the group-by keys, in order
     * @param total   thread observations considered (after the state filter): threads, or thread-samples
     *                when grouping over every pass
     * @param passes  passes grouped: 1 for the main pass only, else main pass + repeated samples; a group's
     *                count divided by it is psn's "average threads"
     * @param groups  largest first, then by values
     */
    public record Report(List<String> keys, int total, int passes, List<Group> groups) {
        public Report {
            keys = List.copyOf(keys);
            groups = List.copyOf(groups);
        }
    }

    /**
     * @param values one value per key
     * @param count  threads in the group
     * @param pids   distinct processes, ascending
     * @param tids   thread ids, ascending (all of them; renderers shorten)
     */
    public record Group(List<String> values, int count, List<Integer> pids, List<Integer> tids) {
        public Group {
            values = List.copyOf(values);
            pids = List.copyOf(pids);
            tids = List.copyOf(tids);
        }
    }

    private ThreadGroups() {
    }

    private static Map<String, Function<ThreadView, String>> keys() {
        Map<String, Function<ThreadView, String>> m = new LinkedHashMap<>();
        m.put("state", v -> String.valueOf(v.state()));
        m.put("wchan", ThreadView::wchan);
        m.put("syscall", ThreadView::syscall);
        m.put("stack", ThreadView::stackText);
        m.put("comm", ThreadView::comm);
        m.put("pcomm", ThreadView::processComm);
        m.put("wait", v -> v.waitClass().kind().label());
        return java.util.Collections.unmodifiableMap(m);
    }

    public static Report group(Snapshot snapshot, List<String> keys, String states) {
        return group(Threads.of(snapshot), keys, states);
    }

    /** psn style: every thread in every pass (main + repeated samples) is one observation. */
    public static Report groupAllPasses(Snapshot snapshot, List<String> keys, String states) {
        List<ThreadView> views = new ArrayList<>();
        for (var p : snapshot.processes()) {
            for (var t : p.threads()) {
                for (var sample : t.samples()) {
                    views.add(Threads.view(snapshot, p, t, sample));
                }
            }
        }
        Report r = group(views, keys, states);
        return new Report(r.keys(), r.total(), Math.max(1, snapshot.sampleCount()), r.groups());
    }

    /** Groups {@code threads}; {@code states} (letters, e.g. {@code "DR"}) keeps only those states, null keeps all. */
    public static Report group(List<ThreadView> threads, List<String> keys, String states) {
        for (String k : keys) {
            if (!KEYS.containsKey(k)) {
                throw new IllegalArgumentException("unknown group-by key '" + k + "' (known: "
                        + String.join(", ", KEYS.keySet()) + ")");
            }
        }
        Map<List<String>, List<ThreadView>> groups = new LinkedHashMap<>();
        int total = 0;
        for (ThreadView v : threads) {
            if (states != null && !states.isEmpty() && states.indexOf(v.state()) < 0) {
                continue;
            }
            total++;
            List<String> values = keys.stream().map(k -> KEYS.get(k).apply(v)).toList();
            groups.computeIfAbsent(values, x -> new ArrayList<>()).add(v);
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<ThreadView>> e : groups.entrySet()) {
            List<ThreadView> members = e.getValue();
            out.add(new Group(e.getKey(), members.size(),
                    List.copyOf(new TreeSet<>(members.stream().map(ThreadView::pid).toList())),
                    List.copyOf(new TreeSet<>(members.stream().map(ThreadView::tid).toList()))));
        }
        out.sort(Comparator.comparingInt(Group::count).reversed()
                .thenComparing(g -> String.join("\u0000", g.values())));
        return new Report(keys, total, 1, out);
    }
}
