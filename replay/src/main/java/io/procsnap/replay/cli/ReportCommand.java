package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.report.HtmlReport;
import io.procsnap.replay.report.ReportData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML page for a bug report: host and capture summary, capture health, "
                + "findings with their evidence, threads by state and wait site, SysV queues and filesystems with "
                + "usage bars, and the wait-for graph of the diagnosed chain. No script, no network, no external file.",
                "The data are those of info, diagnose, threads, ipc and fs."},
        footer = {"", ExitCode.HELP_TABLE})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SnapshotSource source;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "report.html",
            description = "Where to write the page; - for standard output (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws Exception {
        String html;
        try (Snapshot s = source.open()) {
            html = HtmlReport.render(ReportData.of(s));
        }
        if (output.toString().equals("-")) {
            PrintWriter out = spec.commandLine().getOut();
            out.write(html);
            out.flush();
            return ExitCode.OK;
        }
        Path target = output.toAbsolutePath();
        // a device (/dev/null), FIFO or socket is written in place, never replaced by a renamed file
        boolean inPlace = Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target);
        Path written = inPlace ? target : target.resolveSibling(target.getFileName() + ".part");
        try {
            try (Writer w = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
                w.write(html);
            }
            if (!inPlace) {
                Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            if (!inPlace) {
                Files.deleteIfExists(written);
            }
            throw new UserException(ExitCode.ENVIRONMENT, "cannot write " + output + ": " + e.getMessage());
        }
        spec.commandLine().getErr().println("procsnap-replay report: wrote " + output);
        return ExitCode.OK;
    }
}
