package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Does the I/O for one item on the calling reader thread and says what it produced. Plain syscalls:
 * open + read to EOF + close for files (procfs reports size 0, so no fstat and no size guess),
 * readlink for links, getdents for listings, lstat for ownership. Never throws for a failed read: a
 * failure is a status.
 */
final class ItemExecutor {
    /** Chunk per read(2): FileInputStream copies through a stack buffer up to this size, malloc above. */
    private static final int CHUNK = 8192;

    /** One entry to write. */
    record Produced(EntryHeader header, byte[] content) { }

    /** What an item produced and how it ended. */
    record Result(List<Produced> entries, Outcome outcome) { }

    private final long t0;
    private final int maxFileBytes;
    private final CommandRunner commands;
    private final String statProgram;

    ItemExecutor(long t0, int maxFileBytes, CommandRunner commands) {
        this.t0 = t0;
        this.maxFileBytes = maxFileBytes;
        this.commands = commands;
        this.statProgram = commands.which("stat");
    }

    Result execute(WorkItem item, ReadBuffer buffer) {
        switch (item.kind()) {
            case READ_FILE:
                return readFile(item, buffer);
            case READLINK:
                return readLink(item);
            case LIST_DIR:
                return listDir(item);
            case OWNER:
                return owner(item);
            case STATFS:
                return StatfsReader.statfs(item, commands, statProgram, t0);
            case COMMAND:
                return command(item);
            default:
                throw new IllegalStateException("unknown kind " + item.kind());
        }
    }

    private Result readFile(WorkItem item, ReadBuffer buffer) {
        long start = System.nanoTime();
        int n = 0;
        boolean truncated = false;
        try (FileInputStream in = new FileInputStream(item.source())) {
            while (true) {
                byte[] b = buffer.bytes;
                if (n == b.length && !buffer.grow(maxFileBytes)) {
                    truncated = in.read() >= 0;
                    break;
                }
                b = buffer.bytes;
                int r = in.read(b, n, Math.min(CHUNK, b.length - n));
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            return failed(item, EntryType.FILE, start, e);
        }
        long end = System.nanoTime();
        byte[] content = Arrays.copyOf(buffer.bytes, n);
        buffer.shrink();
        EntryHeader h = EntryHeader.file(item.path()).withTiming(start - t0, end - start);
        if (truncated) {
            h = h.withStatus(Status.TRUNCATED, "cap " + maxFileBytes + " bytes");
        }
        return new Result(List.of(new Produced(h, content)),
                new Outcome(item, h.status(), null, item.keepContent() ? content : null));
    }

    private Result readLink(WorkItem item) {
        long start = System.nanoTime();
        String target;
        try {
            target = Files.readSymbolicLink(Paths.get(item.source())).toString();
        } catch (IOException e) {
            return failed(item, EntryType.SYMLINK, start, e);
        } catch (UnsupportedOperationException | SecurityException e) {
            return failed(item, EntryType.SYMLINK, start, new IOException(e.toString()));
        }
        EntryHeader h = EntryHeader.symlink(item.path(), target).withTiming(start - t0, System.nanoTime() - start);
        return single(item, h, null);
    }

    private Result listDir(WorkItem item) {
        long start = System.nanoTime();
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Paths.get(item.source()))) {
            for (Path p : dir) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            return failed(item, EntryType.DIRECTORY, start, e);
        } catch (java.nio.file.DirectoryIteratorException e) {
            return failed(item, EntryType.DIRECTORY, start, e.getCause());
        }
        EntryHeader h = EntryHeader.directory(item.path()).withTiming(start - t0, System.nanoTime() - start);
        return new Result(List.of(new Produced(h, null)), new Outcome(item, Status.OK, names, null));
    }

    private Result owner(WorkItem item) {
        long start = System.nanoTime();
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(Paths.get(item.source()), "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return failed(item, EntryType.DIRECTORY, start, e);
        }
        EntryHeader h = EntryHeader.directory(item.path())
                .withOwner((Integer) attrs.get("mode"), ((Integer) attrs.get("uid")) & 0xffffffffL,
                        ((Integer) attrs.get("gid")) & 0xffffffffL)
                .withTiming(start - t0, System.nanoTime() - start);
        return single(item, h, null);
    }

    private Result command(WorkItem item) {
        long start = System.nanoTime();
        CommandRunner.Result r = commands.run(item.args(), item.timeoutNanos());
        long elapsed = System.nanoTime() - start;
        List<Produced> out = new ArrayList<>(3);
        Status status = r.timedOut() ? Status.TIMEOUT : Status.OK;
        if (r.found() && r.startError() == null) {
            out.add(stream(item.path() + "/stdout", r.stdout(), r.stdoutTruncated(), start, elapsed));
            out.add(stream(item.path() + "/stderr", r.stderr(), r.stderrTruncated(), start, elapsed));
        }
        String detail = null;
        if (r.timedOut()) {
            detail = r.leftBehind() ? "timed out; left behind (did not exit after SIGKILL)"
                    : r.killed() ? "timed out; killed (SIGKILL)" : "timed out; terminated (SIGTERM)";
        } else if (!r.found()) {
            detail = "absent: " + item.args().get(0) + " not found on PATH";
        } else if (r.startError() != null) {
            status = Status.ERROR;
            detail = r.startError();
        }
        EntryHeader h = new EntryHeader(item.path() + "/status", EntryType.FILE, status, detail, -1, -1, -1,
                start - t0, elapsed, null);
        out.add(new Produced(h, r.statusJson().getBytes(StandardCharsets.UTF_8)));
        return new Result(out, new Outcome(item, status, null, null));
    }

    private Produced stream(String path, byte[] content, boolean truncated, long start, long elapsed) {
        EntryHeader h = EntryHeader.file(path).withTiming(start - t0, elapsed);
        if (truncated) {
            h = h.withStatus(Status.TRUNCATED, "cap " + content.length + " bytes");
        }
        return new Produced(h, content);
    }

    private Result single(WorkItem item, EntryHeader h, byte[] content) {
        return new Result(List.of(new Produced(h, content)), new Outcome(item, h.status(), null, null));
    }

    private Result failed(WorkItem item, EntryType type, long start, IOException e) {
        Errno.Failure f = Errno.classify(e);
        Status status = f.status();
        if (status == Status.VANISHED && type == EntryType.SYMLINK && ownerStillExists(item.source())) {
            // readlink of a kernel thread's or zombie's exe fails with ENOENT while the process is alive:
            // that is an answer of the live machine, not a process that went away.
            status = Status.ERROR;
        }
        EntryHeader h = new EntryHeader(item.path(), type, status, f.name(), -1, -1, -1, start - t0,
                System.nanoTime() - start, null);
        return single(item, h, null);
    }

    /**
     * True when {@code source} is the {@code exe}, {@code cwd} or {@code root} link of a
     * {@code /proc/PID} (or {@code /proc/PID/task/TID}) directory that still exists: a kernel thread's or
     * zombie's link cannot be read (ENOENT) while the process is there. Only the directory is stat()ed,
     * never the link's target. An {@code fd/N} that is gone was closed: that one did vanish.
     */
    static boolean ownerStillExists(String source) {
        int slash = source.lastIndexOf('/');
        if (slash <= 0) {
            return false;
        }
        String name = source.substring(slash + 1);
        if (!name.equals("exe") && !name.equals("cwd") && !name.equals("root")) {
            return false;
        }
        return Files.isDirectory(Paths.get(source.substring(0, slash)), LinkOption.NOFOLLOW_LINKS);
    }
}
