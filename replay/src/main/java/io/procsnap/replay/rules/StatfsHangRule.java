package io.procsnap.replay.rules;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.WaitKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** statfs calls that did not return during capture: a dead NFS server, a FUSE daemon that never answers. */
public final class StatfsHangRule implements Rule {
    @Override
    public RuleId id() {
        return RuleId.STATFS_HANG;
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
                    + context.snapshot().ref(KernelFile.MOUNTINFO.path()).describe() + ")"));
        }
        List<Finding> findings = new ArrayList<>();
        for (FsReport.MountRow m : fs.hungStatfs()) {
            String elapsed = m.elapsedSeconds() > 0 ? String.format(Locale.ROOT, " after %.1f s", m.elapsedSeconds()) : "";
            List<String> details = new ArrayList<>(List.of("mountinfo line " + m.line() + ": " + m.mountPoint() + " type "
                    + m.fstype() + " from " + m.source(), "statfs timed out" + elapsed
                    + "; every df, ls or stat of it hangs too"));
            List<String> evidence = new ArrayList<>(List.of(m.statfsPath(), KernelFile.MOUNTINFO.path()));
            Optional<WaitKind> kind = WaitKind.requestWaitOf(m.fstype());
            List<ThreadView> waiting = kind.isEmpty() ? List.of()
                    : context.threads().stream().filter(t -> t.waitClass().kind() == kind.get()).toList();
            if (!waiting.isEmpty()) {
                details.add(Texts.count(waiting.size(), "thread") + " wait in " + kind.get().label() + " requests ("
                        + waiting.get(0).waitClass().site() + "): " + Texts.threads(waiting, 4));
                waiting.stream().limit(2).forEach(t -> evidence.add(t.file(KernelFile.THREAD_WCHAN)));
            }
            findings.add(new Finding(id(), Severity.CRITICAL, "statfs of " + m.mountPoint() + " (" + m.fstype() + " "
                    + m.source() + ") hung: timed out" + elapsed
                    + (waiting.isEmpty() ? "" : "; " + Texts.count(waiting.size(), "thread") + " stuck in "
                    + kind.get().label() + " requests"), details, evidence, new Subject.Mount(m.line()),
                    Related.threads(Related.Role.BLOCKED, waiting)));
        }
        long notCaptured = fs.mounts().stream().filter(m -> m.statfsState().equals("not captured")).count();
        List<String> notes = notCaptured > 0 ? List.of(notCaptured + " mounts have no statfs entry") : List.of();
        return RuleResult.of(this, findings, notes);
    }
}
