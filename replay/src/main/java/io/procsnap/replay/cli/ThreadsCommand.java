package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.ThreadGroups;
import io.procsnap.replay.analysis.Threads;
import io.procsnap.replay.render.ThreadsRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

@Command(name = "threads", mixinStandardHelpOptions = true,
        description = "Threads grouped by any of state, wchan, syscall, stack, comm, pcomm (process comm) and wait "
                + "(classified wait kind), with counts, largest group first.",
        footer = {"", ExitCode.HELP_TABLE})
final class ThreadsCommand extends AnalysisCommand {
    @Option(names = {"-g", "--by"}, split = ",", paramLabel = "KEY",
            description = "Group-by keys, comma separated (default: state,wchan).")
    List<String> keys = new ArrayList<>(List.of("state", "wchan"));

    @Option(names = "--state", paramLabel = "LETTERS", description = "Only threads in these states, e.g. D.")
    String states;

    @Option(names = "--all-samples", description = "Count every thread in every pass (main pass and the capture's "
            + "repeated samples), psn style: SAMPLES and AVG_THREADS per group.")
    boolean allSamples;

    @Override
    Set<KernelFile> rows() {
        return Threads.ROWS;
    }

    @Override
    boolean mainPassOnly() {
        return !allSamples;
    }

    @Override
    public Integer call() throws Exception {
        for (String k : keys) {
            if (!ThreadGroups.KEYS.containsKey(k)) {
                throw new UserException(ExitCode.USAGE, "unknown group-by key '" + k + "' (known: "
                        + String.join(", ", ThreadGroups.KEYS.keySet()) + ")");
            }
        }
        return print(s -> allSamples ? ThreadGroups.groupAllPasses(s, keys, states)
                : ThreadGroups.group(s, keys, states), ThreadsRenderer::table);
    }
}
