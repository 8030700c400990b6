package io.procsnap.replay.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the same data as the table, as JSON. */
final class OutputOptions {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;
}
