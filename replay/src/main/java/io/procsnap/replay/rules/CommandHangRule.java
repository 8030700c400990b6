package io.procsnap.replay.rules;

import io.procsnap.format.layout.ArchivePath.Stream;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.replay.analysis.FsReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** External commands the capture ran that never returned (a {@code zpool status} stuck on a suspended pool). */
public final class CommandHangRule implements Rule {
    @Override
    public RuleId id() {
        return RuleId.COMMAND_HANG;
    }

    @Override
    public String name() {
        return "Command hang";
    }

    @Override
    public String description() {
        return "Commands run by the capture (zpool, zfs, df, dmesg) that timed out or were left behind.";
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        if (context.snapshot().commands().isEmpty()) {
            return RuleResult.notEvaluated(this, List.of("no cmd/* entries: the capture ran no commands"));
        }
        List<Finding> findings = new ArrayList<>();
        for (FsReport.HungCommand c : FsReport.of(context.snapshot()).hungCommands()) {
            String how = c.leftBehind() ? "did not return and was left behind" : "timed out and was killed";
            findings.add(new Finding(id(), Severity.WARNING, "command " + c.name() + " (" + c.argv() + ") " + how,
                    List.of(String.format(Locale.ROOT, "%s ran %.1f s: %s", c.argv(), c.elapsedSeconds(), how)),
                    List.of(c.path(), ArchivePath.command(c.name(), Stream.STDOUT), ArchivePath.command(c.name(), Stream.STDERR))));
        }
        return RuleResult.of(this, findings, List.of());
    }
}
