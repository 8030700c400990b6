package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts per status and the slowest reads, kept by the writer thread as entries pass; read by others
 * through {@link #snapshot()}.
 */
public final class CaptureStats {
    private static final int SLOWEST = 3;
    /**
     * Built once, and a plain class rather than {@code Comparator.comparingLong(...).reversed()}: the JDK's
     * lambdas behind those are spun at start-up (2 ms) where this class comes from the AOT cache.
     */
    private static final Comparator<EntryHeader> SLOWEST_FIRST = new Comparator<EntryHeader>() {
        @Override
        public int compare(EntryHeader a, EntryHeader b) {
            return Long.compare(b.elapsedNanos(), a.elapsedNanos());
        }
    };

    private final long[] counts = new long[Status.values().length];
    private final List<EntryHeader> slowest = new ArrayList<>();
    private final List<String> hung = new ArrayList<>();
    private long hungTotal;
    private long rejected;
    private String firstRejected;
    private long noLink;

    /** No entries yet. */
    public CaptureStats() {
    }

    /**
     * @param counts entries per status; @param slowest the slowest OK reads; @param hung timed-out paths (first few);
     * @param noLink of the {@code error} entries, the {@code exe}/{@code cwd}/{@code root} links that a
     *               live kernel thread or zombie does not have (readlink says ENOENT): the machine's
     *               complete answer, not something the capture missed
     */
    public record Snapshot(Map<Status, Long> counts, List<EntryHeader> slowest, List<String> hung, long hungTotal,
                           long rejected, String firstRejected, long noLink) {
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        public long count(Status status) {
            return counts.getOrDefault(status, 0L);
        }
    }

    synchronized void record(EntryHeader header) {
        counts[header.status().ordinal()]++;
        if (header.isAbsentProcessLink()) {
            noLink++;
        }
        if (header.status() == Status.TIMEOUT) {
            hungTotal++;
            if (hung.size() < SLOWEST) {
                hung.add(header.path());
            }
        } else if (!ArchivePath.isCommand(header.path())) {
            if (slowest.size() < SLOWEST || header.elapsedNanos() > slowest.get(slowest.size() - 1).elapsedNanos()) {
                slowest.add(header);
                slowest.sort(SLOWEST_FIRST);
                if (slowest.size() > SLOWEST) {
                    slowest.remove(SLOWEST);
                }
            }
        }
    }

    synchronized void rejected(String what) {
        if (rejected++ == 0) {
            firstRejected = what;
        }
    }

    public synchronized Snapshot snapshot() {
        Map<Status, Long> map = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            if (counts[s.ordinal()] > 0) {
                map.put(s, counts[s.ordinal()]);
            }
        }
        return new Snapshot(map, List.copyOf(slowest), List.copyOf(hung), hungTotal, rejected, firstRejected, noLink);
    }
}
