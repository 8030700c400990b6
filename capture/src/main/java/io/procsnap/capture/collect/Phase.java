package io.procsnap.capture.collect;

/**
 * The capture's passes, in the order that gives the most consistent picture: one fast pass over
 * every thread's stat and wchan and the SysV tables, then the details, then system files,
 * filesystems, commands; the default re-sample runs beside the passes after the fast one (each thread
 * one interval after its own first sample), {@code --samples N} after the last pass.
 */
public enum Phase {
    /**
     * The pids, the SysV tables, each process's owner, stat, wchan and task listing; with the re-sample
     * watched, the threads' stat and wchan of a process whose own stat or wchan looked blocked right after
     * its task listing, ahead of the next processes' rows.
     */
    FAST,
    /**
     * Each other thread's stat and wchan, in pid order (first those of the processes whose own stat or
     * wchan looked blocked, should any be left).
     */
    FAST_THREADS,
    /**
     * The rest of the fast pass, once every thread's stat and wchan is read: each thread directory's
     * ownership. Apart so that the threads that look blocked are all known early ({@link #RESAMPLE}).
     */
    FAST_OWNERSHIP,
    DETAILS,
    SYSTEM,
    FILESYSTEMS,
    COMMANDS,
    SAMPLE,
    /**
     * The default capture's one re-sample (sample 1) of the threads that looked blocked in the fast
     * pass ({@link Inventory#blocked()}), each about a second after its own first sample, in batches
     * that run while the later passes do: what {@code stuck-threads} compares.
     */
    RESAMPLE
}
