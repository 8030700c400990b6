package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The shared "what to analyse" options of the analysis commands: an archive, or {@code --live} for the
 * running machine (optionally another procfs root). A directory given as ARCHIVE is read as a fixture
 * tree ({@code fixtures/README.md}).
 */
final class SnapshotSource {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ARCHIVE",
            description = "Capture archive to analyse (a fixture tree directory also works).")
    Path archive;

    @Option(names = "--live", description = "Analyse the running machine instead of an archive.")
    boolean live;

    @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = "/proc",
            description = "With --live: the procfs root to read (default: ${DEFAULT-VALUE}).")
    Path procRoot;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "0",
            description = "With --live: read every thread's stat, wchan, syscall and stack N more times after the main "
                    + "pass, so stuck-threads can tell stuck from passing through (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--sample-interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "With --live --samples: seconds between samples (default: ${DEFAULT-VALUE}).")
    double sampleInterval;

    @Option(names = "--verify", description = "Verify the archive's checksums while loading (slower).")
    boolean verify;

    /** Opens what the options name; usage and I/O problems become {@link UserException}s with exit codes. */
    Snapshot open() throws IOException {
        return open((Set<KernelFile>) null, false);
    }

    /**
     * {@link #open()} parsing only {@code rows} of an archive or tree (null: all), and with {@code mainPassOnly}
     * not its repeated samples; a live snapshot reads and parses everything.
     */
    Snapshot open(Set<KernelFile> rows, boolean mainPassOnly) throws IOException {
        if (!live && samples > 0) {
            throw new UserException(ExitCode.USAGE, "--samples applies to --live only (an archive has the samples it was "
                    + "captured with)");
        }
        if (live && archive != null) {
            throw new UserException(ExitCode.USAGE, "give either ARCHIVE or --live, not both");
        }
        if (live) {
            if (!Files.isDirectory(procRoot)) {
                throw new UserException(ExitCode.ENVIRONMENT, "procfs root " + procRoot + " is not a directory");
            }
            if (samples < 0 || sampleInterval < 0) {
                throw new UserException(ExitCode.USAGE, "--samples and --sample-interval must not be negative");
            }
            return SnapshotLoader.live(procRoot, SnapshotLoader.Options.defaults().withLiveSamples(samples,
                    java.time.Duration.ofMillis(Math.round(sampleInterval * 1000))));
        }
        if (archive == null) {
            throw new UserException(ExitCode.USAGE, "missing ARCHIVE (or --live)");
        }
        return open(archive, verify, rows, mainPassOnly);
    }

    /** The archive file the options name, when they name one (not --live, not a tree, no usage error); else null. */
    Path archiveFile() {
        return live || samples != 0 || archive == null || !Files.isRegularFile(archive) ? null : archive;
    }

    static Snapshot open(Path path, boolean verify) throws IOException {
        return open(path, verify, null, false);
    }

    static Snapshot open(Path path, boolean verify, Set<KernelFile> rows, boolean mainPassOnly) throws IOException {
        if (Files.isDirectory(path)) {
            return SnapshotLoader.fromTree(path, SnapshotLoader.Options.defaults().withRows(rows)
                    .withMainPassOnly(mainPassOnly));
        }
        if (!Files.exists(path)) {
            throw new UserException(ExitCode.ENVIRONMENT, "cannot open " + path + ": no such file");
        }
        try {
            // no raw contents kept: the commands read parsed values; Snapshot.content reads again on demand
            // (a 10,000-thread capture kept 32 MiB of raw bytes and 170,000 map nodes for them)
            Snapshot s = SnapshotLoader.load(path, SnapshotLoader.Options.defaults().withVerify(verify).withRetainCap(0)
                    .withRows(rows).withMainPassOnly(mainPassOnly));
            ArchiveDamage.opened(path, s::summary);
            return s;
        } catch (NoSuchFileException e) {
            throw new UserException(ExitCode.ENVIRONMENT, "cannot open " + path + ": no such file");
        }
    }
}
