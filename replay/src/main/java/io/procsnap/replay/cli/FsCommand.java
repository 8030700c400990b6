package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.render.FsRenderer;
import picocli.CommandLine.Command;

@Command(name = "fs", mixinStandardHelpOptions = true,
        description = "Mounts with usage, statfs calls that hung, ZFS pools (capacity, health, suspended, open txg) "
                + "and datasets, and commands that hung.",
        footer = {"", ExitCode.HELP_TABLE})
final class FsCommand extends AnalysisCommand {
    @Override
    public Integer call() throws Exception {
        return print(FsReport::of, FsRenderer::table);
    }
}
