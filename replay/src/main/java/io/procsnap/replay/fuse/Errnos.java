package io.procsnap.replay.fuse;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.Status;
import java.util.Map;

/**
 * Linux errno values (x86_64 and aarch64 share them) and how an entry that was not captured cleanly
 * answers a read.
 *
 * <h2>What a failed entry answers</h2>
 * The lookup always succeeds (so {@code ls -l} lists the name and {@code getfattr} can explain it);
 * the open, readlink or readdir fails the way the live machine failed:
 * <ul>
 * <li>{@link Status#TIMEOUT}: {@code EIO}. The live read never returned (a task stuck in the kernel).
 *     Replay must not hang the tool, and the answer must not invite a retry: {@code EINTR} and
 *     {@code EAGAIN} make tools loop, {@code ETIMEDOUT} prints "Connection timed out", which points at
 *     the network. {@code EIO} ("Input/output error") is what every tool treats as a hard, final failure
 *     of that one file (ps leaves the field empty or skips the process), and the
 *     {@code user.procsnap.status} attribute says it was a timeout.</li>
 * <li>{@link Status#DENIED}: the captured errno ({@code EACCES} or {@code EPERM}), {@code EACCES} if none.</li>
 * <li>{@link Status#VANISHED}: the captured errno ({@code ENOENT} or {@code ESRCH}), {@code ENOENT} if none.</li>
 * <li>{@link Status#ERROR}: the captured errno by name, {@code EIO} when the name is unknown.</li>
 * <li>{@link Status#SKIPPED}: {@code ENODATA}: the capture chose not to read it (the reason is in
 *     {@code user.procsnap.detail}); distinct from a read that was tried and hung.</li>
 * <li>{@link Status#TRUNCATED}: not an error: the stored first part is served.</li>
 * </ul>
 */
public final class Errnos {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ENODATA = 61;

    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("EPERM", EPERM), Map.entry("ENOENT", ENOENT), Map.entry("ESRCH", ESRCH),
            Map.entry("EINTR", 4), Map.entry("EIO", EIO), Map.entry("ENXIO", 6), Map.entry("E2BIG", E2BIG),
            Map.entry("EBADF", EBADF), Map.entry("EAGAIN", 11), Map.entry("ENOMEM", ENOMEM),
            Map.entry("EACCES", EACCES), Map.entry("EFAULT", 14), Map.entry("EBUSY", 16),
            Map.entry("ENODEV", 19), Map.entry("ENOTDIR", ENOTDIR), Map.entry("EISDIR", EISDIR),
            Map.entry("EINVAL", EINVAL), Map.entry("ENFILE", 23), Map.entry("EMFILE", 24),
            Map.entry("EFBIG", 27), Map.entry("ENOSPC", 28), Map.entry("EROFS", EROFS),
            Map.entry("ERANGE", ERANGE), Map.entry("EDEADLK", 35), Map.entry("ENAMETOOLONG", 36),
            Map.entry("ENOSYS", ENOSYS), Map.entry("ELOOP", 40), Map.entry("ENODATA", ENODATA),
            Map.entry("EOVERFLOW", 75), Map.entry("EOPNOTSUPP", 95), Map.entry("ENOTCONN", 107),
            Map.entry("ETIMEDOUT", 110), Map.entry("ESTALE", 116));

    private Errnos() {
    }

    /** The errno for a name such as {@code "EACCES"}, or -1 when unknown. */
    public static int byName(String name) {
        if (name == null) {
            return -1;
        }
        Integer v = BY_NAME.get(name.trim());
        return v == null ? -1 : v;
    }

    /** 0 when the entry's content can be served, else the positive errno its open/readlink/readdir returns. */
    public static int forFailedRead(EntryHeader header) {
        if (header == null) {
            return 0;
        }
        return switch (header.status()) {
            case OK, TRUNCATED -> 0;
            case TIMEOUT -> EIO;
            case DENIED -> orElse(header.detail(), EACCES, EACCES, EPERM);
            case VANISHED -> orElse(header.detail(), ENOENT, ENOENT, ESRCH);
            case ERROR -> {
                int e = byName(header.detail());
                yield e > 0 ? e : EIO;
            }
            case SKIPPED -> ENODATA;
        };
    }

    private static int orElse(String detail, int fallback, int... allowed) {
        int e = byName(detail);
        for (int a : allowed) {
            if (a == e) {
                return e;
            }
        }
        return fallback;
    }
}
