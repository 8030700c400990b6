package io.procsnap.replay.cli;

import io.procsnap.replay.render.Json;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.function.BiConsumer;

/** {@code --json}: the same data as the table, as JSON. */
final class OutputOptions {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    /**
     * Prints {@code r} to {@code out} as JSON with {@code --json}, else with {@code table}; then flushes.
     * The renderers write through a writer that does not flush at each line (picocli's standard output
     * flushes at every {@code println}: 10,034 writes for {@code ps -L} of a 10,000-thread capture, issue 16).
     */
    <R> void print(R r, PrintWriter out, BiConsumer<R, PrintWriter> table) {
        PrintWriter unflushed = new PrintWriter(out, false);
        if (json) {
            Json.write(r, unflushed);
        } else {
            table.accept(r, unflushed);
        }
        unflushed.flush();
    }
}
