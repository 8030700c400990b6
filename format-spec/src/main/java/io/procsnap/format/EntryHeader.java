package io.procsnap.format;

import java.util.Objects;

/**
 * Everything an archive records about one entry besides its content.
 *
 * @param path         archive path: the live path without the leading slash ({@code proc/306/task/311/wchan}),
 *                     {@code cmd/<name>/stdout} for command output, {@code samples/<k>/proc/...} for repeated
 *                     samples. Never absolute, never contains {@code ..} or empty segments.
 * @param type         what the object was on the live machine (a failed readlink is still a {@link EntryType#SYMLINK})
 * @param status       how the read ended
 * @param detail       errno name for {@link Status#ERROR}/{@link Status#DENIED}/{@link Status#VANISHED},
 *                     reason for {@link Status#SKIPPED}, cap for {@link Status#TRUNCATED}; {@code null} when none
 * @param mode         original permission bits and type bits as {@code st_mode}, or -1 when unknown
 * @param uid          original numeric owner, or -1 when unknown
 * @param gid          original numeric group, or -1 when unknown
 * @param startNanos   when the read started, nanoseconds since capture start
 * @param elapsedNanos how long the read took (for a timeout: until it was abandoned)
 * @param linkTarget   readlink text for a {@link EntryType#SYMLINK} read with {@link Status#OK}, else {@code null}
 */
public record EntryHeader(String path, EntryType type, Status status, String detail, int mode, long uid, long gid,
                          long startNanos, long elapsedNanos, String linkTarget) {

    public EntryHeader {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
    }

    /** A regular file read with status OK and unknown ownership; use the withers to fill in the rest. */
    public static EntryHeader file(String path) {
        return new EntryHeader(path, EntryType.FILE, Status.OK, null, -1, -1, -1, 0, 0, null);
    }

    public static EntryHeader directory(String path) {
        return new EntryHeader(path, EntryType.DIRECTORY, Status.OK, null, -1, -1, -1, 0, 0, null);
    }

    public static EntryHeader symlink(String path, String target) {
        return new EntryHeader(path, EntryType.SYMLINK, Status.OK, null, -1, -1, -1, 0, 0, target);
    }

    /**
     * An {@code exe}, {@code cwd} or {@code root} link of {@code proc/PID} (or of a task) recorded as
     * {@code error ENOENT}: the live process had no such link, as kernel threads and zombies do not
     * (a link whose process went away is {@code vanished}; SPEC.md, "Links a live process does not
     * have"). The machine's complete answer, not a gap in the capture.
     */
    public boolean isAbsentProcessLink() {
        if (status != Status.ERROR || type != EntryType.SYMLINK || !"ENOENT".equals(detail) || !path.startsWith("proc/")) {
            return false;
        }
        return isProcessLinkName(path.substring(path.lastIndexOf('/') + 1));
    }

    /**
     * True for {@code exe}, {@code cwd} and {@code root}: the links of a process (or task) directory that
     * kernel threads and zombies do not have while they live. The one place that names them, for the
     * capture (which tells them from vanished links) and for whoever counts gaps.
     */
    public static boolean isProcessLinkName(String name) {
        return name.equals("exe") || name.equals("cwd") || name.equals("root");
    }

    public EntryHeader withStatus(Status newStatus, String newDetail) {
        return new EntryHeader(path, type, newStatus, newDetail, mode, uid, gid, startNanos, elapsedNanos,
                newStatus == Status.OK ? linkTarget : null);
    }

    public EntryHeader withOwner(int newMode, long newUid, long newGid) {
        return new EntryHeader(path, type, status, detail, newMode, newUid, newGid, startNanos, elapsedNanos, linkTarget);
    }

    public EntryHeader withTiming(long newStartNanos, long newElapsedNanos) {
        return new EntryHeader(path, type, status, detail, mode, uid, gid, newStartNanos, newElapsedNanos, linkTarget);
    }
}
