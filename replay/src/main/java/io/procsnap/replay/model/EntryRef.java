package io.procsnap.replay.model;

import io.procsnap.format.Status;

import java.util.Locale;

/**
 * Where a model value came from: the archive path (the evidence a finding cites) and how its read
 * ended. {@link #captured()} is false when the snapshot has no entry at that path at all.
 *
 * @param path         archive path, live path without the leading slash ({@code proc/306/stat})
 * @param captured     the snapshot holds an entry at this path
 * @param status       how the read ended; {@link Status#SKIPPED} when not captured
 * @param detail       errno name or reason from the entry header, or null
 * @param elapsedNanos how long the read took (for a timeout: until abandoned), -1 when unknown
 */
public record EntryRef(String path, boolean captured, Status status, String detail, long elapsedNanos) {

    /** A reference to an entry that is not in the snapshot. */
    public static EntryRef missing(String path) {
        return new EntryRef(path, false, Status.SKIPPED, "not captured", -1);
    }

    public static EntryRef ok(String path) {
        return new EntryRef(path, true, Status.OK, null, -1);
    }

    /** Captured and read completely (TRUNCATED content is still usable but not {@code ok}). */
    public boolean ok() {
        return captured && status == Status.OK;
    }

    /** Content is usable: read completely or truncated at a cap. */
    public boolean usable() {
        return captured && (status == Status.OK || status == Status.TRUNCATED);
    }

    /**
     * One phrase for "not evaluated" messages: {@code proc/26936/stat timed out after 2.0 s},
     * {@code proc/26936/stat denied (EACCES)}, {@code proc/26936/stat not captured}; {@code proc/1/stat ok}.
     */
    public String describe() {
        if (!captured) {
            return path + " not captured";
        }
        String what = switch (status) {
            case OK -> "ok";
            case TIMEOUT -> "timed out" + (elapsedNanos > 0
                    ? String.format(Locale.ROOT, " after %.1f s", elapsedNanos / 1e9) : "");
            case DENIED -> "denied";
            case VANISHED -> "vanished";
            case ERROR -> "failed";
            case TRUNCATED -> "truncated";
            case SKIPPED -> "skipped";
        };
        return path + " " + what + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
