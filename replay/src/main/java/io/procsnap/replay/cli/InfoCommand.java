package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.analysis.InfoReport;
import io.procsnap.replay.render.InfoRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Host, kernel, capture time and duration, options, entry counts per status, what timed out "
                + "or was denied (grouped), and whether the archive is complete, cut off or salvaged.",
        footer = {"", ExitCode.HELP_TABLE})
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SnapshotSource source;
    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        return Reports.print(spec, source, output, InfoReport::of, InfoRenderer::table);
    }
}
