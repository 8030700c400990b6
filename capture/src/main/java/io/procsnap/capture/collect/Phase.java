package io.procsnap.capture.collect;

/**
 * The capture's passes, in the order that gives the most consistent picture: one fast pass over
 * every thread's stat and wchan and the SysV tables, then the details, then system files,
 * filesystems, commands, and last the repeated samples.
 */
public enum Phase {
    FAST,
    DETAILS,
    SYSTEM,
    FILESYSTEMS,
    COMMANDS,
    SAMPLE,
    /**
     * The default capture's one re-sample (sample 1) of the threads that looked blocked in the fast
     * pass ({@link Inventory#blocked()}), about a second later: what {@code stuck-threads} compares.
     */
    RESAMPLE
}
