package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.render.FsRenderer;
import io.procsnap.replay.render.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "fs", mixinStandardHelpOptions = true,
        description = "Mounts with usage, statfs calls that hung, ZFS pools (capacity, health, suspended, open txg) "
                + "and datasets, and commands that hung.",
        footer = {"", ExitCode.HELP_TABLE})
public final class FsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SnapshotSource source;
    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        try (Snapshot s = source.open()) {
            FsReport r = FsReport.of(s);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json) {
                Json.write(r, out);
            } else {
                FsRenderer.table(r, out);
            }
            out.flush();
        }
        return ExitCode.OK;
    }
}
