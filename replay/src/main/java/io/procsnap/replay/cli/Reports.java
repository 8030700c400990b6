package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.render.Json;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The common body of the read-only analysis commands: open, analyse, print as table or JSON. */
final class Reports {
    private Reports() {
    }

    /**
     * Opens the snapshot {@code source} names, runs {@code analysis} on it and prints the result to the
     * command's standard output, as JSON with {@code --json}, else with {@code table}; returns {@link ExitCode#OK}.
     */
    static <R> int print(CommandSpec spec, SnapshotSource source, OutputOptions output,
                         Function<Snapshot, R> analysis, BiConsumer<R, PrintWriter> table) throws Exception {
        try (Snapshot s = source.open()) {
            R r = analysis.apply(s);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json) {
                Json.write(r, out);
            } else {
                table.accept(r, out);
            }
            out.flush();
        }
        return ExitCode.OK;
    }
}
