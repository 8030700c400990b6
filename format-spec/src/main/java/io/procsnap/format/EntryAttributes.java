package io.procsnap.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The extended attributes an entry's records become (SPEC.md "pax records"): an archive stores them as
 * {@code SCHILY.xattr.user.procsnap.<name>} pax records, {@code tar --xattrs} puts them on the extracted
 * files, and the replay mount shows the same names with the same values. Only what is not a default is
 * an attribute: no {@code status} means {@code ok}, no {@code start_us} means 0, and so on.
 */
public final class EntryAttributes {
    /** The namespace every name below lives in on files and directories. */
    public static final String NAMESPACE = "user.procsnap.";
    /** What the object was on the live machine, when the tar type does not say it: {@code symlink}. */
    public static final String TYPE = "type";
    /** How the read ended ({@link Status#label()}), when not {@code ok}. */
    public static final String STATUS = "status";
    /** Errno name, skip reason or size cap. */
    public static final String DETAIL = "detail";
    /** Which of {@code mode,uid,gid} the capture could not learn. */
    public static final String UNKNOWN = "unknown";
    /** When the read started: whole microseconds after capture start. */
    public static final String START_US = "start_us";
    /** How long the read took (a timeout: until abandoned), whole microseconds. */
    public static final String ELAPSED_US = "elapsed_us";

    private EntryAttributes() {
    }

    /**
     * The attributes of {@code h} as a writer stores them, full names ({@code user.procsnap.status}) in
     * the order the records are written: type, status, unknown, detail, start_us, elapsed_us. (A writer
     * cuts a detail at 1024 bytes, so a header read from an archive gives what the archive holds; an
     * entry stored as a symlink has the same attributes in the {@code trusted.procsnap.} namespace.)
     */
    public static Map<String, String> of(EntryHeader h) {
        Map<String, String> a = new LinkedHashMap<>();
        if (h.type() == EntryType.SYMLINK && (h.status() != Status.OK || h.linkTarget() == null)) {
            a.put(NAMESPACE + TYPE, "symlink"); // stored as an empty file: the tar type says file
        }
        if (h.status() != Status.OK) {
            a.put(NAMESPACE + STATUS, h.status().label());
        }
        String unknown = (h.mode() < 0 ? ",mode" : "") + (h.uid() < 0 ? ",uid" : "") + (h.gid() < 0 ? ",gid" : "");
        if (!unknown.isEmpty()) {
            a.put(NAMESPACE + UNKNOWN, unknown.substring(1));
        }
        if (h.detail() != null) {
            a.put(NAMESPACE + DETAIL, h.detail());
        }
        if (micros(h.startNanos()) != 0) {
            a.put(NAMESPACE + START_US, Long.toString(micros(h.startNanos())));
        }
        if (micros(h.elapsedNanos()) != 0) {
            a.put(NAMESPACE + ELAPSED_US, Long.toString(micros(h.elapsedNanos())));
        }
        return a;
    }

    /** Nanoseconds as the archive stores them: whole microseconds, truncated toward zero. */
    public static long micros(long nanos) {
        return nanos / 1000;
    }
}
