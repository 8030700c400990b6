package io.procsnap.replay.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Damage;
import io.procsnap.format.Entry;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.model.IndexListing;
import io.procsnap.replay.model.Snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code info} analysis: what was captured, from where, how completely. Entries that did not read
 * cleanly are grouped by path pattern (pids and other numbers replaced by {@code *}), so thousands of
 * denied {@code stack} files are one line.
 *
 * @param origin          {@code archive} or {@code live}, and the file or procfs root
 * @param state           {@code complete}, {@code cut-off} or {@code salvaged}
 * @param damage          the reader's description of damage, or null
 * @param damages         each damaged place the reader found: what failed, frame, file offset, the entry
 *                        lost with it and where reading resumed (empty when none)
 * @param verifyProblems  frames that failed verification (when verified)
 * @param custody         the archive file's SHA-256 and what its {@code NAME.sha256} says; null for a live
 *                        machine or a fixture tree
 * @param durationSeconds capture duration from the index, -1 when unknown (no index)
 * @param counts          entries per status, every status listed
 * @param problems        non-ok entries grouped
 * @param trigger         why {@code procsnap watch} took the capture (the manifest's trigger), or null
 */
public record InfoReport(String origin, String location, String hostname, String kernel, String bootId,
                         String machineId, String tool, String toolVersion, int formatVersion, Instant captureStart,
                         double durationSeconds, long capturedByUid, long capturedByEuid, Map<String, String> options,
                         String arch, int clockTicks, int pageSize, String state, String damage,
                         List<Damage> damages, List<String> verifyProblems, Custody custody, long entries, Map<String, Long> counts, int processes,
                         int threads, int samples, List<ProblemGroup> problems,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Manifest.Trigger trigger) {

    /**
     * @param status   how the reads ended
     * @param pattern  path with numbers replaced ({@code proc/*}{@code /task/*}{@code /stack})
     * @param count    entries in the group
     * @param details  errno or reason -> count
     * @param examples up to three paths, in archive order
     * @param maxElapsedSeconds longest read in the group (timeouts: until abandoned), -1 unknown
     */
    public record ProblemGroup(String status, String pattern, long count, Map<String, Long> details,
                               List<String> examples, double maxElapsedSeconds) {
    }

    public static InfoReport of(Snapshot snapshot) {
        return of(snapshot, custody(snapshot));
    }

    /** The archive file's custody (one read of the file), or null when the snapshot is not from a file. */
    private static Custody custody(Snapshot snapshot) {
        if (snapshot.origin().live()) {
            return null;
        }
        java.nio.file.Path file = java.nio.file.Path.of(snapshot.origin().location());
        if (!java.nio.file.Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Custody.of(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static InfoReport of(Snapshot snapshot, Custody custody) {
        Manifest m = snapshot.manifest();
        ArchiveSummary s = snapshot.summary();
        Manifest.Host host = m.host();
        return new InfoReport(snapshot.origin().kind().name().toLowerCase(java.util.Locale.ROOT),
                snapshot.origin().location(),
                host == null ? "?" : host.hostname(),
                snapshot.sunos().map(io.procsnap.replay.model.SunosHost::describe)
                        .orElse(host == null ? "?" : host.kernelRelease()),
                host == null ? "?" : host.bootId(), host == null ? null : host.machineId(),
                m.tool(), m.toolVersion(), m.formatVersion(), m.startUtc(),
                s.durationNanos() < 0 ? -1 : s.durationNanos() / 1e9,
                m.capturedBy() == null ? -1 : m.capturedBy().uid(), m.capturedBy() == null ? -1 : m.capturedBy().euid(),
                new TreeMap<>(m.options()), snapshot.arch(), snapshot.clockTicks(), snapshot.pageSize(), state(s),
                s.damage(), s.damages(), snapshot.verifyProblems(), custody, s.entryCount(), counts(s), snapshot.processes().size(),
                snapshot.threads().size(), snapshot.sampleCount(), problems(snapshot.entries()), m.trigger());
    }

    /**
     * The report of a Linux archive from its index ({@link IndexListing}), without loading a snapshot: the
     * same report {@link #of(Snapshot)} makes of that archive loaded from {@code location}.
     */
    public static InfoReport of(ArchiveReader reader, String location, IndexListing listing) throws java.io.IOException {
        Manifest m = reader.manifest();
        ArchiveSummary s = reader.summary();
        Manifest.Host host = m.host();
        java.nio.file.Path file = java.nio.file.Path.of(location);
        Custody custody = java.nio.file.Files.isRegularFile(file) ? Custody.of(file) : null;
        return new InfoReport("archive", location, host == null ? "?" : host.hostname(),
                host == null ? "?" : host.kernelRelease(),
                host == null ? "?" : host.bootId(), host == null ? null : host.machineId(),
                m.tool(), m.toolVersion(), m.formatVersion(), m.startUtc(),
                s.durationNanos() < 0 ? -1 : s.durationNanos() / 1e9,
                m.capturedBy() == null ? -1 : m.capturedBy().uid(), m.capturedBy() == null ? -1 : m.capturedBy().euid(),
                new TreeMap<>(m.options()), listing.arch(), listing.clockTicks(), listing.pageSize(), state(s),
                s.damage(), s.damages(), List.of(), custody, s.entryCount(), counts(s), listing.processes(),
                listing.threads(), listing.samples(), problems(listing.problems()), m.trigger());
    }

    private static Map<String, Long> counts(ArchiveSummary s) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<Status, Long> byStatus = new EnumMap<>(Status.class);
        byStatus.putAll(s.countsByStatus());
        for (Status st : Status.values()) {
            counts.put(st.label(), byStatus.getOrDefault(st, 0L));
        }
        return counts;
    }

    private static String state(ArchiveSummary s) {
        return switch (s.state()) {
            case COMPLETE -> "complete";
            case CUT_OFF -> "cut-off";
            case SALVAGED -> "salvaged";
        };
    }

    /** The rows of the capture's file table the report parses: none (it counts entries, processes and threads). */
    public static final Set<KernelFile> ROWS = Set.of();

    /** Groups entries whose status is not ok. */
    public static List<ProblemGroup> problems(List<Entry> entries) {
        record Key(Status status, String pattern) { }
        Map<Key, List<Entry>> groups = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.status() == Status.OK) {
                continue;
            }
            groups.computeIfAbsent(new Key(e.status(), pattern(e.path())), k -> new ArrayList<>()).add(e);
        }
        List<ProblemGroup> out = new ArrayList<>();
        for (Map.Entry<Key, List<Entry>> g : groups.entrySet()) {
            Map<String, Long> details = new TreeMap<>();
            double max = -1;
            for (Entry e : g.getValue()) {
                String d = e.header().detail();
                details.merge(d == null || d.isEmpty() ? "-" : d, 1L, Long::sum);
                if (e.header().elapsedNanos() > 0) {
                    max = Math.max(max, e.header().elapsedNanos() / 1e9);
                }
            }
            out.add(new ProblemGroup(g.getKey().status().label(), g.getKey().pattern(), g.getValue().size(), details,
                    g.getValue().stream().limit(3).map(Entry::path).toList(), max));
        }
        out.sort(Comparator.comparing(ProblemGroup::status).thenComparing(Comparator.comparingLong(ProblemGroup::count)
                .reversed()).thenComparing(ProblemGroup::pattern));
        return out;
    }

    /** {@code proc/26936/task/26940/stack} -> {@code proc/*}{@code /task/*}{@code /stack}; {@code fd/12} -> {@code fd/*}. */
    public static String pattern(String path) {
        StringBuilder b = new StringBuilder();
        for (String part : path.split("/")) {
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? "*" : part);
        }
        return b.toString();
    }
}
