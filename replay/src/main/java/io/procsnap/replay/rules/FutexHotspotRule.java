package io.procsnap.replay.rules;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.WaitKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Many threads of one process waiting on the same futex address (the first argument of {@code futex} in
 * {@code syscall}): a lock hot spot, or a deadlock when the holder is itself blocked. The other threads
 * of that process that are blocked on something else are listed as possible holders.
 *
 * <p>Only lock-style waits count: {@code FUTEX_WAIT} and the PI lock operations, which is what a
 * contended pthread mutex does ({@code futex(addr, FUTEX_WAIT_PRIVATE, 2, NULL)}). Condition-variable
 * waits use {@code FUTEX_WAIT_BITSET} on the condition's address: an idle thread pool parks all its
 * workers on one of those, which is normal, so they are left out (and counted in the notes).
 */
public final class FutexHotspotRule implements Rule {
    @Override
    public RuleId id() {
        return RuleId.FUTEX_HOTSPOT;
    }

    @Override
    public String name() {
        return "Futex hot spot";
    }

    @Override
    public String description() {
        return "Many threads of one process waiting on the same futex address.";
    }

    @Override
    public List<Threshold> thresholds() {
        return List.of(new Threshold("min-waiters", 4, "threads waiting on one futex address for a finding"));
    }

    /** FUTEX_WAIT (0), FUTEX_LOCK_PI (6), FUTEX_LOCK_PI2 (13), ignoring the PRIVATE and CLOCK_REALTIME flags. */
    static boolean lockWait(long op) {
        long cmd = op & 0x7f;
        return cmd == 0 || cmd == 6 || cmd == 13;
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        List<ThreadView> threads = context.threads();
        long withSyscall = threads.stream().filter(t -> !t.syscall().equals("?")).count();
        if (withSyscall == 0) {
            return RuleResult.notEvaluated(this, List.of(threads.isEmpty() ? "no thread was captured"
                    : "no thread's syscall file could be read (e.g. " + threads.get(0).file(KernelFile.THREAD_SYSCALL)
                    + "); futex addresses are unknown"));
        }
        List<String> notes = new ArrayList<>();
        if (withSyscall < threads.size()) {
            notes.add(Texts.count(threads.size() - withSyscall, "thread") + " without syscall information were not considered");
        }
        record Key(int pid, long address) { }
        long condvar = 0;
        Map<Key, List<ThreadView>> groups = new TreeMap<>(Comparator.comparingInt(Key::pid).thenComparingLong(Key::address));
        for (ThreadView t : threads) {
            if (t.syscall().equals("futex") && t.arg(0) >= 0) {
                if (lockWait(t.arg(1))) {
                    groups.computeIfAbsent(new Key(t.pid(), t.arg(0)), k -> new ArrayList<>()).add(t);
                } else {
                    condvar++;
                }
            }
        }
        if (condvar > 0) {
            notes.add(Texts.count(condvar, "thread") + " in condition-variable futex waits (FUTEX_WAIT_BITSET) not counted");
        }
        double min = context.threshold(this, "min-waiters");
        // the largest hot spots first; equal ones by pid and address
        List<Map.Entry<Key, List<ThreadView>>> hot = groups.entrySet().stream().filter(g -> g.getValue().size() >= min)
                .sorted(Comparator.comparingInt((Map.Entry<Key, List<ThreadView>> g) -> -g.getValue().size())).toList();
        List<Finding> findings = new ArrayList<>();
        Map<Integer, List<ThreadView>> byPid = new HashMap<>();
        for (ThreadView t : threads) {
            byPid.computeIfAbsent(t.pid(), p -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<Key, List<ThreadView>> g : hot) {
            List<ThreadView> ts = g.getValue();
            int pid = g.getKey().pid();
            String address = "0x" + Long.toHexString(g.getKey().address());
            List<String> details = new ArrayList<>();
            List<String> evidence = new ArrayList<>();
            List<Related> related = new ArrayList<>(Related.threads(Related.Role.BLOCKED, ts));
            details.add(Texts.count(ts.size(), "thread") + " of " + ts.get(0).processComm() + "[" + pid + "] wait on futex " + address
                    + ": " + Texts.threads(ts, 6));
            ts.stream().limit(3).forEach(t -> evidence.add(t.file(KernelFile.THREAD_SYSCALL)));
            // possible holders: blocked threads of the same process, uninterruptible and storage/lock waits first
            // the threads of the process only (not every thread per hot spot), the group's own left out last
            List<ThreadView> others = byPid.get(pid).stream().filter(t -> !t.waitClass().idle()
                    && t.waitClass().kind() != WaitKind.FUTEX && holderRank(t) <= 2 && !ts.contains(t))
                    .sorted(java.util.Comparator.comparingInt(FutexHotspotRule::holderRank)
                            .thenComparingInt(ThreadView::tid)).toList();
            for (ThreadView o : others.stream().limit(2).toList()) {
                details.add("possible holder: " + o.label() + " is " + Texts.waiting(o) + " (" + o.waitClass().kind().label()
                        + ")");
                evidence.add(o.file(KernelFile.THREAD_WCHAN));
                related.add(new Related(Related.Role.HOLDER, Related.thread(o)));
            }
            String holder = others.isEmpty() ? "; no blocked thread of the process explains it (the holder may be running)"
                    : "; " + others.get(0).label() + " of the same process is blocked in " + others.get(0).waitClass().site();
            findings.add(new Finding(id(), Severity.WARNING, Texts.count(ts.size(), "thread") + " of " + ts.get(0).processComm() + "["
                    + pid + "] wait on one futex (" + address + ")" + holder, details, evidence,
                    new Subject.Futex(pid, g.getKey().address()), related));
        }
        return RuleResult.of(this, aggregate(findings), notes);
    }

    /** Lower ranks are likelier lock holders: D state, then storage and lock waits, then anything else. */
    private static int holderRank(ThreadView t) {
        if (t.state() == 'D') {
            return 0;
        }
        WaitKind kind = t.waitClass().kind();
        if (kind.storageOrLock()) {
            return 1;
        }
        return kind == WaitKind.PIPE || kind == WaitKind.SOCKET ? 3 : 2;
    }

    /** The largest hot spots one by one; beyond {@value #MAX_FINDINGS} the rest as one finding. */
    static final int MAX_FINDINGS = 5;

    /** {@code sorted}: largest first. */
    private List<Finding> aggregate(List<Finding> sorted) {
        if (sorted.size() <= MAX_FINDINGS) {
            return sorted;
        }
        List<Finding> out = new ArrayList<>(sorted.subList(0, MAX_FINDINGS));
        List<Finding> rest = sorted.subList(MAX_FINDINGS, sorted.size());
        List<String> details = rest.stream().limit(20).map(Finding::summary).toList();
        List<String> evidence = rest.stream().limit(4).flatMap(f -> f.evidence().stream().limit(1)).toList();
        out.add(new Finding(id(), Severity.WARNING, rest.size() + " more processes with a futex hot spot",
                rest.size() > 20 ? java.util.stream.Stream.concat(details.stream(),
                        java.util.stream.Stream.of("and " + (rest.size() - 20) + " more")).toList() : details, evidence));
        return out;
    }
}
