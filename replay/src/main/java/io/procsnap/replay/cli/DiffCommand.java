package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.analysis.SnapshotDiff;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.render.DiffRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compares two captures (a sick and a healthy machine, or two moments). Processes are matched "
                + "by comm and command line, never by pid; threads of a matched process are compared per thread "
                + "name by state, wchan, syscall and kernel stack. Queues that changed (by key), filesystems (by "
                + "mount point) and pools (by name) follow.",
                "Exits 1 when there are differences."},
        footer = {"", ExitCode.HELP_TABLE})
final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "A", description = "The first capture (for example the sick machine).")
    Path left;

    @Parameters(index = "1", paramLabel = "B", description = "The second capture (for example a healthy machine).")
    Path right;

    @Override
    public Integer call() throws Exception {
        try (Snapshot a = SnapshotSource.open(left, false); Snapshot b = SnapshotSource.open(right, false)) {
            SnapshotDiff d = SnapshotDiff.of(left.toString(), a, right.toString(), b);
            output.print(d, spec.commandLine().getOut(), DiffRenderer::table);
            return d.hasDifferences() ? ExitCode.YES : ExitCode.OK;
        }
    }
}
