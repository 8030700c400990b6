package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.InfoReport;
import io.procsnap.replay.render.InfoRenderer;
import picocli.CommandLine.Command;

import java.util.Set;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Host, kernel, capture time and duration, options, entry counts per status, what timed out "
                + "or was denied (grouped), and whether the archive is complete, cut off or salvaged.",
        footer = {"", ExitCode.HELP_TABLE})
final class InfoCommand extends AnalysisCommand {
    @Override
    Set<KernelFile> rows() {
        return InfoReport.ROWS;
    }

    @Override
    public Integer call() throws Exception {
        return print(InfoReport::of, InfoRenderer::table);
    }
}
