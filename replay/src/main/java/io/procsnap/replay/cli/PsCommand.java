package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.ProcessTable;
import io.procsnap.replay.analysis.PsQuery;
import io.procsnap.replay.render.PsRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@Command(name = "ps", mixinStandardHelpOptions = true,
        description = "Processes (or threads with -L) with state, wait channel, syscall, classified wait, CPU time, "
                + "start time (UTC), comm and command line.",
        footer = {"", ExitCode.HELP_TABLE})
final class PsCommand extends AnalysisCommand {
    @Option(names = "-L", description = "One row per thread.")
    boolean threads;

    @Option(names = "--sort", split = ",", paramLabel = "KEY",
            description = "Sort keys, comma separated, '-' prefix for descending: pid, tid, state, comm, cpu, start, "
                    + "wchan, syscall (default: pid,tid).")
    List<String> sort = new ArrayList<>();

    @Option(names = "--state", paramLabel = "LETTERS", description = "Only these states, e.g. D or DR.")
    String states;

    @Option(names = "--comm", paramLabel = "TEXT", description = "Only rows whose comm contains TEXT.")
    String comm;

    @Option(names = "--pid", split = ",", paramLabel = "PID", description = "Only these processes.")
    List<Integer> pids = new ArrayList<>();

    @Override
    Set<KernelFile> rows() {
        return ProcessTable.ROWS;
    }

    @Override
    boolean mainPassOnly() {
        return true;
    }

    @Override
    public Integer call() throws Exception {
        Set<Character> st = new HashSet<>();
        if (states != null) {
            states.chars().forEach(c -> st.add((char) c));
        }
        PsQuery query;
        try {
            query = new PsQuery(threads, sort, st, comm, new HashSet<>(pids));
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage());
        }
        return print(s -> ProcessTable.rows(s, query),
                (rows, out) -> PsRenderer.table(rows, threads, out));
    }
}
