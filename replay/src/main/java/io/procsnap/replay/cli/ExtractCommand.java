package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ExitCode;
import io.procsnap.format.Status;
import io.procsnap.replay.archive.ArchiveSource;
import io.procsnap.replay.extract.Extractor;
import io.procsnap.replay.fuse.FuseEnvironment;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code procsnap-replay extract ARCHIVE DIR}: writes the capture as a directory tree (no FUSE needed). */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Writes a capture as a directory tree (the fallback without FUSE).",
                "Writes every entry under DIR (new or empty) at its archive path "
                + "(DIR/proc/..., DIR/cmd/..., DIR/statfs/...). Never writes outside DIR, never follows a symlink, "
                + "makes no device nodes, drops setuid/setgid/sticky bits. Entries whose capture failed are not "
                + "written; " + Extractor.FAILED_LIST + " lists them with their status. Each proc/PID/task/TID without "
                + "its own cmdline or environ gets its process's (a hard link, or the process's failed status), "
                + "as Linux serves them, so ps -eLf over the tree prints each thread's command line."},
        footer = {"", ExitCode.HELP_TABLE})
final class ExtractCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "the capture (.tar.zst)")
    Path archive;

    @Parameters(index = "1", paramLabel = "DIR", description = "a new or empty directory")
    Path dir;

    @Option(names = "--same-owner", negatable = true,
            description = "restore numeric owners (default: on when run as root, like tar)")
    Boolean sameOwner;

    @Override
    public Integer call() throws Exception {
        boolean owners = sameOwner != null ? sameOwner : FuseEnvironment.isRoot();
        try (ArchiveReader reader = ArchiveSupport.open(archive)) {
            Extractor.Result r;
            try {
                r = Extractor.extract(ArchiveSource.of(reader), dir, owners);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (Extractor.WriteFailedException e) {
                throw new UserException(ExitCode.ENVIRONMENT, e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("extracted " + archive + " to " + dir + ": " + r.files() + " files, " + r.directories()
                    + " directories, " + r.symlinks() + " symlinks");
            if (!r.notCaptured().isEmpty()) {
                StringBuilder sb = new StringBuilder("not captured (listed in " + Extractor.FAILED_LIST + "):");
                for (Map.Entry<Status, Long> e : new TreeMap<>(r.notCaptured()).entrySet()) {
                    sb.append(' ').append(e.getValue()).append(' ').append(e.getKey().label());
                }
                out.println(sb);
            }
            if (r.refused() > 0) {
                out.println("refused " + r.refused() + " unsafe or conflicting entries:");
                r.refusedPaths().forEach(p -> out.println("  " + p));
            }
            if (reader.summary().damage() != null) {
                out.println("archive damaged: " + reader.summary().damage() + " (extracted what could be salvaged)");
            }
            out.flush();
            return reader.summary().damage() != null || r.refused() > 0 ? ExitCode.PARTIAL : ExitCode.OK;
        }
    }
}
