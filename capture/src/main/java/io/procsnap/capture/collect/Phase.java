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
    SAMPLE
}
