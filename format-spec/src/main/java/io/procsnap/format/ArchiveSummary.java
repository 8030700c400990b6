package io.procsnap.format;

import java.util.List;
import java.util.Map;

/**
 * What a reader learned about an archive at open: its state, entry counts per status, and how much
 * was recovered when the tail was missing or damaged.
 *
 * @param state            complete, cut off, or salvaged
 * @param entryCount       entries found (manifest and index excluded)
 * @param countsByStatus   entries per status
 * @param durationNanos    capture duration from the index, or -1 when the index is missing
 * @param framesTotal      zstd frames found (0 for gzip)
 * @param framesUsable     frames not found damaged (a damaged frame fails to decompress or its checksum)
 * @param bytesRecovered   compressed bytes of the usable frames
 * @param fileSize         size of the archive file
 * @param damages          each damaged place found, in the order found (empty when none)
 * @param indexedEntries   entries the index says were written, when its header was readable, else -1
 */
public record ArchiveSummary(ArchiveState state, long entryCount, Map<Status, Long> countsByStatus,
                             long durationNanos, int framesTotal, int framesUsable, long bytesRecovered,
                             long fileSize, List<Damage> damages, long indexedEntries) {
    public ArchiveSummary {
        countsByStatus = Map.copyOf(countsByStatus);
        damages = damages == null ? List.of() : List.copyOf(damages);
    }

    /** A summary without the index's entry count. */
    public ArchiveSummary(ArchiveState state, long entryCount, Map<Status, Long> countsByStatus, long durationNanos,
                          int framesTotal, int framesUsable, long bytesRecovered, long fileSize, List<Damage> damages) {
        this(state, entryCount, countsByStatus, durationNanos, framesTotal, framesUsable, bytesRecovered, fileSize,
                damages, -1);
    }

    /** True when some damage lost the entries of a frame (not only a missing tail or index). */
    public boolean lostEntries() {
        for (Damage d : damages) {
            if (d.kind().losesEntries()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Entries the index lists that were not recovered, or -1 when nothing was lost to damaged frames
     * or the index's count is unknown.
     */
    public long entriesLost() {
        return lostEntries() && indexedEntries >= entryCount ? indexedEntries - entryCount : -1;
    }

    /**
     * The damage in one line: each place's description, then, when entries of damaged frames were lost,
     * how many were recovered and lost; null when there is no damage.
     */
    public String damage() {
        if (damages.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (Damage d : damages) {
            if (d.kind() != Damage.Kind.READ_STOPPED) {
                b.append(b.isEmpty() ? "" : "; ").append(d.description());
            }
        }
        if (lostEntries()) {
            b.append(b.isEmpty() ? "" : "; ").append(entryCount).append(" entries recovered");
            long lost = entriesLost();
            b.append(lost >= 0 ? ", " + lost + " of the " + indexedEntries + " the index lists lost"
                    : "; the entries of the damaged frames are lost (how many is unknown without the index)");
        }
        for (Damage d : damages) {
            if (d.kind() == Damage.Kind.READ_STOPPED) {
                b.append(b.isEmpty() ? "" : "; ").append(d.description());
            }
        }
        return b.toString();
    }
}
