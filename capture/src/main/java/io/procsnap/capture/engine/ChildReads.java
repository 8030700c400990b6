package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link Kind#inChild()} items: each asked of a {@link ReaderChild} taken from a pool of idle ones (a
 * new one when none is idle, so at most one per reader thread), and given back after its answer. When no
 * answer comes within the item's timeout the item is recorded {@code timeout}, the child gets SIGKILL and
 * is dropped (never waited for), and the next item gets a fresh child. The entries are those the
 * in-process kinds make: a FILE with the bytes, a DIRECTORY with mode and owner, a listing, links.
 */
final class ChildReads {
    private final long t0;
    private final int maxFileBytes;
    private final java.util.function.ObjLongConsumer<String> started;
    private final ConcurrentLinkedQueue<ReaderChild> idle = new ConcurrentLinkedQueue<>();
    private final List<Long> killed = new CopyOnWriteArrayList<>();
    /** Children answering a request now; at {@link #close()} (after the engine gave up on them) they are killed. */
    private final java.util.Set<ReaderChild> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ChildReads(long t0, int maxFileBytes) {
        this(t0, maxFileBytes, (program, pid) -> { });
    }

    /** @param started told the program name and pid of each reader child started (procsnap/self) */
    ChildReads(long t0, int maxFileBytes, java.util.function.ObjLongConsumer<String> started) {
        this.t0 = t0;
        this.maxFileBytes = maxFileBytes;
        this.started = started;
    }

    /** The pids of the children killed after a read that did not answer in time. */
    List<Long> killed() {
        return List.copyOf(killed);
    }

    /**
     * Ends the idle children (their stdin closes) and kills those still answering a request (the engine
     * abandoned their items at the deadline): SIGTERM to all, their grace ({@link ReaderChild#kill()}), SIGKILL. Later items start fresh ones.
     */
    void close() {
        closed = true;
        ReaderChild c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
        List<ReaderChild> stuck = new ArrayList<>(busy);
        for (ReaderChild s : stuck) {
            killed.add(s.pid());
        }
        ReaderChild.killAll(stuck);
    }

    Outcome execute(WorkItem item, EntryChunk out) {
        long start = System.nanoTime();
        ReaderChild child = idle.poll();
        try {
            if (child == null) {
                child = ReaderChild.start();
                started.accept(child.program(), child.pid());
            }
        } catch (IOException e) {
            return failed(item, start, Status.ERROR, "reader child: cannot start /bin/sh: " + e.getMessage(), out);
        }
        ReaderChild.Answer a;
        busy.add(child);
        try {
            a = child.ask(op(item.kind()), item.source(), item.timeoutNanos());
        } catch (IOException e) {
            child.kill();
            return failed(item, start, Status.ERROR, "reader child: " + e.getMessage(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.kill();
            return failed(item, start, Status.ERROR, "interrupted", out);
        } finally {
            busy.remove(child);
        }
        if (a == null) {
            child.kill();
            killed.add(child.pid());
            long elapsed = System.nanoTime() - start;
            out.add(new EntryHeader(item.path(), Engine.entryType(item), Status.TIMEOUT, "no answer after "
                    + elapsed / 1_000_000L + " ms; reader child " + child.pid() + " killed (SIGKILL), not waited for",
                    -1, -1, -1, start - t0, elapsed, null), null);
            return new Outcome(item, Status.TIMEOUT, null, null);
        }
        if (a.exit() < 0) {
            child.kill();
            return failed(item, start, Status.ERROR, "reader child: " + a.text(), out);
        }
        if (closed) {
            child.close();
        } else {
            idle.add(child);
        }
        if (!a.ok()) {
            String name = IoFailure.nameOf(errorText(a));
            return failed(item, start, io.procsnap.format.layout.Errno.statusOf(name), name, out);
        }
        long elapsed = System.nanoTime() - start;
        switch (item.kind()) {
            case CHILD_READ_FILE:
                return file(item, a, start, elapsed, out);
            case CHILD_OWNER:
                return owner(item, a, start, elapsed, out);
            case CHILD_LIST_DIR:
                return listing(item, a, start, elapsed, out);
            case CHILD_LIST_LINKS:
                return links(item, a, start, elapsed, out);
            default:
                throw new IllegalStateException("not a reader child's kind: " + item.kind());
        }
    }

    private static char op(Kind kind) {
        switch (kind) {
            case CHILD_READ_FILE:
                return 'R';
            case CHILD_OWNER:
                return 'S';
            case CHILD_LIST_DIR:
                return 'D';
            case CHILD_LIST_LINKS:
                return 'L';
            default:
                throw new IllegalStateException("not a reader child's kind: " + kind);
        }
    }

    /** The strerror text of a tool's message ({@code od: /proc/9/psinfo: No such file or directory}). */
    static String errorText(ReaderChild.Answer a) {
        for (String line : a.lines()) {
            int colon = line.lastIndexOf(": ");
            if (colon >= 0) {
                String text = line.substring(colon + 2).trim();
                if (io.procsnap.format.layout.Errno.ofText(text) != null) {
                    return text;
                }
            }
        }
        return a.lines().isEmpty() ? "exit " + a.exit() : a.lines().get(a.lines().size() - 1).trim();
    }

    private Outcome file(WorkItem item, ReaderChild.Answer a, long start, long elapsed, EntryChunk out) {
        byte[] all = hex(a.lines());
        boolean truncated = all.length > maxFileBytes;
        byte[] content = truncated ? java.util.Arrays.copyOf(all, maxFileBytes) : all;
        Status status = truncated ? Status.TRUNCATED : Status.OK;
        out.add(new EntryHeader(item.path(), EntryType.FILE, status, truncated ? "cap " + maxFileBytes + " bytes" : null,
                -1, -1, -1, EntryWriter.start(start - t0), EntryWriter.elapsed(elapsed), null), content);
        return new Outcome(item, status, null, item.keepContent() ? content : null);
    }

    /** {@code od -An -v -tx1} lines ({@code " 7f 45 4c 46 ..."}) back to bytes. */
    static byte[] hex(List<String> lines) {
        int n = 0;
        for (String l : lines) {
            n += (l.length() + 1) / 3;
        }
        byte[] b = new byte[n];
        int k = 0;
        for (String l : lines) {
            int i = 0;
            while (i < l.length()) {
                char c = l.charAt(i);
                if (c == ' ' || c == '\t') {
                    i++;
                    continue;
                }
                if (i + 1 >= l.length()) {
                    throw new IllegalStateException("od: odd hex digit in " + l);
                }
                b[k++] = (byte) (Character.digit(c, 16) << 4 | Character.digit(l.charAt(i + 1), 16));
                i += 2;
            }
        }
        return java.util.Arrays.copyOf(b, k);
    }

    private Outcome owner(WorkItem item, ReaderChild.Answer a, long start, long elapsed, EntryChunk out) {
        String[] f = a.lines().isEmpty() ? new String[0] : a.lines().get(0).trim().split("\\s+");
        if (f.length < 4) {
            return failed(item, start, Status.ERROR, "reader child: ls -ldn said " + a.text(), out);
        }
        int mode = mode(f[0]);
        long uid;
        long gid;
        try {
            uid = Long.parseLong(f[2]);
            gid = Long.parseLong(f[3]);
        } catch (NumberFormatException e) {
            return failed(item, start, Status.ERROR, "reader child: ls -ldn said " + a.text(), out);
        }
        out.add(new EntryHeader(item.path(), EntryType.DIRECTORY, Status.OK, null, mode, uid, gid,
                EntryWriter.start(start - t0), EntryWriter.elapsed(elapsed), null), null);
        return new Outcome(item, Status.OK, null, null);
    }

    /** {@code drwxr-xr-x} (an ACL's {@code +} or {@code @} ignored) as st_mode: type and permission bits. */
    static int mode(String perms) {
        int type;
        switch (perms.charAt(0)) {
            case 'd':
                type = 0040000;
                break;
            case 'l':
                type = 0120000;
                break;
            case 'p':
                type = 0010000;
                break;
            default:
                type = 0100000;
                break;
        }
        int bits = 0;
        for (int i = 1; i <= 9 && i < perms.length(); i++) {
            char c = perms.charAt(i);
            bits <<= 1;
            if (c != '-' && c != 'S' && c != 'T') {
                bits |= 1;
            }
            if (i == 3 && (c == 's' || c == 'S')) {
                type |= 04000;
            } else if (i == 6 && (c == 's' || c == 'S')) {
                type |= 02000;
            } else if (i == 9 && (c == 't' || c == 'T')) {
                type |= 01000;
            }
        }
        return type | bits;
    }

    private Outcome listing(WorkItem item, ReaderChild.Answer a, long start, long elapsed, EntryChunk out) {
        List<String> names = new ArrayList<>();
        for (String l : a.lines()) {
            if (!l.isEmpty() && !l.equals(".") && !l.equals("..")) {
                names.add(l);
            }
        }
        out.add(new EntryHeader(item.path(), EntryType.DIRECTORY, Status.OK, null, -1, -1, -1,
                EntryWriter.start(start - t0), EntryWriter.elapsed(elapsed), null), null);
        return new Outcome(item, Status.OK, names, null);
    }

    /**
     * {@code ls -ln DIR}: per link {@code lrwxrwxrwx 1 0 0 0 Nov 22 01:16 a.out -> /usr/sbin/dd} (eight fields,
     * then {@code NAME -> TARGET}); other lines ({@code total 0}, entries that are no links) are skipped.
     */
    private Outcome links(WorkItem item, ReaderChild.Answer a, long start, long elapsed, EntryChunk out) {
        out.add(new EntryHeader(item.path(), EntryType.DIRECTORY, Status.OK, null, -1, -1, -1,
                EntryWriter.start(start - t0), EntryWriter.elapsed(elapsed), null), null);
        List<String> names = new ArrayList<>();
        for (String l : a.lines()) {
            String[] link = link(l);
            if (link != null) {
                names.add(link[0]);
                out.add(new EntryHeader(ArchivePath.under(item.path(), link[0]), EntryType.SYMLINK, Status.OK, null,
                        -1, -1, -1, EntryWriter.start(start - t0), EntryWriter.elapsed(elapsed), link[1]), null);
            }
        }
        return new Outcome(item, Status.OK, names, null);
    }

    /** Name and target of one {@code ls -ln} line of a link, or null. */
    static String[] link(String line) {
        if (line.isEmpty() || line.charAt(0) != 'l') {
            return null;
        }
        int pos = 0;
        for (int field = 0; field < 8; field++) {
            while (pos < line.length() && line.charAt(pos) != ' ') {
                pos++;
            }
            while (pos < line.length() && line.charAt(pos) == ' ') {
                pos++;
            }
        }
        int arrow = line.indexOf(" -> ", pos);
        if (pos >= line.length() || arrow <= pos) {
            return null;
        }
        String name = line.substring(pos, arrow);
        return name.indexOf('/') >= 0 || name.equals(".") || name.equals("..") ? null
                : new String[] {name, line.substring(arrow + 4)};
    }

    private Outcome failed(WorkItem item, long start, Status status, String detail, EntryChunk out) {
        out.add(new EntryHeader(item.path(), Engine.entryType(item), status, detail, -1, -1, -1, start - t0,
                System.nanoTime() - start, null), null);
        return new Outcome(item, status, null, null);
    }
}
