package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.render.FsRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
        return Reports.print(spec, source, output, FsReport::of, FsRenderer::table);
    }
}
