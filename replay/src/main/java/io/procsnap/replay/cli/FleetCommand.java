package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.fleet.ArchiveRow;
import io.procsnap.replay.fleet.FleetRenderer;
import io.procsnap.replay.fleet.FleetScan;
import io.procsnap.replay.fleet.FleetSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Analyses many archives in parallel (bounded memory: one snapshot per worker) and prints one "
                + "row per archive (host, capture time, state, share of entries read ok, top findings), on how many "
                + "hosts each rule found something, and the archives whose findings differ from the majority.",
                "Files that are not procsnap archives, are damaged or unreadable are listed and skipped; the run goes "
                        + "on. Exits 4 after the run when any file was skipped or only salvaged (state salvaged).",
                "--jsonl prints one JSON object per archive per finding instead, for jq or DuckDB."},
        footer = {"", ExitCode.HELP_TABLE})
final class FleetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ARCHIVE|DIR", description = "Archives, or directories searched for them.")
    List<Path> inputs;

    @Option(names = "--workers", paramLabel = "N",
            description = "Archives analysed at once (default: processors, at most 4).")
    Integer workers;

    @Option(names = "--jsonl", description = "Print JSON Lines (one object per archive per finding) instead of tables.")
    boolean jsonl;

    @Option(names = "--top", paramLabel = "N", defaultValue = "3",
            description = "Findings listed per archive in the table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "Progress on standard error: auto (only on a terminal), always, never (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() throws Exception {
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new UserException(ExitCode.ENVIRONMENT, "cannot open " + p + ": no such file or directory");
            }
        }
        int n = workers != null ? workers : Math.min(4, Runtime.getRuntime().availableProcessors());
        if (n < 1 || top < 0) {
            throw new UserException(ExitCode.USAGE, "--workers must be at least 1 and --top not negative");
        }
        boolean show = switch (progress) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> stderrIsTerminal();
            default -> throw new UserException(ExitCode.USAGE, "--progress " + progress + ": use auto, always or never");
        };
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = FleetScan.expand(inputs);
        AtomicInteger skipped = new AtomicInteger();
        List<ArchiveRow> rows = FleetScan.scan(files, n, (done, total, row) -> {
            if (!row.analysed()) {
                skipped.incrementAndGet();
            }
            if (show) {
                synchronized (err) {
                    err.print(FleetRenderer.progress(done, total, skipped.get()));
                    err.flush();
                }
            }
        });
        if (show) {
            err.println();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (jsonl) {
            FleetRenderer.jsonl(rows, out);
        } else {
            FleetRenderer.table(rows, FleetSummary.of(rows), top, out);
        }
        for (ArchiveRow r : rows) {
            if (!r.analysed()) {
                err.println("procsnap-replay fleet: skipped " + r.file() + ": " + r.skipped().kind() + ": "
                        + r.skipped().message());
            }
        }
        err.flush();
        boolean salvaged = rows.stream().anyMatch(r -> "salvaged".equals(r.state()));
        return skipped.get() > 0 || salvaged ? ExitCode.ARCHIVE : ExitCode.OK;
    }

    /**
     * Whether file descriptor 2 is a terminal ({@code /dev/pts/N}, {@code /dev/ttyN}). Java has no isatty;
     * {@code System.console()} speaks for stdin and stdout, and stdout is usually redirected to a file here.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
