package io.procsnap.replay.fleet;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.Status;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import io.procsnap.replay.rules.Diagnosis;
import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.RuleId;
import io.procsnap.replay.rules.RuleResult;
import io.procsnap.replay.rules.Rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Analyses many archives with a fixed number of workers. Each worker holds one snapshot at a time and
 * keeps only its {@link ArchiveRow}, so memory is bounded by {@code workers} snapshots plus the rows,
 * whatever the number of archives. A snapshot keeps no raw file contents (retain cap 0): the rules read
 * the parsed model only. A file that is not an archive, is damaged beyond salvage or cannot
 * be read becomes a skipped row; the scan goes on.
 */
public final class FleetScan {
    /** Called after each archive, from a worker thread: archives done, total, the row just made. */
    public interface Progress {
        void done(int done, int total, ArchiveRow row);
    }

    private FleetScan() {
    }

    /**
     * Regular files named or found (recursively, sorted) under the directories named. In a directory,
     * names starting with '.' are passed over, files and directories alike: a capture still writing
     * ({@code .NAME.tmp-PID}) and the state of {@code procsnap watch} ({@code .procsnap-watch/}).
     */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && !hidden(p, f)).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** Whether a name below {@code root} (not root itself) starts with '.'. */
    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Rows in the order of {@code files}. */
    public static List<ArchiveRow> scan(List<Path> files, int workers, Progress progress) {
        ArchiveRow[] rows = new ArchiveRow[files.size()];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread t = new Thread(r, "fleet-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < files.size(); i++) {
                int index = i;
                pool.execute(() -> {
                    ArchiveRow row = analyse(files.get(index));
                    rows[index] = row;
                    progress.done(done.incrementAndGet(), files.size(), row);
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // keep waiting: every archive is bounded by its own size
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        return Arrays.stream(rows).filter(r -> r != null).toList();
    }

    /** One archive to one row; never throws. */
    public static ArchiveRow analyse(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            return ArchiveRow.skipped(name, "unreadable", "not a regular file");
        }
        try (Snapshot s = SnapshotLoader.load(file, SnapshotLoader.Options.defaults().withRetainCap(0))) {
            return row(name, s, Diagnosis.run(s, Rules.all(), Map.of()));
        } catch (ArchiveException e) {
            String kind = switch (e.kind()) {
                case NOT_AN_ARCHIVE -> "foreign";
                case UNSUPPORTED_VERSION -> "unsupported";
                case CORRUPT, HOSTILE -> "corrupt";
            };
            return ArchiveRow.skipped(name, kind, withoutFile(name, e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
            return ArchiveRow.skipped(name, "unreadable", String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return ArchiveRow.skipped(name, "failed", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The reader's messages start with the file name, which the row already has. */
    private static String withoutFile(String file, String message) {
        return message != null && message.startsWith(file + ": ") ? message.substring(file.length() + 2) : message;
    }

    static ArchiveRow row(String file, Snapshot s, Diagnosis d) {
        var host = s.manifest().host();
        long ok = s.summary().countsByStatus().getOrDefault(Status.OK, 0L);
        List<ArchiveRow.FindingRow> findings = new ArrayList<>();
        for (Finding f : d.findings()) {
            findings.add(ArchiveRow.FindingRow.of(f));
        }
        List<RuleId> notEvaluated = d.results().stream().filter(r -> r.outcome() == RuleResult.Outcome.NOT_EVALUATED)
                .map(RuleResult::ruleId).toList();
        String state = s.summary().state().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new ArchiveRow(file, host == null || host.hostname() == null ? "?" : host.hostname(),
                host == null ? null : host.machineId(), host == null ? null : host.kernelRelease(), s.captureTime(),
                state, s.summary().entryCount(), ok, s.processes().size(), s.threads().size(), findings, notEvaluated,
                null, d.trigger() == null ? null : d.trigger().name(), d.trigger() == null ? null : d.trigger().summary());
    }
}
