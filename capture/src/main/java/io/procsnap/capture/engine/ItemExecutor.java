package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.ArchivePath.Stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Does the I/O for one item on the calling reader thread and says what it produced. Plain syscalls:
 * open + read to EOF + close for files (procfs reports size 0, so no fstat and no size guess),
 * readlink for links, getdents for listings, lstat for ownership. They go through {@link NativeIo}
 * (one JNI call each) when the bundle's library is loaded, else through NIO (the plain jar on any Java
 * 17+): a {@link FileChannel} into the reader's direct buffer (unlike FileInputStream and
 * RandomAccessFile, whose open adds an fstat, it makes just these syscalls, and the content is copied
 * once). Both record the same entries. Never throws for a failed read: a failure is a status.
 */
final class ItemExecutor {
    /** Files are opened for reading only (a constant set: no option set built per file). */
    private static final Set<StandardOpenOption> READ = Set.of(StandardOpenOption.READ);

    private final long t0;
    private final int maxFileBytes;
    private final CommandRunner commands;
    /**
     * {@code stat -f} per mount runs without the priority wrapper (nice, ionice): it is tiny, and it
     * already inherits the capture's own lowered priority; the wrapper's two extra execs per mount
     * were most of its cost (about 6 to 3 ms per mount), which adds up on hosts with hundreds of mounts.
     */
    private final CommandRunner statfsRunner;
    private final String statProgram;
    /** statfs through the bundle's helper program, when it names one ({@link StatfsHelper}). */
    private final StatfsHelper statfsHelper;
    /** Whether files, links, listings and ownership are read through {@link NativeIo} rather than NIO. */
    private final boolean nativeIo;
    /** The reads done by disposable reader children ({@link Kind#inChild()}): started on the first such item. */
    private final ChildReads childReads;

    ItemExecutor(long t0, int maxFileBytes, CommandRunner commands) {
        this(t0, maxFileBytes, commands, NativeIo.available(), System.getProperty(StatfsHelper.PROPERTY, ""));
    }

    ItemExecutor(long t0, int maxFileBytes, CommandRunner commands, boolean nativeIo) {
        this(t0, maxFileBytes, commands, nativeIo, System.getProperty(StatfsHelper.PROPERTY, ""));
    }

    /** @param statfsHelper the statfs helper program, or empty for {@code stat -f} per mount */
    ItemExecutor(long t0, int maxFileBytes, CommandRunner commands, boolean nativeIo, String statfsHelper) {
        if (nativeIo && !NativeIo.available()) {
            throw new IllegalStateException("native reader not loaded: " + NativeIo.problem());
        }
        this.nativeIo = nativeIo;
        this.t0 = t0;
        this.maxFileBytes = maxFileBytes;
        this.commands = commands;
        this.statfsRunner = commands.withoutWrapper();
        this.statProgram = commands.which("stat");
        this.statfsHelper = new StatfsHelper(statfsHelper, commands.graceNanos(),
                (program, pid) -> commands.recordChild(pid, program));
        this.childReads = new ChildReads(t0, maxFileBytes, (program, pid) -> commands.recordChild(pid, program));
    }

    /** The reader children killed after a read that hung: their pids. */
    List<Long> killedChildren() {
        return childReads.killed();
    }

    /** Ends the idle reader children. */
    void closeChildren() {
        childReads.close();
    }

    /** Ends the statfs helper processes (idle once the filesystems have been read). */
    void close() {
        statfsHelper.close();
    }


    /** Runs the item, adds the entries it produced to {@code out} and says how it ended. */
    Outcome execute(WorkItem item, ReadBuffer buffer, EntryChunk out) {
        switch (item.kind()) {
            case READ_FILE:
                return readFile(item, buffer, out);
            case READLINK:
                return readLink(item, buffer, out);
            case LIST_DIR:
                return listDir(item, buffer, out);
            case OWNER:
                return owner(item, buffer, out);
            case STATFS:
                return StatfsReader.statfs(item, statfsHelper, statfsRunner, statProgram, t0, out);
            case COMMAND:
                return command(item, out);
            case CHILD_READ_FILE:
            case CHILD_OWNER:
            case CHILD_LIST_DIR:
            case CHILD_LIST_LINKS:
                return childReads.execute(item, out);
            default:
                throw new IllegalStateException("unknown kind " + item.kind());
        }
    }

    private Outcome readFile(WorkItem item, ReadBuffer buffer, EntryChunk out) {
        long start = System.nanoTime();
        byte[] content;
        try {
            if (nativeIo) {
                content = NativeIo.read0(NativeIo.pathBytes(item.source()), maxFileBytes, buffer.status);
                if (content == null) {
                    return failed(item, EntryType.FILE, start, buffer.status[0], out);
                }
            } else {
                content = readNio(item.source(), buffer);
            }
        } catch (IOException e) {
            return failed(item, EntryType.FILE, start, e, out);
        }
        long end = System.nanoTime();
        boolean truncated = buffer.status[1] != 0;
        Status status = truncated ? Status.TRUNCATED : Status.OK;
        // one header, built with its final status and rounded times (no withers, no re-rounding later)
        out.add(new EntryHeader(item.path(), EntryType.FILE, status, truncated ? "cap " + maxFileBytes + " bytes" : null,
                -1, -1, -1, EntryWriter.start(start - t0), EntryWriter.elapsed(end - start), null), content);
        return new Outcome(item, status, null, item.keepContent() ? content : null);
    }

    /** The file through a {@link FileChannel} into the reader's direct buffer; sets {@code buffer.status[1]} as read0 does. */
    private byte[] readNio(String source, ReadBuffer buffer) throws IOException {
        boolean truncated = false;
        ByteBuffer b = buffer.cleared();
        if (b.capacity() > maxFileBytes) {
            b.limit(maxFileBytes); // a cap below the buffer's size
        }
        try (FileChannel in = FileChannel.open(Paths.get(source), READ)) {
            while (true) {
                if (!b.hasRemaining()) {
                    if (b.position() >= maxFileBytes || !buffer.grow(maxFileBytes)) {
                        ByteBuffer probe = buffer.probe;
                        probe.clear();
                        truncated = in.read(probe) > 0;
                        break;
                    }
                    b = buffer.bytes;
                }
                if (in.read(b) < 0) {
                    break;
                }
            }
        } catch (InvalidPathException e) {
            // what FileInputStream said for a path the platform cannot represent
            throw new IOException("Invalid file path");
        }
        byte[] content = new byte[b.position()];
        b.flip();
        b.get(content);
        buffer.shrink();
        buffer.status[1] = truncated ? 1 : 0;
        return content;
    }

    private Outcome readLink(WorkItem item, ReadBuffer buffer, EntryChunk out) {
        long start = System.nanoTime();
        String target;
        try {
            if (nativeIo) {
                byte[] bytes = NativeIo.readLink0(NativeIo.pathBytes(item.source()), buffer.status);
                if (bytes == null) {
                    return failed(item, EntryType.SYMLINK, start, buffer.status[0], out);
                }
                target = NativeIo.fileName(bytes);
            } else {
                target = Files.readSymbolicLink(Paths.get(item.source())).toString();
            }
        } catch (IOException e) {
            return failed(item, EntryType.SYMLINK, start, e, out);
        } catch (UnsupportedOperationException | SecurityException e) {
            return failed(item, EntryType.SYMLINK, start, new IOException(e.toString()), out);
        }
        EntryHeader h = new EntryHeader(item.path(), EntryType.SYMLINK, Status.OK, null, -1, -1, -1,
                EntryWriter.start(start - t0), EntryWriter.elapsed(System.nanoTime() - start), target);
        return single(item, h, out);
    }

    private Outcome listDir(WorkItem item, ReadBuffer buffer, EntryChunk out) {
        long start = System.nanoTime();
        List<String> names = new ArrayList<>();
        try {
            if (nativeIo) {
                byte[] list = NativeIo.list0(NativeIo.pathBytes(item.source()), buffer.status);
                if (list == null) {
                    return failed(item, EntryType.DIRECTORY, start, buffer.status[0], out);
                }
                NativeIo.names(list, names);
            } else {
                listNio(item.source(), names);
            }
        } catch (IOException e) {
            return failed(item, EntryType.DIRECTORY, start, e, out);
        }
        out.add(new EntryHeader(item.path(), EntryType.DIRECTORY, Status.OK, null, -1, -1, -1, EntryWriter.start(start - t0),
                EntryWriter.elapsed(System.nanoTime() - start), null), null);
        return new Outcome(item, Status.OK, names, null);
    }

    private static void listNio(String source, List<String> names) throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Paths.get(source))) {
            for (Path p : dir) {
                names.add(p.getFileName().toString());
            }
        } catch (java.nio.file.DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private Outcome owner(WorkItem item, ReadBuffer buffer, EntryChunk out) {
        long start = System.nanoTime();
        int mode;
        long uid;
        long gid;
        try {
            if (nativeIo) {
                int[] st = buffer.status;
                if (NativeIo.lstat0(NativeIo.pathBytes(item.source()), st) != 0) {
                    return failed(item, EntryType.DIRECTORY, start, st[0], out);
                }
                mode = st[1];
                uid = st[2] & 0xffffffffL;
                gid = st[3] & 0xffffffffL;
            } else {
                Map<String, Object> attrs = Files.readAttributes(Paths.get(item.source()), "unix:mode,uid,gid",
                        LinkOption.NOFOLLOW_LINKS);
                mode = (Integer) attrs.get("mode");
                uid = ((Integer) attrs.get("uid")) & 0xffffffffL;
                gid = ((Integer) attrs.get("gid")) & 0xffffffffL;
            }
        } catch (IOException e) {
            return failed(item, EntryType.DIRECTORY, start, e, out);
        }
        EntryHeader h = new EntryHeader(item.path(), EntryType.DIRECTORY, Status.OK, null, mode, uid, gid,
                EntryWriter.start(start - t0), EntryWriter.elapsed(System.nanoTime() - start), null);
        return single(item, h, out);
    }

    private Outcome command(WorkItem item, EntryChunk out) {
        long start = System.nanoTime();
        CommandRunner.Result r = commands.run(item.args(), item.timeoutNanos());
        long elapsed = System.nanoTime() - start;
        Status status = r.timedOut() ? Status.TIMEOUT : Status.OK;
        if (r.found() && r.startError() == null) {
            stream(ArchivePath.commandStream(item.path(), Stream.STDOUT), r.stdout(), r.stdoutTruncated(), start, elapsed,
                    out);
            stream(ArchivePath.commandStream(item.path(), Stream.STDERR), r.stderr(), r.stderrTruncated(), start, elapsed,
                    out);
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
        EntryHeader h = new EntryHeader(Engine.entryPath(item), EntryType.FILE, status, detail, -1, -1, -1,
                start - t0, elapsed, null);
        out.add(h, r.status().toBytes());
        return new Outcome(item, status, null, null);
    }

    private void stream(String path, byte[] content, boolean truncated, long start, long elapsed, EntryChunk out) {
        EntryHeader h = EntryHeader.file(path).withTiming(start - t0, elapsed);
        if (truncated) {
            h = h.withStatus(Status.TRUNCATED, "cap " + content.length + " bytes");
        }
        out.add(h, content);
    }

    private static Outcome single(WorkItem item, EntryHeader h, EntryChunk out) {
        out.add(h, null);
        return new Outcome(item, h.status(), null, null);
    }

    private Outcome failed(WorkItem item, EntryType type, long start, int errno, EntryChunk out) {
        return failed(item, type, start, IoFailure.classify(errno), out);
    }

    private Outcome failed(WorkItem item, EntryType type, long start, IOException e, EntryChunk out) {
        return failed(item, type, start, IoFailure.classify(e), out);
    }

    private Outcome failed(WorkItem item, EntryType type, long start, IoFailure f, EntryChunk out) {
        Status status = f.status();
        if (status == Status.VANISHED && type == EntryType.SYMLINK && ownerStillExists(item.source())) {
            // readlink of a kernel thread's or zombie's exe fails with ENOENT while the process is alive:
            // that is an answer of the live machine, not a process that went away.
            status = Status.ERROR;
        }
        EntryHeader h = new EntryHeader(item.path(), type, status, f.name(), -1, -1, -1, start - t0,
                System.nanoTime() - start, null);
        return single(item, h, out);
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
        if (!EntryHeader.isProcessLinkName(source.substring(slash + 1))) {
            return false;
        }
        return Files.isDirectory(Paths.get(source.substring(0, slash)), LinkOption.NOFOLLOW_LINKS);
    }
}
