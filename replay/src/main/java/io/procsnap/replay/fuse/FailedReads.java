package io.procsnap.replay.fuse;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.Status;
import io.procsnap.format.layout.Errno;

/**
 * How an entry that was not captured cleanly answers a read: the errno number of the name the archive
 * holds, from the format's {@link Errno} table.
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
final class FailedReads {
    private FailedReads() {
    }

    /** The errno for a name such as {@code "EACCES"}, or -1 when the table does not know it. */
    static int byName(String name) {
        Errno e = Errno.ofName(name);
        return e == null ? -1 : e.number();
    }

    /** 0 when the entry's content can be served, else the positive errno its open/readlink/readdir returns. */
    static int errnoOf(EntryHeader header) {
        if (header == null) {
            return 0;
        }
        return switch (header.status()) {
            case OK, TRUNCATED -> 0;
            case TIMEOUT -> Errno.EIO.number();
            case DENIED -> orElse(header.detail(), Errno.EACCES, Errno.EACCES, Errno.EPERM);
            case VANISHED -> orElse(header.detail(), Errno.ENOENT, Errno.ENOENT, Errno.ESRCH);
            case ERROR -> {
                int e = byName(header.detail());
                yield e > 0 ? e : Errno.EIO.number();
            }
            case SKIPPED -> Errno.ENODATA.number();
        };
    }

    private static int orElse(String detail, Errno fallback, Errno... allowed) {
        Errno e = Errno.ofName(detail);
        for (Errno a : allowed) {
            if (a == e) {
                return e.number();
            }
        }
        return fallback.number();
    }
}
