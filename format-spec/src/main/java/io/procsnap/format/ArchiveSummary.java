package io.procsnap.format;

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
 * @param damage           one-line description of the damage found (each damaged frame with its offset,
 *                         where reading resumed, entries recovered and lost), or null when none
 */
public record ArchiveSummary(ArchiveState state, long entryCount, Map<Status, Long> countsByStatus,
                             long durationNanos, int framesTotal, int framesUsable, long bytesRecovered,
                             long fileSize, String damage) {
    public ArchiveSummary {
        countsByStatus = Map.copyOf(countsByStatus);
    }
}
