package io.procsnap.replay.cli;

import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.analysis.ProcessTable;
import io.procsnap.replay.analysis.PsQuery;
import io.procsnap.replay.analysis.ThreadGroups;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.render.IpcRenderer;
import io.procsnap.replay.render.Json;
import io.procsnap.replay.render.PsRenderer;
import io.procsnap.replay.render.ThreadsRenderer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 16: {@code threads}, {@code ps} and {@code ipc} load only what they read (the rows they declare, the
 * main pass alone, no bytes of the files they skip); what they print over every fixture archive is what the
 * same analysis and renderer print over the archive loaded whole, table and JSON.
 */
class CommandSelectionTests {

    static List<String> scenarios() {
        return Scenarios.names();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theCommandsPrintWhatAWholeLoadPrints(String name) throws Exception {
        Path archive = Scenarios.archive(name);
        try (Snapshot whole = SnapshotSource.open(archive, false)) {
            PsQuery threads = new PsQuery(true, List.of(), Set.of(), null, Set.of());
            PsQuery processes = new PsQuery(false, List.of(), Set.of(), null, Set.of());
            check(whole, archive, List.of("ps", "-L"), s -> ProcessTable.rows(s, threads),
                    (r, out) -> PsRenderer.table(r, true, out));
            check(whole, archive, List.of("ps"), s -> ProcessTable.rows(s, processes),
                    (r, out) -> PsRenderer.table(r, false, out));
            check(whole, archive, List.of("threads"), s -> ThreadGroups.group(s, List.of("state", "wchan"), null),
                    ThreadsRenderer::table);
            check(whole, archive, List.of("threads", "-g", "syscall,wait"),
                    s -> ThreadGroups.group(s, List.of("syscall", "wait"), null), ThreadsRenderer::table);
            check(whole, archive, List.of("threads", "--all-samples"),
                    s -> ThreadGroups.groupAllPasses(s, List.of("state", "wchan"), null), ThreadsRenderer::table);
            check(whole, archive, List.of("ipc"), IpcReport::of, IpcRenderer::table);
        }
    }

    private static <R> void check(Snapshot whole, Path archive, List<String> command, Function<Snapshot, R> analysis,
                                  java.util.function.BiConsumer<R, PrintWriter> table) {
        R r = analysis.apply(whole);
        for (boolean json : new boolean[] {false, true}) {
            String expected = render(out -> {
                if (json) {
                    Json.write(r, out);
                } else {
                    table.accept(r, out);
                }
            });
            List<String> args = new java.util.ArrayList<>(command);
            if (json) {
                args.add("--json");
            }
            args.add(archive.toString());
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), args + ": " + run.err());
            assertEquals(expected, run.out(), args.toString());
        }
    }

    private static String render(Consumer<PrintWriter> body) {
        StringWriter w = new StringWriter();
        try (PrintWriter out = new PrintWriter(w)) {
            body.accept(out);
        }
        return w.toString();
    }
}
