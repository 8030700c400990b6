package io.procsnap.replay.model;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Damage;
import io.procsnap.format.Manifest;
import io.procsnap.format.layout.KernelFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link Snapshot} from an archive, from a live procfs root, or from a fixture tree. The same
 * model comes out of all three: the entries go through one {@link SnapshotAssembler}.
 *
 * <pre>
 * try (Snapshot s = SnapshotLoader.load(Path.of("capture.tar.zst"))) { ... }
 * try (Snapshot s = SnapshotLoader.live()) { ... }                 // the capture's engine, into memory
 * try (Snapshot s = SnapshotLoader.fromTree(Path.of("fixtures/msgq-deadlock/tree"))) { ... }
 * </pre>
 *
 * <p>Memory stays bounded: an archive is scanned once, the files the model needs are parsed as they pass
 * and raw bytes are kept only up to {@link Options#retainCap()}; other content is read again from the
 * archive on demand. {@link Snapshot#loadStats()} reports the figures.
 */
public final class SnapshotLoader {

    /**
     * @param retainCap      raw content bytes kept in memory (default 32 MiB)
     * @param verify         run the archive's checksum verification and report problems (archive only)
     * @param readTimeout    live: timeout of each read (default 2 s, as a capture's)
     * @param maxHungReads   live: after this many hung reads the remaining risky reads are skipped (default 16)
     * @param readCap        live: bytes read per file at most; more is recorded as truncated (default 4 MiB)
     * @param liveSamples    live: repeated samples of every thread after the main pass (default 0)
     * @param sampleInterval live: pause before each repeated sample (default 1 s)
     * @param rows           archive and tree: the rows of the file table to parse, null for all (default); every
     *                       entry is still listed, but a value of another row is unavailable ("not loaded for
     *                       this command"). A command that reads a few rows declares them and skips the rest.
     * @param mainPassOnly   archive and tree: the repeated samples ({@code samples/K/...}) are listed, counted
     *                       ({@link Snapshot#sampleCount()}) and their threads known, but not parsed, their
     *                       content is not copied out of the archive, and a thread holds only its main pass
     *                       ({@link ThreadInfo#samples()} of size 1). For the commands that read the main pass
     *                       alone (ps, ipc, threads without --all-samples): the samples were half the entries
     *                       of a 10,000-thread capture taken with --samples 2 (default false). When no raw
     *                       content is kept ({@code retainCap} 0) and the archive's index is whole, the frames
     *                       holding only samples are not read at all: those samples are known by their index
     *                       rows (path and status) and are not among {@link Snapshot#entries()}
     */
    public record Options(long retainCap, boolean verify, Duration readTimeout, int maxHungReads, int readCap,
                          int liveSamples, Duration sampleInterval, Set<KernelFile> rows, boolean mainPassOnly) {
        public static Options defaults() {
            return new Options(SnapshotAssembler.DEFAULT_RETAIN_CAP, false, Duration.ofSeconds(2), 16, 4 << 20, 0,
                    Duration.ofSeconds(1), null, false);
        }

        public Options withRetainCap(long cap) {
            return new Options(cap, verify, readTimeout, maxHungReads, readCap, liveSamples, sampleInterval,
                    rows, mainPassOnly);
        }

        public Options withVerify(boolean v) {
            return new Options(retainCap, v, readTimeout, maxHungReads, readCap, liveSamples, sampleInterval,
                    rows, mainPassOnly);
        }

        public Options withReadTimeout(Duration t) {
            return new Options(retainCap, verify, t, maxHungReads, readCap, liveSamples, sampleInterval,
                    rows, mainPassOnly);
        }

        public Options withLiveSamples(int samples, Duration interval) {
            return new Options(retainCap, verify, readTimeout, maxHungReads, readCap, samples, interval,
                    rows, mainPassOnly);
        }

        /** Parses only {@code only} (null: all rows). */
        public Options withRows(Set<KernelFile> only) {
            return new Options(retainCap, verify, readTimeout, maxHungReads, readCap, liveSamples, sampleInterval,
                    only == null ? null : Set.copyOf(only), mainPassOnly);
        }

        /** Loads the main pass alone (true) or the repeated samples too (false, the default). */
        public Options withMainPassOnly(boolean only) {
            return new Options(retainCap, verify, readTimeout, maxHungReads, readCap, liveSamples, sampleInterval, rows,
                    only);
        }
    }

    private SnapshotLoader() {
    }

    /** Loads an archive file; a cut-off or damaged archive loads what the format library salvages. */
    public static Snapshot load(Path archive) throws IOException {
        return load(archive, Options.defaults());
    }

    public static Snapshot load(Path archive, Options options) throws IOException {
        ArchiveReader reader = ArchiveReader.open(archive);
        try {
            return load(reader, archive.toString(), options);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Loads from an open reader; the snapshot owns the reader and closes it. Damage does not end the load:
     * the format library's scan resumes after damaged frames (the summary says what was lost); an entry the
     * model cannot take is kept as unreadable; a scan that still fails with {@code CORRUPT} keeps what came
     * before and marks the archive salvaged. Hostile or unsupported archives still throw.
     */
    public static Snapshot load(ArchiveReader reader, String location, Options options) throws IOException {
        long start = System.nanoTime();
        SnapshotAssembler assembler = new SnapshotAssembler(options.retainCap(), reader.summary().entryCount(),
                options.rows(), options.mainPassOnly());
        String stopped = null;
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assembler.parseAside(); // the walk on this thread, the parsers on another
        }
        try {
            ArchiveReader.EntryVisitor visitor = (entry, content) -> {
                try {
                    assembler.accept(entry, content);
                } catch (RuntimeException e) {
                    assembler.unreadable(entry, String.valueOf(e.getMessage()));
                }
            };
            if (options.mainPassOnly()) {
                // the frames holding only samples are not read: their rows list them (issue 16)
                reader.scan(visitor, assembler::wantsContent, assembler::wantsContent, assembler::listedOnly);
            } else {
                reader.scan(visitor, assembler::wantsContent);
            }
        } catch (ArchiveException e) {
            if (e.kind() != ArchiveException.Kind.CORRUPT) {
                throw e;
            }
            stopped = e.getMessage();
        } finally {
            assembler.finish();
        }
        List<String> problems = options.verify() ? reader.verify().problems() : List.of();
        Manifest manifest = reader.manifest();
        LoadedSnapshot.ContentFetcher fetcher = path -> {
            Optional<io.procsnap.format.Entry> e = reader.find(path);
            return e.isPresent() ? Optional.of(reader.read(e.get())) : Optional.empty();
        };
        ArchiveSummary summary = reader.summary();
        if (stopped != null) {
            summary = stoppedEarly(summary, stopped, assembler);
        }
        return new LoadedSnapshot(new Origin(Origin.Kind.ARCHIVE, location), manifest, summary, problems,
                assembler, fetcher, reader, start);
    }

    /** The summary of an archive whose scan failed part way: salvaged, with what was assembled. */
    private static ArchiveSummary stoppedEarly(ArchiveSummary s, String why, SnapshotAssembler assembler) {
        List<Damage> damages = new ArrayList<>(s.damages());
        damages.add(Damage.at(Damage.Kind.READ_STOPPED, -1, -1, "scan stopped: " + why + "; "
                + assembler.entries.size() + " entries loaded before it"));
        return new ArchiveSummary(s.state() == ArchiveState.COMPLETE ? ArchiveState.SALVAGED : s.state(),
                assembler.entries.size(), assembler.countsByStatus(), s.durationNanos(), s.framesTotal(),
                s.framesUsable(), s.bytesRecovered(), s.fileSize(), damages, s.indexedEntries());
    }

    /** The live machine's {@code /proc}. */
    public static Snapshot live() throws IOException {
        return live(Path.of("/proc"), Options.defaults());
    }

    /**
     * A live procfs root (normally {@code /proc}), read by the capture's own engine ({@link LiveCapture}):
     * entries get the archive paths {@code proc/...}; every read has its own timeout, so a hung file
     * becomes an entry with status timeout instead of hanging, and the rest of its process is skipped.
     */
    public static Snapshot live(Path procRoot, Options options) throws IOException {
        return LiveCapture.load(procRoot, options);
    }

    /**
     * A fixture tree (see {@code fixtures/README.md} and {@link TreeArchiver}) loaded directly, without
     * packing it into an archive first. Statuses, owners and timings come from its metadata file.
     */
    public static Snapshot fromTree(Path tree) throws IOException {
        return fromTree(tree, Options.defaults());
    }

    public static Snapshot fromTree(Path tree, Options options) throws IOException {
        long start = System.nanoTime();
        SnapshotAssembler assembler = new SnapshotAssembler(Long.MAX_VALUE, 1024, options.rows(),
                options.mainPassOnly());
        FixtureTree fixture = FixtureTree.read(tree);
        fixture.entries(assembler::accept);
        return new LoadedSnapshot(new Origin(Origin.Kind.ARCHIVE, tree.toString()), fixture.manifest(),
                fixture.summary(assembler.countsByStatus(), assembler.entries.size(), assembler.latestEndNanos()),
                List.of(), assembler,
                path -> Optional.empty(), null, start);
    }

    /** This library's version (from the jar manifest), or {@code dev}. */
    static String version() {
        String v = SnapshotLoader.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
