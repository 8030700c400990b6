package io.procsnap.format;

import java.util.Locale;

/**
 * How the read behind one entry ended. Stored in the entry's own pax record
 * {@code SCHILY.xattr.user.procsnap.status} (absent for {@link #OK}; {@code PROCSNAP.status} in format
 * 1.0), so every entry describes itself even when the index is lost.
 */
public enum Status {
    /** Read completely. */
    OK,
    /** The read did not finish within its timeout; the reading thread was abandoned. */
    TIMEOUT,
    /** EACCES or EPERM. */
    DENIED,
    /** ENOENT or ESRCH: the process, thread or file went away during capture. */
    VANISHED,
    /** Any other failure; {@link EntryHeader#detail()} holds the errno name (EIO, ENOSPC, ...). */
    ERROR,
    /** Content was cut at a size cap; the stored bytes are the first part. */
    TRUNCATED,
    /** Not attempted; {@link EntryHeader#detail()} holds the reason (for example a circuit breaker). */
    SKIPPED;

    private static final Status[] VALUES = values();
    /** Made once: a 1.0 archive's every entry has its status record (ok), looked up here. */
    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case word stored in archives: {@code ok}, {@code timeout}, ... */
    public String label() {
        return label;
    }

    /** Parses a stored label; unknown words map to {@link #ERROR} so a newer archive still reads. */
    public static Status fromLabel(String label) {
        for (Status s : VALUES) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        return ERROR;
    }
}
