package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.model.Snapshot;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The read-only analysis commands (info, ps, threads, ipc, fs, diagnose): the archive or tree to read
 * ({@link SnapshotSource}), {@code --json} ({@link OutputOptions}), and the common body: open, analyse,
 * print as a table or as JSON.
 */
abstract class AnalysisCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SnapshotSource source;
    @Mixin
    OutputOptions output;

    /**
     * The rows of the capture's file table the analysis reads; the loader parses only those (null: all).
     * An archive or tree is then listed whole but the other rows' files are neither parsed nor kept.
     */
    Set<KernelFile> rows() {
        return null;
    }

    /**
     * True when the analysis reads the main pass alone, never a repeated sample: the loader then lists the
     * samples without parsing them ({@link io.procsnap.replay.model.SnapshotLoader.Options#mainPassOnly()}).
     */
    boolean mainPassOnly() {
        return false;
    }

    /**
     * Opens the snapshot, runs {@code analysis} on it and prints the result to the command's standard
     * output, as JSON with {@code --json}, else with {@code table}; returns {@link ExitCode#OK}.
     */
    final <R> int print(Function<Snapshot, R> analysis, BiConsumer<R, PrintWriter> table) throws Exception {
        try (Snapshot s = source.open(rows(), mainPassOnly())) {
            write(analysis.apply(s), table);
        }
        return ExitCode.OK;
    }

    /** Prints a result to the command's standard output, as JSON with {@code --json}, else with {@code table}. */
    final <R> void write(R r, BiConsumer<R, PrintWriter> table) {
        output.print(r, spec.commandLine().getOut(), table);
    }
}
