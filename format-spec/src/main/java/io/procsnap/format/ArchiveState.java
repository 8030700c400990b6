package io.procsnap.format;

/** How much of an archive could be trusted when it was opened. */
public enum ArchiveState {
    /** Seek table and index present and consistent. */
    COMPLETE,
    /** Capture was cut off (killed, disk full): no index; entries come from the complete frames. */
    CUT_OFF,
    /**
     * Damaged: seek table or index unreadable, or frames that fail to decompress or their checksum;
     * entries recovered by a sequential scan that resumes after damaged frames (SPEC.md "Damage").
     */
    SALVAGED
}
