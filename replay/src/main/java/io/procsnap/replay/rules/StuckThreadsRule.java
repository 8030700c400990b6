package io.procsnap.replay.rules;

import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.Threads;
import io.procsnap.replay.analysis.WaitKind;
import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.TaskSample;
import io.procsnap.replay.model.ThreadInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Threads that did not move across the capture's repeated samples: same wait site, same syscall and
 * arguments, no CPU time gained, in every sample. Those are stuck, as opposed to merely passing through
 * a wait. Idle waits (poll, sleep, signal wait) and waits for input (pipe and socket reads, condition
 * variables, an empty message queue) are left out: sitting in them is normal, and the samples span
 * seconds, not minutes.
 */
public final class StuckThreadsRule implements Rule {
    @Override
    public RuleId id() {
        return RuleId.STUCK_THREADS;
    }

    @Override
    public String name() {
        return "Stuck threads";
    }

    @Override
    public String description() {
        return "Threads in a non-idle wait that did not change or gain CPU time across the repeated samples.";
    }

    @Override
    public List<Threshold> thresholds() {
        return List.of(new Threshold("min-threads", 1, "stuck threads needed for a finding"));
    }

    /**
     * Waiting for input is not being stuck: a receiver on an empty queue, a reader of a pipe or socket, a
     * thread parked on a condition variable (FUTEX_WAIT_BITSET). A healthy machine is full of those and
     * they do not move within a capture either.
     */
    private static boolean waitsForWork(Snapshot s, ThreadView t) {
        return switch (t.waitClass().kind()) {
            case MSGQ_RECEIVE -> s.ipc().msgQueues().orElse(List.of()).stream()
                    .anyMatch(q -> q.msqid() == t.arg(0) && q.qnum() == 0);
            case PIPE -> t.waitClass().site().contains("read") || t.syscall().equals("read");
            case SOCKET -> List.of("read", "recvfrom", "recvmsg", "readv").contains(t.syscall());
            case FUTEX -> t.syscall().equals("futex") && !FutexHotspotRule.lockWait(t.arg(1));
            default -> false;
        };
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        Snapshot s = context.snapshot();
        if (s.sampleCount() < 2) {
            return RuleResult.notEvaluated(this, List.of("the capture has no repeated samples (samples/* not captured): "
                    + "one pass cannot tell stuck from passing through"));
        }
        List<ThreadView> stuck = new ArrayList<>();
        int compared = 0;
        int unknown = 0;
        for (ProcessInfo p : s.processes()) {
            if (context.own().owns(p.pid())) {
                continue;
            }
            for (ThreadInfo t : p.threads()) {
                if (t.samples().size() < 2) {
                    continue;
                }
                List<ThreadView> views = new ArrayList<>();
                for (TaskSample sample : t.samples()) {
                    views.add(Threads.view(s, p, t, sample));
                }
                ThreadView first = views.get(0);
                if (first.waitClass().kind() == WaitKind.UNKNOWN) {
                    unknown++;
                }
                if (first.waitClass().idle() || first.state() == 'R' || first.waitClass().kind() == WaitKind.UNKNOWN
                        || first.waitClass().kind() == WaitKind.ZOMBIE || waitsForWork(s, first)) {
                    continue;
                }
                compared++;
                boolean same = views.stream().allMatch(v -> v.wchan().equals(first.wchan())
                        && v.syscall().equals(first.syscall()) && Objects.equals(v.syscallArgs(), first.syscallArgs())
                        && v.cpuTicks() == first.cpuTicks() && v.cpuTicks() >= 0 && v.state() != 'R');
                if (same) {
                    stuck.add(first);
                }
            }
        }
        if (compared == 0 && unknown > 0) {
            return RuleResult.notEvaluated(this, List.of("the wait sites of " + Texts.count(unknown, "thread")
                    + " are unknown (wchan hidden, syscall and stack not readable): nothing to compare"));
        }
        List<String> notes = new ArrayList<>();
        notes.add(Texts.count(compared, "thread") + " in non-idle waits compared across " + s.sampleCount() + " samples");
        if (unknown > 0) {
            notes.add(Texts.count(unknown, "thread") + " with unknown wait sites not compared");
        }
        String own = context.own().note(s);
        if (own != null) {
            notes.add(own);
        }
        if (stuck.size() < context.threshold(this, "min-threads")) {
            return RuleResult.of(this, List.of(), notes);
        }
        Map<String, List<ThreadView>> bySite = new LinkedHashMap<>();
        stuck.stream().sorted(Comparator.comparing((ThreadView v) -> v.processComm()).thenComparing(v -> v.waitClass().site())
                        .thenComparingInt(ThreadView::pid).thenComparingInt(ThreadView::tid))
                .forEach(v -> bySite.computeIfAbsent(v.processComm() + " in " + v.waitClass().site(),
                        k -> new ArrayList<>()).add(v));
        List<String> details = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (Map.Entry<String, List<ThreadView>> e : bySite.entrySet()) {
            List<ThreadView> ts = e.getValue();
            List<Integer> pids = ts.stream().map(ThreadView::pid).distinct().toList();
            details.add(Texts.count(ts.size(), "thread") + " of " + e.getKey() + " (" + ts.get(0).waitClass().kind().label()
                    + ", syscall " + ts.get(0).syscall() + "): " + (pids.size() == 1 ? "pid " + pids.get(0) + " tids "
                    + Texts.tids(ts, 8) : Texts.threads(ts, 4)));
            if (evidence.size() < 8) {
                ThreadView t = ts.get(0);
                evidence.add(t.file(KernelFile.THREAD_WCHAN));
                evidence.add(ArchivePath.inSample(s.sampleCount() - 1, t.file(KernelFile.THREAD_WCHAN)));
            }
        }
        List<Related> related = bySite.values().stream()
                .flatMap(ts -> Related.threads(Related.Role.BLOCKED, ts).stream()).toList();
        return RuleResult.of(this, List.of(new Finding(id(), Severity.WARNING, stuck.size()
                + " threads did not move across " + s.sampleCount() + " samples (same wait, no CPU gained), in "
                + Texts.count(bySite.size(), "group"), details, evidence, null, related)), notes);
    }
}
