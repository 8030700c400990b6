package io.procsnap.replay.rules;

import io.procsnap.replay.analysis.FsReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** statfs calls that did not return during capture: a dead NFS server, a FUSE daemon that never answers. */
public final class StatfsHangRule implements Rule {
    @Override
    public String id() {
        return "statfs-hang";
    }

    @Override
    public String name() {
        return "statfs hang";
    }

    @Override
    public String description() {
        return "Mounts whose statfs did not return during capture (dead NFS, unresponsive FUSE, stuck filesystem).";
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        FsReport fs = FsReport.of(context.snapshot());
        if (fs.mounts().isEmpty()) {
            return RuleResult.notEvaluated(this, List.of("no statfs/* entries captured ("
                    + context.snapshot().ref("proc/self/mountinfo").describe() + ")"));
        }
        List<Finding> findings = new ArrayList<>();
        for (FsReport.MountRow m : fs.hungStatfs()) {
            String elapsed = m.elapsedSeconds() > 0 ? String.format(Locale.ROOT, " after %.1f s", m.elapsedSeconds()) : "";
            List<String> details = new ArrayList<>(List.of("mountinfo line " + m.line() + ": " + m.mountPoint() + " type "
                    + m.fstype() + " from " + m.source(), "statfs timed out" + elapsed
                    + "; every df, ls or stat of it hangs too"));
            List<String> evidence = new ArrayList<>(List.of(m.statfsPath(), "proc/self/mountinfo"));
            String kind = m.fstype().startsWith("nfs") ? "nfs" : m.fstype().startsWith("fuse") ? "fuse" : null;
            List<io.procsnap.replay.analysis.ThreadView> waiting = kind == null ? List.of()
                    : context.threads().stream().filter(t -> t.waitClass().kind().equals(kind)).toList();
            if (!waiting.isEmpty()) {
                details.add(Texts.count(waiting.size(), "thread") + " wait in " + kind + " requests ("
                        + waiting.get(0).waitClass().site() + "): " + Texts.threads(waiting, 4));
                waiting.stream().limit(2).forEach(t -> evidence.add(t.file("wchan")));
            }
            findings.add(new Finding(id(), Severity.CRITICAL, "statfs of " + m.mountPoint() + " (" + m.fstype() + " "
                    + m.source() + ") hung: timed out" + elapsed
                    + (waiting.isEmpty() ? "" : "; " + Texts.count(waiting.size(), "thread") + " stuck in " + kind
                    + " requests"), details, evidence));
        }
        long notCaptured = fs.mounts().stream().filter(m -> m.statfsState().equals("not captured")).count();
        List<String> notes = notCaptured > 0 ? List.of(notCaptured + " mounts have no statfs entry") : List.of();
        return RuleResult.of(this, findings, notes);
    }
}
