package io.procsnap.replay.model;

import io.procsnap.format.layout.StatfsRecord;

/**
 * One {@code statfs/<k>} entry. Mount point and type come from the statfs text, or from mountinfo line
 * {@code k} when the statfs did not complete.
 *
 * @param line       the {@code k}: 0-based line in {@code proc/self/mountinfo}
 * @param mountPoint mount point, or {@code "?"} when unknown
 * @param fstype     filesystem type, or {@code "?"}
 */
public record FsUsage(int line, String mountPoint, String fstype, Sourced<StatfsRecord> statfs) {

    /** used / (used + avail) as df shows it, NaN when unknown. */
    public double usedFraction() {
        return statfs.present() ? statfs.value().usedFraction() : Double.NaN;
    }

    /** The statfs call hung during capture. */
    public boolean hung() {
        return statfs.source().captured() && statfs.source().status() == io.procsnap.format.Status.TIMEOUT;
    }
}
