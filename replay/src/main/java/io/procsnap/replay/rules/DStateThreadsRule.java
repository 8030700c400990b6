package io.procsnap.replay.rules;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.parse.HungTask;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Threads in uninterruptible sleep (state D), grouped by wait site, and hung-task reports from the
 * kernel log.
 *
 * <p>How long a thread has been blocked is not in procfs. The estimate given is an upper bound: the
 * thread's age at capture time ({@code uptime - starttime / USER_HZ}). The kernel's hung-task reports
 * ("blocked for more than N seconds") give lower bounds and are quoted as such; {@code stuck-threads}
 * tells whether a thread moved during the capture.
 */
public final class DStateThreadsRule implements Rule {
    @Override
    public RuleId id() {
        return RuleId.D_STATE_THREADS;
    }

    @Override
    public String name() {
        return "Threads in uninterruptible sleep";
    }

    @Override
    public String description() {
        return "Threads in D state grouped by wait site, with how long they can have been blocked, and hung-task reports.";
    }

    @Override
    public List<Threshold> thresholds() {
        return List.of(new Threshold("min-threads", 1, "D-state threads needed for a finding"),
                new Threshold("critical-threads", 10, "D-state threads (or any hung-task report) for a critical finding"));
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        Snapshot s = context.snapshot();
        List<ThreadView> known = context.threads().stream().filter(t -> t.state() != '?').toList();
        if (known.isEmpty()) {
            return RuleResult.notEvaluated(this, List.of(context.threads().isEmpty()
                    ? "no process was captured" : "no thread's stat or status could be read"));
        }
        List<String> notes = new ArrayList<>();
        long unknown = context.threads().size() - known.size();
        if (unknown > 0) {
            notes.add(Texts.count(unknown, "thread") + " have no state (stat and status not read)");
        }
        String own = context.own().note(s);
        if (own != null) {
            notes.add(own);
        }
        List<HungTask> hung = s.system().hungTasks().orElse(List.of()).stream()
                .filter(h -> !context.own().owns(s.threads().stream().filter(t -> t.tid() == h.pid())
                        .map(t -> t.pid()).findFirst().orElse(-1))).toList();
        String logGap = Texts.kernelLogGap(s);
        if (!s.system().hungTasks().present()) {
            notes.add("hung-task reports not checked: " + s.system().hungTasks().whyMissing());
        } else if (logGap != null) {
            notes.add("hung-task reports not checked: " + logGap);
        }
        List<ThreadView> d = known.stream().filter(t -> t.state() == 'D').toList();
        double min = context.threshold(this, "min-threads");
        double critical = context.threshold(this, "critical-threads");
        if (d.size() < min && hung.isEmpty()) {
            return RuleResult.of(this, List.of(), notes);
        }
        Map<String, List<ThreadView>> bySite = new LinkedHashMap<>();
        d.stream().sorted(Comparator.comparing((ThreadView t) -> t.waitClass().site()))
                .forEach(t -> bySite.computeIfAbsent(t.waitClass().site(), k -> new ArrayList<>()).add(t));
        List<String> details = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<Related> related = new ArrayList<>();
        double uptime = s.uptimeSeconds();
        bySite.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, List<ThreadView>> e) ->
                e.getValue().size()).reversed().thenComparing(Map.Entry::getKey)).forEach(e -> {
                    List<ThreadView> ts = e.getValue();
                    double oldest = ts.stream().mapToDouble(ThreadView::ageSeconds).filter(x -> !Double.isNaN(x))
                            .max().orElse(Double.NaN);
                    // a hung-task report is a lower bound: blocked N s at log time, plus the time since then
                    double reported = ts.stream().mapToDouble(t -> hung.stream().filter(h -> h.pid() == t.tid())
                            .mapToDouble(h -> h.blockedSeconds() + (Double.isNaN(uptime) ? 0 : uptime - h.seconds()))
                            .max().orElse(Double.NaN)).filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
                    String since = Double.isNaN(reported) ? "at most " + Texts.duration(oldest) + " (thread age)"
                            : "at least " + Texts.duration(reported) + " (hung-task report), at most "
                            + Texts.duration(oldest) + " (thread age)";
                    details.add(Texts.count(ts.size(), "thread") + " in " + e.getKey() + " ("
                            + ts.get(0).waitClass().kind().label() + "), blocked " + since + ": " + Texts.threads(ts, 4));
                    ts.stream().limit(2).forEach(t -> evidence.add(t.file(KernelFile.THREAD_STAT)));
                    related.addAll(Related.threads(Related.Role.BLOCKED, ts));
                });
        for (HungTask h : hung) {
            details.add("kernel: task " + h.comm() + ":" + h.pid() + " blocked for more than " + h.blockedSeconds()
                    + " s, reported " + (Double.isNaN(uptime) ? "at " + h.seconds() + " s after boot"
                    : Texts.duration(uptime - h.seconds()) + " before capture"));
        }
        if (!hung.isEmpty()) {
            evidence.add(s.system().hungTasks().path());
        }
        Severity sev = d.size() >= critical || !hung.isEmpty() ? Severity.CRITICAL : Severity.WARNING;
        String top = bySite.isEmpty() ? "" : " (most in " + bySite.entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().size())).get().getKey() + ")";
        String summary = Texts.count(d.size(), "thread") + " in uninterruptible sleep" + top
                + (hung.isEmpty() ? "" : "; kernel reported " + hung.size() + " hung tasks");
        return RuleResult.of(this, List.of(new Finding(id(), sev, summary, details, evidence, null, related)), notes);
    }
}
