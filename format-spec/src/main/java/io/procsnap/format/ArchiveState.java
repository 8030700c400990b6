package io.procsnap.format;

/** How much of an archive could be trusted when it was opened. */
public enum ArchiveState {
    /** Seek table and index present and consistent. */
    COMPLETE,
    /** Capture was cut off (killed, disk full): no index; entries come from the complete frames. */
    CUT_OFF,
    /** Tail present but damaged (seek table or index unreadable); entries recovered by a sequential scan. */
    SALVAGED
}
