package io.procsnap.replay.rules;

import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Entry;
import io.procsnap.format.Status;
import io.procsnap.replay.analysis.InfoReport;
import io.procsnap.replay.model.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The capture itself is incomplete (cut off, salvaged, failed verification, reads denied or timed out):
 * a warning that lowers confidence in every other finding, and says which inputs are missing.
 */
public final class CaptureIncompleteRule implements Rule {
    @Override
    public RuleId id() {
        return RuleId.CAPTURE_INCOMPLETE;
    }

    @Override
    public String name() {
        return "Capture incomplete";
    }

    @Override
    public String description() {
        return "Cut-off or damaged archives and reads that were denied, timed out or failed: less is known.";
    }

    @Override
    public List<Threshold> thresholds() {
        return List.of(new Threshold("max-denied-percent", 1, "denied entries, percent of all, before a warning"));
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        Snapshot s = context.snapshot();
        ArchiveSummary summary = s.summary();
        List<Finding> findings = new ArrayList<>();
        switch (summary.state()) {
            case COMPLETE -> { }
            case CUT_OFF -> findings.add(new Finding(id(), Severity.WARNING,
                    "capture was cut off: no index, " + Texts.count(summary.entryCount(), "entry") + " recovered; processes read "
                            + "after the cut are missing and other rules may miss them",
                    List.of("archive state cut-off" + (summary.damage() == null ? "" : ": " + summary.damage())),
                    List.of()));
            case SALVAGED -> findings.add(new Finding(id(), Severity.WARNING,
                    "archive was damaged and salvaged: " + Texts.count(summary.entryCount(), "entry") + " recovered",
                    List.of("archive state salvaged" + (summary.damage() == null ? "" : ": " + summary.damage())),
                    List.of()));
        }
        if (!s.verifyProblems().isEmpty()) {
            findings.add(new Finding(id(), Severity.WARNING, s.verifyProblems().size() + " archive frames failed verification",
                    s.verifyProblems().stream().limit(5).toList(), List.of()));
        }
        Map<Status, Long> counts = summary.countsByStatus();
        long total = Math.max(1, summary.entryCount());
        long denied = counts.getOrDefault(Status.DENIED, 0L);
        // exe/cwd/root links that kernel threads and zombies do not have are answers, not gaps
        List<Entry> considered = s.entries().stream().filter(e -> !e.header().isAbsentProcessLink()).toList();
        List<InfoReport.ProblemGroup> groups = InfoReport.problems(considered);
        if (denied > 0) {
            double pct = 100.0 * denied / total;
            Severity sev = pct > context.threshold(this, "max-denied-percent") ? Severity.WARNING : Severity.INFO;
            long uid = s.manifest().capturedBy() == null ? -1 : s.manifest().capturedBy().euid();
            findings.add(new Finding(id(), sev, Texts.count(denied, "read") + " denied" + (uid > 0 ? " (captured as uid " + uid + ", not root)" : "")
                    + ": wait sites, stacks or fd links are missing for other users' processes",
                    describe(groups, "denied"), examples(groups, "denied")));
        }
        long problems = 0;
        for (Status st : List.of(Status.TIMEOUT, Status.ERROR, Status.TRUNCATED, Status.SKIPPED)) {
            problems += counts.getOrDefault(st, 0L);
        }
        problems -= s.entries().size() - considered.size();
        if (problems > 0) {
            List<String> details = new ArrayList<>();
            List<String> evidence = new ArrayList<>();
            for (String st : List.of("timeout", "error", "truncated", "skipped")) {
                details.addAll(describe(groups, st));
                evidence.addAll(examples(groups, st));
            }
            findings.add(new Finding(id(), Severity.INFO, Texts.count(problems, "read") + " timed out, failed, were truncated or skipped",
                    details, evidence));
        }
        return RuleResult.of(this, findings, List.of());
    }

    private static List<String> describe(List<InfoReport.ProblemGroup> groups, String status) {
        return groups.stream().filter(g -> g.status().equals(status))
                .map(g -> g.count() + " " + status + ": " + g.pattern() + (g.details().keySet().equals(java.util.Set.of("-"))
                        ? "" : " " + g.details())).limit(8).toList();
    }

    private static List<String> examples(List<InfoReport.ProblemGroup> groups, String status) {
        return groups.stream().filter(g -> g.status().equals(status)).limit(4).map(g -> g.examples().get(0)).toList();
    }
}
