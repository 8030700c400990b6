package io.procsnap.replay.model;

import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Performs one live read and turns its outcome into an entry with a status, the way the capture does:
 * ENOENT/ESRCH vanished, EACCES/EPERM denied, anything else error with the errno name. Blocking: the
 * timeouts are enforced by {@link ReadJobs}, which runs these reads on worker threads and abandons a
 * worker whose read hangs.
 */
final class LiveReader {

    /** What to read. {@code work} is only used by {@link Kind#CALL}. */
    record Op(Kind kind, Path file, String archivePath, Callable<byte[]> work) {
        static Op file(Path file, String archivePath) {
            return new Op(Kind.FILE, file, archivePath, null);
        }

        static Op symlink(Path file, String archivePath) {
            return new Op(Kind.SYMLINK, file, archivePath, null);
        }

        static Op directory(Path file, String archivePath) {
            return new Op(Kind.DIRECTORY, file, archivePath, null);
        }

        static Op list(Path file, String archivePath) {
            return new Op(Kind.LIST, file, archivePath, null);
        }

        static Op call(String archivePath, Callable<byte[]> work) {
            return new Op(Kind.CALL, null, archivePath, work);
        }

        EntryHeader header() {
            return switch (kind) {
                case FILE, CALL -> EntryHeader.file(archivePath);
                case SYMLINK -> new EntryHeader(archivePath, EntryType.SYMLINK, Status.OK, null, 0120777, -1, -1, 0, 0,
                        null);
                case DIRECTORY, LIST -> EntryHeader.directory(archivePath);
            };
        }
    }

    enum Kind { FILE, SYMLINK, DIRECTORY, LIST, CALL }

    /**
     * One outcome: the entry, its content (empty unless a file read succeeded or was truncated) and, for
     * {@link Kind#LIST}, the names found (null when the listing failed).
     */
    record Result(Entry entry, byte[] content, List<String> names) {
        Status status() {
            return entry.status();
        }
    }

    private final int readCap;
    private final long originNanos;

    LiveReader(int readCap, long originNanos) {
        this.readCap = readCap;
        this.originNanos = originNanos;
    }

    /** Runs the read on the calling thread (may block for as long as the kernel blocks). */
    Result execute(Op op) {
        long start = System.nanoTime();
        EntryHeader base = op.header();
        try {
            return switch (op.kind()) {
                case FILE -> {
                    byte[] bytes = readCapped(op.file());
                    boolean truncated = bytes.length > readCap;
                    EntryHeader h = truncated ? base.withStatus(Status.TRUNCATED, "cap " + readCap + " bytes") : base;
                    yield result(h, start, truncated ? Arrays.copyOf(bytes, readCap) : bytes, null);
                }
                case SYMLINK -> {
                    String target = Files.readSymbolicLink(op.file()).toString();
                    yield result(new EntryHeader(base.path(), base.type(), Status.OK, null, base.mode(), -1, -1, 0, 0,
                            target), start, new byte[0], null);
                }
                case DIRECTORY -> result(owned(base, op.file()), start, new byte[0], null);
                case LIST -> {
                    List<String> names = new ArrayList<>();
                    try (var stream = Files.newDirectoryStream(op.file())) {
                        stream.forEach(p -> names.add(p.getFileName().toString()));
                    }
                    yield result(owned(base, op.file()), start, new byte[0], names);
                }
                case CALL -> result(base, start, op.work().call(), null);
            };
        } catch (Exception e) {
            return result(failure(base, e), start, new byte[0], null);
        }
    }

    /** The result recorded for a read abandoned after {@code elapsed}. */
    Result timeout(Op op, long startNanos) {
        return result(op.header().withStatus(Status.TIMEOUT, null), startNanos, new byte[0], null);
    }

    /** A read not attempted, with the reason (circuit breaker, too many hung reads). */
    Result skipped(Op op, String reason) {
        long now = System.nanoTime();
        return result(op.header().withStatus(Status.SKIPPED, reason), now, new byte[0], null);
    }

    private static EntryHeader owned(EntryHeader base, Path dir) throws IOException {
        Map<String, Object> a = Files.readAttributes(dir, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        return base.withOwner((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"));
    }

    private Result result(EntryHeader h, long start, byte[] content, List<String> names) {
        long now = System.nanoTime();
        EntryHeader timed = h.withTiming(start - originNanos, now - start);
        return new Result(new Entry(timed, content.length, -1, -1), content, names);
    }

    /** Maps an I/O failure to a status and an errno name, as the capture does. */
    static EntryHeader failure(EntryHeader base, Throwable t) {
        if (t instanceof NoSuchFileException) {
            return base.withStatus(Status.VANISHED, "ENOENT");
        }
        if (t instanceof AccessDeniedException) {
            return base.withStatus(Status.DENIED, "EACCES");
        }
        String reason = t instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : t.getMessage();
        if (reason != null) {
            for (String[] known : KNOWN_ERRORS) {
                if (reason.contains(known[0])) {
                    return base.withStatus(Status.valueOf(known[1]), known[2]);
                }
            }
        }
        return base.withStatus(Status.ERROR, t.getClass().getSimpleName() + (reason == null ? "" : ": " + reason));
    }

    /** strerror text -> status and errno name. */
    private static final String[][] KNOWN_ERRORS = {
        {"No such process", "VANISHED", "ESRCH"},
        {"No such file or directory", "VANISHED", "ENOENT"},
        {"Permission denied", "DENIED", "EACCES"},
        {"Operation not permitted", "DENIED", "EPERM"},
        {"Input/output error", "ERROR", "EIO"},
        {"Transport endpoint is not connected", "ERROR", "ENOTCONN"},
        {"Stale file handle", "ERROR", "ESTALE"},
        {"Invalid argument", "ERROR", "EINVAL"},
    };

    /**
     * Reads until end of file (procfs sizes are 0), stopping one byte past the cap to detect truncation.
     * A plain FileInputStream: no channel, no cleaner, the fewest system calls the JDK offers.
     */
    private byte[] readCapped(Path file) throws IOException {
        try (InputStream in = new java.io.FileInputStream(file.toFile())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            byte[] buf = new byte[8192];
            int n;
            while (out.size() <= readCap && (n = in.read(buf, 0, Math.min(buf.length, readCap + 1 - out.size()))) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
