package io.procsnap.replay.cli;

import io.procsnap.replay.render.Json;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.function.BiConsumer;

/** {@code --json}: the same data as the table, as JSON. */
final class OutputOptions {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    /** Prints {@code r} to {@code out} as JSON with {@code --json}, else with {@code table}; then flushes. */
    <R> void print(R r, PrintWriter out, BiConsumer<R, PrintWriter> table) {
        if (json) {
            Json.write(r, out);
        } else {
            table.accept(r, out);
        }
        out.flush();
    }
}
