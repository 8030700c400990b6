package io.procsnap.replay.fuse;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Manifest;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.replay.archive.ArchiveSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.cryptomator.jfuse.api.DirFiller;
import org.cryptomator.jfuse.api.Errno;
import org.cryptomator.jfuse.api.FileInfo;
import org.cryptomator.jfuse.api.FuseConfig;
import org.cryptomator.jfuse.api.FuseConnInfo;
import org.cryptomator.jfuse.api.FuseOperations;
import org.cryptomator.jfuse.api.Stat;
import org.cryptomator.jfuse.api.Statvfs;

/**
 * The read-only virtual procfs: FUSE callbacks over a {@link ProcTree}. Every callback is
 * resolve -> a small handler -> one catch ladder mapping exceptions to errno; callbacks are plain
 * methods, so tests call them directly without mounting.
 *
 * <h2>Entries not captured cleanly</h2>
 * Lookups succeed; open, readlink and readdir fail as the live machine did (see {@link FailedReads});
 * the extended attributes ({@link Xattrs}) say why.
 *
 * <h2>File sizes and reads</h2>
 * Archive files report their captured length, exactly what a read returns, and are opened with
 * {@code keep_cache} (their content never changes, so the kernel's page cache serves repeated reads);
 * every read returns {@code min(size, remaining)} bytes, so a reader gets full lengths until EOF
 * (procps stops at the first short read). Where the kernel supports it, {@link #open} answers
 * {@code ENOSYS} and the kernel stops sending OPEN and RELEASE: it opens every file itself with
 * {@code keep_cache}, and a warm {@code ps -eLf} is served from its caches. The caller's own live files
 * then report their exact current size and a new mtime whenever they changed, never cached (see
 * {@link #fillLive}); a file whose capture failed reports size 1, so that the kernel reads it and the
 * read answers the errno. Without that support, live files report size 0, as on procfs, and are opened
 * with {@code direct_io} so every read reaches this class (see {@link OpenFlags}; without it, every
 * file uses {@code direct_io}).
 *
 * <h2>{@code /proc/self} and {@code /proc/thread-self}</h2>
 * The kernel sends the calling thread's id with each request ({@link CallerContext}). {@code self}
 * is a symlink to {@code <tgid>} and {@code thread-self} to {@code <tgid>/task/<tid>}, as on procfs.
 * Looking up {@code /<tgid>} serves, when that pid is not in the capture, the caller's own live
 * {@code /proc/<tgid>} from the replay host (so {@code ps} finds its own stat, tty and task dir),
 * with the capturing program's captured {@code proc/self} files (mountinfo, mounts, net/...) laid
 * over it: they describe the captured machine. The caller's pid is never listed in the root. If the
 * caller's pid is also a captured pid, the captured process wins; a captured thread that does not lead
 * its group (looked up, never listed) loses to the caller, so {@code /proc/self/task} stays the caller's
 * (pids of the replay host and of the capture collide often: procps without {@code /proc/self/task}
 * shows one row per process for {@code ps -L}).
 *
 * <h2>Threads</h2>
 * As on procfs, {@code /<tid>} of a captured thread that does not lead its group is looked up (it is
 * the thread's {@code task/<tid>} directory) but never listed; {@code ps -L} reads
 * {@code /proc/<tid>/wchan} that way.
 */
public final class ProcFileSystem implements FuseOperations {
    private static final System.Logger LOG = System.getLogger(ProcFileSystem.class.getName());
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private final ProcTree tree;
    private final Errno errno;
    private final CallerContext callers;
    private final LiveProcess live;
    private final ContentCache cache;
    private final Instant captureStart;
    private final Map<Long, byte[]> openFiles = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final Map<String, LiveFile> liveFiles = new ConcurrentHashMap<>();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong lastLiveMtime = new AtomicLong();
    private volatile boolean directIo;
    private volatile boolean noOpen;
    private volatile CacheTimeouts timeouts = CacheTimeouts.NONE;
    /** Set at {@link #init} when the kernel can be told to keep archived directories' listings. */
    private volatile CachedListings listings;
    private final AtomicLong listingsServed = new AtomicLong();
    /** Requests that reached a callback (getattr, read, readlink, readdir): what the kernel's caches did not answer. */
    private final AtomicLong requests = new AtomicLong();
    /** The threads of the priming walk ({@link KernelCachePrimer}): their requests are not a tool's. */
    private volatile int[] primingThreads = new int[0];
    /** When ({@link System#nanoTime}) a look-up or listing of another caller last arrived; 0 for never. */
    private volatile long lastToolRequest;
    /** Reads headers and contents ahead of the requests once the mount is served ({@link #warmUp}). */
    private volatile Thread warmUp;
    /**
     * Set by {@link #destroy} to stop the warm-up between frames. Not an interrupt: one that lands in a
     * {@code FileChannel} read closes the archive's shared channel ({@code ClosedByInterruptException}).
     */
    private volatile boolean stopWarmUp;

    /** Bytes of live content kept between a getattr and the reads that follow; past it, all is dropped. */
    static final long LIVE_BYTES = 16 << 20;

    public ProcFileSystem(ArchiveSource source, ProcTree tree, Errno errno, CallerContext callers, Path liveProcRoot,
                          long cacheBytes) {
        this.tree = tree;
        this.errno = errno;
        this.callers = callers;
        this.live = new LiveProcess(liveProcRoot);
        FrameHeaders headers = tree.headers();
        Map<Integer, List<Node>> byFrame = headers != null ? Map.of() : frames(tree.root(), new java.util.HashMap<>());
        this.cache = new ContentCache(cacheBytes, n -> n.isGenerated() ? n.generatedContent()
                : source.read(n.entry()), n -> n.entry() == null || n.entry().frame() < 0 ? List.of()
                : headers != null ? headers.filesIn(n.entry().frame())
                : byFrame.getOrDefault(n.entry().frame(), List.of()));
        Manifest m = source.manifest();
        this.captureStart = m == null || m.startUtc() == null ? Instant.EPOCH : m.startUtc();
    }

    /** Files with stored content, grouped by the compressed frame that holds them. */
    private static Map<Integer, List<Node>> frames(Node dir, Map<Integer, List<Node>> out) {
        for (Node n : dir.children()) {
            if (n.isDirectory()) {
                frames(n, out);
            } else if (n.type() == EntryType.FILE && n.entry() != null && n.entry().size() > 0
                    && FailedReads.errnoOf(n.header()) == 0 && n.entry().frame() >= 0) {
                out.computeIfAbsent(n.entry().frame(), k -> new ArrayList<>()).add(n);
            }
        }
        return out;
    }

    public ProcTree tree() {
        return tree;
    }

    /** Archive reads done so far (content cache misses). */
    public long archiveReads() {
        return cache.loads();
    }

    /**
     * Requests served so far that the kernel's caches could have answered: getattr (the kernel's LOOKUP and
     * GETATTR), read, readlink and readdir. What a tool's run adds shows what it found cached
     * ({@link KernelCachePrimer}).
     */
    public long requests() {
        return requests.get();
    }

    /**
     * Waits up to {@code millis} for the warm-up started at {@link #init} ({@link #warmUp}) to end; true
     * when it ended or none was started.
     */
    boolean awaitWarmUp(long millis) throws InterruptedException {
        Thread t = warmUp;
        return t == null || t.join(java.time.Duration.ofMillis(millis));
    }

    /** Notes that thread {@code tid} walks for {@link KernelCachePrimer}: its requests do not count as a tool's. */
    synchronized void primingThread(int tid) {
        int[] t = java.util.Arrays.copyOf(primingThreads, primingThreads.length + 1);
        t[t.length - 1] = tid;
        primingThreads = t;
    }

    /**
     * When ({@link System#nanoTime}) a caller other than the priming walk last sent a look-up or a listing,
     * or 0: the walk gives the one worker to a tool that finds what it needs not yet cached.
     */
    long lastToolRequest() {
        return lastToolRequest;
    }

    private void noteCaller(Caller caller) {
        for (int t : primingThreads) {
            if (t == caller.tid()) {
                return;
            }
        }
        lastToolRequest = System.nanoTime() | 1; // never 0
    }

    /** Directory listings served so far (readdir calls): what the kernel's cache of listings spares. */
    long listingsServed() {
        return listingsServed.get();
    }

    @Override
    public Errno errno() {
        return errno;
    }

    @Override
    public Set<Operation> supportedOperations() {
        return EnumSet.of(Operation.GET_ATTR, Operation.READLINK, Operation.OPEN, Operation.READ, Operation.RELEASE,
                Operation.OPEN_DIR, Operation.READ_DIR, Operation.RELEASE_DIR, Operation.GET_XATTR,
                Operation.LIST_XATTR, Operation.STATFS, Operation.INIT, Operation.DESTROY);
    }

    /**
     * Called once by libfuse before the first request. Replies get the cache timeouts of what they
     * describe ({@link CacheTimeouts}). When the kernel can skip OPEN and RELEASE
     * ({@code FUSE_CAP_NO_OPEN_SUPPORT}) and attributes can be refreshed per file (timeouts and
     * {@code auto_inval_data}), {@link #open} answers {@code ENOSYS}: the kernel then opens every file
     * itself, keeps its pages ({@code keep_cache}) and sends only the READs its page cache misses.
     * Otherwise files are opened as before: archive files with {@code keep_cache}, live ones with
     * {@code direct_io} ({@link OpenFlags}), or every file with {@code direct_io}.
     */
    @Override
    public void init(FuseConnInfo conn, FuseConfig config) {
        CacheTimeouts t = CacheTimeouts.of(config);
        timeouts = t;
        int inval = FuseConnInfo.FUSE_CAP_AUTO_INVAL_DATA;
        if (t.active() && (conn.capable() & FuseConnInfo.FUSE_CAP_NO_OPEN_SUPPORT) != 0
                && (conn.capable() & inval) != 0) {
            conn.setWant((conn.want() | inval) & ~FuseConnInfo.FUSE_CAP_EXPLICIT_INVAL_DATA);
            noOpen = true;
        } else {
            directIo = !OpenFlags.available() && DirectIo.enable(config);
        }
        if (t.active() && callers instanceof FuseCallerContext fuse) {
            try {
                listings = CachedListings.install(fuse.libfuse(), DirectIo.segment(conn));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.INFO, "directory listings not cached by the kernel: " + e);
            }
        }
        FrameHeaders headers = tree.headers();
        if (headers != null) {
            warmUp = Thread.ofPlatform().daemon().name("procsnap-warm-up").start(() -> warmUp(headers));
        }
    }

    /**
     * Reads, frame by frame in archive order, the headers and (when the content cache keeps contents) the
     * contents that requests would otherwise read the first time they touch a frame: started at {@link #init}, once the mount is served, on a thread of
     * its own, so a first {@code ps -eLf} finds most frames read (issue 16: the headers and contents read on
     * the request path were a third of the server's CPU for it). A request that reaches a frame first reads
     * it itself, as before ({@link FrameHeaders#read} is done once per frame); a frame that cannot be read
     * is left to the request that needs it, which answers its errno. Frames that hold only repeated samples
     * not served at the root ({@code .procsnap/samples/}) are left to the requests too: the tools that run
     * first do not read them.
     */
    void warmUp(FrameHeaders headers) {
        String samples = ArchivePath.SAMPLES + "/";
        String served = samples + tree.sample() + "/";
        for (int k : headers.awaitedFrames(p -> !p.startsWith(samples) || tree.sample() > 0 && p.startsWith(served))) {
            if (stopWarmUp) {
                return;
            }
            headers.read(k);
            List<Node> files = headers.filesIn(k);
            if (!files.isEmpty() && cache.keeps()) {
                try {
                    cache.get(files.get(0)); // with the rest of its frame's files ({@link ContentCache})
                } catch (IOException | RuntimeException e) {
                    // the request that reads it answers the failure
                }
            }
        }
    }

    @Override
    public void destroy() {
        stopWarmUp = true;
    }

    /** Whether libfuse called {@link #destroy}: the mount is going away. */
    boolean destroyed() {
        return stopWarmUp;
    }

    /** Whether {@link #init} made the kernel keep archived directories' listings ({@link CachedListings}). */
    boolean cachesListings() {
        return listings != null;
    }

    /** Whether {@link #init} made the kernel open files without asking ({@code open} answers ENOSYS). */
    public boolean noOpen() {
        return noOpen;
    }

    /** Whether {@link #init} could turn on {@code direct_io}. */
    public boolean directIo() {
        return directIo;
    }

    // ---- resolution ------------------------------------------------------------------------------

    /** What {@code path} means for {@code caller}; null when nothing is there. */
    Target resolve(String path, Caller caller) {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        if (rel.isEmpty()) {
            return new Target.Archived(tree.root());
        }
        String[] seg = rel.split("/");
        String first = seg[0];
        if (seg.length == 1 && (first.equals("self") || first.equals("thread-self"))) {
            if (caller.tid() <= 0) {
                return null;
            }
            int tgid = live.threadGroupOf(caller.tid());
            return new Target.CallerLink(first.equals("self") ? Integer.toString(tgid)
                    : ArchivePath.threadDirectory(ArchivePath.tasksOf(Integer.toString(tgid)), caller.tid()));
        }
        Node top = tree.root().child(first);
        if (top != null) {
            Node n = ProcTree.walk(top, seg, 1);
            return n == null ? null : new Target.Archived(n);
        }
        int pid = ArchivePath.number(first);
        boolean callersOwn = caller.tid() > 0 && pid >= 0 && isCallersProcess(pid, caller);
        Node thread = tree.thread(first);
        if (thread != null && !callersOwn) {
            Node n = ProcTree.walk(thread, seg, 1);
            return n == null ? null : new Target.Archived(n, CacheTimeouts.Scope.THREAD);
        }
        return callersOwn ? resolveSelf(pid, seg) : null;
    }

    /**
     * Whether {@code pid} is the caller's own thread group: its main thread (no look-up), or a thread group
     * that has the caller's thread in its live {@code task/}.
     */
    private boolean isCallersProcess(int pid, Caller caller) {
        return caller.tid() == pid || live.hasThread(pid, caller.tid());
    }

    private Target resolveSelf(int tgid, String[] seg) {
        Node captured = tree.capturedSelf() == null ? null : ProcTree.walk(tree.capturedSelf(), seg, 1);
        if (captured != null && !captured.isDirectory()) {
            return new Target.Archived(captured, CacheTimeouts.Scope.CALLER);
        }
        Path p = live.path(tgid, seg, 1);
        if (live.exists(p)) {
            return new Target.Live(p, captured);
        }
        return captured == null ? null : new Target.Archived(captured, CacheTimeouts.Scope.CALLER);
    }

    // ---- callbacks: resolve -> handler -> catch ladder --------------------------------------------

    @Override
    public int getattr(String path, Stat stat, FileInfo fi) {
        requests.incrementAndGet();
        try {
            Caller caller = callers.current();
            noteCaller(caller);
            Target t = resolve(path, caller);
            if (t == null) {
                timeouts.set(missScope(path, caller));
                return -errno.enoent();
            }
            timeouts.set(t instanceof Target.Archived a ? a.scope() : CacheTimeouts.Scope.CALLER);
            switch (t) {
                case Target.Archived a -> fillArchived(a.node(), stat);
                case Target.Live l -> fillLive(path, l.path(), stat);
                case Target.CallerLink c -> fill(stat, S_IFLNK | 0777, 0, 0, c.text().length(), 1, captureStart);
            }
            return 0;
        } catch (Exception e) {
            return failed("getattr", path, e);
        }
    }

    @Override
    public int readlink(String path, ByteBuffer buf, long len) {
        requests.incrementAndGet();
        try {
            Target t = resolve(path, callers.current());
            String text = switch (t) {
                case null -> null;
                case Target.Archived a -> a.node().type() == EntryType.SYMLINK ? archivedLink(a.node()) : null;
                case Target.Live l -> live.readlink(l.path());
                case Target.CallerLink c -> c.text();
            };
            if (text == null) {
                return t == null ? -errno.enoent() : -errno.einval();
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(bytes.length, Math.max(0, len - 1));
            buf.put(bytes, 0, n);
            buf.put((byte) 0);
            return 0;
        } catch (Exception e) {
            return failed("readlink", path, e);
        }
    }

    /**
     * Answers {@code ENOSYS} when {@link #init} chose opens without messages: the kernel opens every
     * file itself from then on (the switch is per connection) and {@link #read} finds the content by
     * path. Otherwise the content is fixed here, per open file handle.
     */
    @Override
    public int open(String path, FileInfo fi) {
        if (noOpen) {
            return -errno.enosys();
        }
        try {
            Target t = resolve(path, callers.current());
            byte[] content = switch (t) {
                case null -> throw new NoSuchFileException(path);
                case Target.Archived a -> archivedContent(a.node());
                case Target.Live l -> live.read(l.path());
                case Target.CallerLink c -> throw new NoSuchFileException(path);
            };
            if (!directIo) {
                boolean isLive = t instanceof Target.Live;
                OpenFlags.set(fi, isLive, !isLive);
            }
            long handle = nextHandle.getAndIncrement();
            openFiles.put(handle, content);
            fi.setFh(handle);
            return 0;
        } catch (Exception e) {
            return failed("open", path, e);
        }
    }

    /**
     * Reads from the content fixed at open, or, for a file the kernel opened itself ({@link #noOpen}),
     * by path: an archive file's content, or the caller's live file as its last getattr read it (see
     * {@link #fillLive}).
     */
    @Override
    public int read(String path, ByteBuffer buf, long size, long offset, FileInfo fi) {
        requests.incrementAndGet();
        try {
            byte[] content = fi == null || fi.getFh() == 0 ? null : openFiles.get(fi.getFh());
            if (content == null) {
                if (!noOpen) {
                    return -errno.ebadf();
                }
                content = contentByPath(path);
            }
            if (offset >= content.length) {
                return 0;
            }
            int n = (int) Math.min(size, content.length - offset);
            buf.put(content, (int) offset, n);
            return n;
        } catch (Exception e) {
            return failed("read", path, e);
        }
    }

    private byte[] contentByPath(String path) throws IOException {
        Target t = resolve(path, callers.current());
        return switch (t) {
            case null -> throw new NoSuchFileException(path);
            case Target.Archived a -> archivedContent(a.node());
            case Target.Live l -> liveContent(path, l.path());
            case Target.CallerLink c -> throw new NoSuchFileException(path);
        };
    }

    @Override
    public int release(String path, FileInfo fi) {
        openFiles.remove(fi.getFh());
        return 0;
    }

    /**
     * Opens a directory; for an archived one reached through a name the root holds, the reply tells the
     * kernel to keep its listing ({@link CachedListings}): a second {@code grep -r} then sends OPENDIR and
     * RELEASEDIR per directory, not READDIRPLUS and READDIR too.
     */
    @Override
    public int opendir(String path, FileInfo fi) {
        try {
            Target t = resolve(path, callers.current());
            int result = switch (t) {
                case null -> -errno.enoent();
                case Target.Archived a -> a.node().isDirectory() ? -FailedReads.errnoOf(a.node().header())
                        : -errno.enotdir();
                case Target.Live l -> 0;
                case Target.CallerLink c -> -errno.enotdir();
            };
            if (result == 0 && keepsListing(t)) {
                CachedListings l = listings;
                if (l != null) {
                    l.cacheCurrent(); // libfuse 3.14 drops what opendir's own file info says
                } else {
                    OpenFlags.keepListing(fi); // 3.16 and later pass it on (a reflective call per opendir)
                }
            }
            return result;
        } catch (Exception e) {
            return failed("opendir", path, e);
        }
    }

    /**
     * Whether the kernel may keep the listing of the directory {@code t}: one reached through a name the root
     * holds, which never changes. The caller's own live directories and a non-leader thread's
     * {@code /<tid>} (which the caller's process of that number may take) are read afresh.
     */
    static boolean keepsListing(Target t) {
        return t instanceof Target.Archived a && a.scope() == CacheTimeouts.Scope.CAPTURED;
    }

    /**
     * Lists a directory from {@code offset} on, each name with the offset of the next, until the kernel's
     * buffer is full. When the kernel asks for {@code READDIRPLUS}, the children of an archived directory
     * come with their attributes ({@link DirFiller#FUSE_FILL_DIR_PLUS}): they never change, and the kernel
     * then looks none of them up again. libfuse passes those attributes on only in this offset mode (with
     * offset 0 for every name it buffers the whole listing and hands the kernel names without attributes).
     * {@code self}, {@code thread-self} and the caller's live directories are listed by name only.
     */
    @Override
    public int readdir(String path, DirFiller filler, long offset, FileInfo fi, int flags) {
        listingsServed.incrementAndGet();
        requests.incrementAndGet();
        try {
            Caller caller = callers.current();
            noteCaller(caller);
            Target t = resolve(path, caller);
            List<String> names = switch (t) {
                case null -> null;
                case Target.Archived a -> archivedNames(a.node());
                case Target.Live l -> liveNames(l);
                case Target.CallerLink c -> null;
            };
            if (names == null) {
                return -errno.enoent();
            }
            Node dir = t instanceof Target.Archived a && (flags & FUSE_READDIR_PLUS) != 0 ? a.node() : null;
            if (t instanceof Target.Archived a && dir != null) {
                timeouts.set(a.scope());
            }
            for (long i = Math.max(0, offset); i < names.size() + 2L; i++) {
                String name = i == 0 ? "." : i == 1 ? ".." : names.get((int) i - 2);
                Node child = dir == null || i < 2 ? null : dir.child(name);
                int full = child == null ? filler.fill(name, stat -> { }, i + 1, 0)
                        : filler.fill(name, stat -> fillArchived(child, stat), i + 1, DirFiller.FUSE_FILL_DIR_PLUS);
                if (full != 0) {
                    break;
                }
            }
            return 0;
        } catch (Exception e) {
            return failed("readdir", path, e);
        }
    }

    @Override
    public int releasedir(String path, FileInfo fi) {
        return 0;
    }

    @Override
    public int getxattr(String path, String name, ByteBuffer value) {
        try {
            Target t = resolve(path, callers.current());
            if (t == null) {
                return -errno.enoent();
            }
            String v = Xattrs.of(t, captureStart).get(name);
            if (v == null) {
                return -errno.enodata();
            }
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            if (value.capacity() == 0) {
                return bytes.length;
            }
            if (value.remaining() < bytes.length) {
                return -errno.erange();
            }
            value.put(bytes);
            return bytes.length;
        } catch (Exception e) {
            return failed("getxattr", path, e);
        }
    }

    @Override
    public int listxattr(String path, ByteBuffer list) {
        try {
            Target t = resolve(path, callers.current());
            if (t == null) {
                return -errno.enoent();
            }
            ByteBuffer names = ByteBuffer.allocate(1024);
            for (String n : Xattrs.of(t, captureStart).keySet()) {
                names.put(n.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            }
            names.flip();
            if (list.capacity() == 0) {
                return names.remaining();
            }
            if (list.remaining() < names.remaining()) {
                return -errno.erange();
            }
            int n = names.remaining();
            list.put(names);
            return n;
        } catch (Exception e) {
            return failed("listxattr", path, e);
        }
    }

    @Override
    public int statfs(String path, Statvfs statvfs) {
        statvfs.setBsize(4096);
        statvfs.setFrsize(4096);
        statvfs.setBlocks(0);
        statvfs.setBfree(0);
        statvfs.setBavail(0);
        statvfs.setNameMax(255);
        return 0;
    }

    // ---- handlers ---------------------------------------------------------------------------------

    private void fillArchived(Node n, Stat stat) {
        EntryHeader h = n.header();
        int type = switch (n.type()) {
            case FILE -> S_IFREG;
            case DIRECTORY -> S_IFDIR;
            case SYMLINK -> S_IFLNK;
        };
        int perm;
        if (h != null && h.mode() >= 0) {
            perm = h.mode() & 07777;
        } else {
            perm = switch (n.type()) {
                case FILE -> 0444;
                case DIRECTORY -> 0555;
                case SYMLINK -> 0777;
            };
        }
        long size = switch (n.type()) {
            case FILE -> n.isGenerated() ? n.generatedContent().length
                    : FailedReads.errnoOf(h) == 0 ? n.entry().size() : failedSize();
            case DIRECTORY -> 0;
            case SYMLINK -> h != null && h.linkTarget() != null ? h.linkTarget().getBytes(StandardCharsets.UTF_8).length : 0;
        };
        int uid = h != null && h.uid() >= 0 ? (int) h.uid() : 0;
        int gid = h != null && h.gid() >= 0 ? (int) h.gid() : 0;
        Instant when = h == null ? captureStart : captureStart.plusNanos(Math.max(0, h.startNanos()));
        fill(stat, type | perm, uid, gid, size, n.isDirectory() ? 2 : 1, when);
    }

    /**
     * The caller's own live file or directory. When the kernel opens files itself ({@link #noOpen}), a
     * regular file is read here: it reports its exact current size, and the content is kept for the
     * reads that follow (a file the kernel reads through its page cache ends at the size it was told).
     * Its mtime changes whenever the content did, and these replies are never cached
     * ({@link CacheTimeouts.Scope#CALLER}): the kernel asks again before each read ({@code auto_inval_data}),
     * and a changed mtime or size makes it drop the pages it holds, so the next process with this pid,
     * or the same one reading again, sees the file as it is then. Otherwise live files report size 0, as on
     * procfs, and are opened with {@code direct_io}.
     */
    /**
     * The size of a file whose capture failed: 0, or 1 when the kernel opens files itself: it reads a
     * file only below the size it was told, and the read is what answers the captured errno.
     */
    private long failedSize() {
        return noOpen ? 1 : 0;
    }

    private void fillLive(String key, Path p, Stat stat) throws IOException {
        LiveProcess.Attributes a = live.attributes(p);
        boolean dir = (a.mode() & 0170000) == S_IFDIR;
        if (noOpen && (a.mode() & 0170000) == S_IFREG) {
            LiveFile f = readLive(key, p);
            fill(stat, a.mode(), a.uid(), a.gid(), f.content() == null ? 0 : f.content().length, 1, f.mtime());
            return;
        }
        fill(stat, a.mode(), a.uid(), a.gid(), 0, dir ? 2 : 1, Instant.now());
    }

    /** A live file as one getattr read it: its content, or the failure its read met. */
    private record LiveFile(byte[] content, IOException failure, Instant mtime) {
    }

    private LiveFile readLive(String key, Path p) {
        byte[] content = null;
        IOException failure = null;
        try {
            content = live.read(p);
        } catch (IOException e) {
            failure = e;
        }
        LiveFile before = liveFiles.get(key);
        Instant mtime;
        if (before != null && failure == null && before.content() != null && java.util.Arrays.equals(before.content(), content)) {
            mtime = before.mtime();
        } else {
            Instant clock = Instant.now();
            long now = clock.getEpochSecond() * 1_000_000_000L + clock.getNano();
            long t = lastLiveMtime.updateAndGet(last -> Math.max(last + 1, now));
            mtime = Instant.ofEpochSecond(t / 1_000_000_000L, t % 1_000_000_000L);
        }
        LiveFile f = new LiveFile(content, failure, mtime);
        if (liveBytes.get() > LIVE_BYTES) {
            liveFiles.clear();
            liveBytes.set(0);
        }
        LiveFile replaced = liveFiles.put(key, f);
        liveBytes.addAndGet(sizeOf(f) - sizeOf(replaced));
        return f;
    }

    private static long sizeOf(LiveFile f) {
        return f == null || f.content() == null ? 0 : f.content().length;
    }

    /** The content the last getattr of {@code key} reported, or the live file now when none is kept. */
    private byte[] liveContent(String key, Path p) throws IOException {
        LiveFile f = liveFiles.get(key);
        if (f == null) {
            f = readLive(key, p);
        }
        if (f.failure() != null) {
            throw f.failure();
        }
        return f.content();
    }

    /**
     * The scope of a miss: below a name the root holds (a captured process, {@code .procsnap}) the tree
     * never changes; below a captured non-leader thread's {@code /<tid>} it is kept as long as that
     * directory ({@code ps -eLf} opens {@code /proc/TID/ctty} for every thread, a name procfs does not
     * have); at the root or below the caller's own directory it is never kept.
     */
    private CacheTimeouts.Scope missScope(String path, Caller caller) {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        int slash = rel.indexOf('/');
        if (slash <= 0) {
            return CacheTimeouts.Scope.CALLER;
        }
        String first = rel.substring(0, slash);
        Node top = tree.root().child(first);
        if (top != null) {
            return top.isDirectory() ? CacheTimeouts.Scope.CAPTURED : CacheTimeouts.Scope.CALLER;
        }
        int pid = ArchivePath.number(first);
        boolean callersOwn = caller.tid() > 0 && pid >= 0 && isCallersProcess(pid, caller);
        return tree.thread(first) != null && !callersOwn ? CacheTimeouts.Scope.THREAD : CacheTimeouts.Scope.CALLER;
    }

    private static void fill(Stat stat, int mode, int uid, int gid, long size, int links, Instant when) {
        stat.setMode(mode);
        stat.setUid(uid);
        stat.setGid(gid);
        stat.setSize(size);
        stat.setNLink((short) links);
        stat.aTime().set(when);
        stat.mTime().set(when);
        stat.cTime().set(when);
    }

    private static String archivedLink(Node n) throws IOException {
        int err = FailedReads.errnoOf(n.header());
        if (err != 0) {
            throw new ErrnoException(err);
        }
        return n.header().linkTarget() == null ? "" : n.header().linkTarget();
    }

    private byte[] archivedContent(Node n) throws IOException {
        if (n.isDirectory()) {
            throw new ErrnoException(io.procsnap.format.layout.Errno.EISDIR.number());
        }
        if (n.type() == EntryType.SYMLINK) {
            // the kernel follows symlinks before open; reaching here means the target is outside the tree
            throw new ErrnoException(io.procsnap.format.layout.Errno.ENOENT.number());
        }
        int err = FailedReads.errnoOf(n.header());
        if (err != 0) {
            throw new ErrnoException(err);
        }
        return cache.get(n);
    }

    private List<String> archivedNames(Node n) throws IOException {
        if (!n.isDirectory()) {
            throw new ErrnoException(io.procsnap.format.layout.Errno.ENOTDIR.number());
        }
        int err = FailedReads.errnoOf(n.header());
        if (err != 0) {
            throw new ErrnoException(err);
        }
        List<String> names = new ArrayList<>(n.childCount() + 2);
        if (n == tree.root()) {
            names.add("self");
            names.add("thread-self");
        }
        names.addAll(n.sortedNames());
        return names;
    }

    private List<String> liveNames(Target.Live l) throws IOException {
        Set<String> names = new LinkedHashSet<>(live.list(l.path()));
        if (l.overlay() != null) {
            names.addAll(l.overlay().sortedNames());
        }
        return new ArrayList<>(names);
    }

    /** The catch ladder: every failure becomes a negative errno, and only the unexpected ones are logged. */
    private int failed(String op, String path, Exception e) {
        return switch (e) {
            case ErrnoException x -> -x.errno();
            case NoSuchFileException x -> -errno.enoent();
            case AccessDeniedException x -> -errno.eacces();
            case java.nio.file.NotDirectoryException x -> -errno.enotdir();
            case IOException x -> {
                LOG.log(System.Logger.Level.WARNING, () -> op + " " + path + ": " + x);
                yield -errno.eio();
            }
            default -> {
                LOG.log(System.Logger.Level.ERROR, () -> op + " " + path + ": unexpected " + e, e);
                yield -errno.eio();
            }
        };
    }

    /** A failure that already knows its errno (a failed capture replayed, a type mismatch). */
    static final class ErrnoException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        ErrnoException(int errno) {
            super("errno " + errno);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
