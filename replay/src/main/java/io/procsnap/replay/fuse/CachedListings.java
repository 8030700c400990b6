package io.procsnap.replay.fuse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

/**
 * Lets the kernel keep the listings of archived directories ({@code FOPEN_CACHE_DIR}), so that a second
 * {@code grep -r} or {@code find} sends OPENDIR and RELEASEDIR per directory instead of OPENDIR,
 * READDIRPLUS, READDIR and RELEASEDIR.
 *
 * <p>libfuse 3.14's high-level {@code fuse_lib_opendir} calls the filesystem's {@code opendir} with a
 * {@code struct fuse_file_info} of its own and replies with the one the kernel request came with, so the
 * {@code cache_readdir} and {@code keep_cache} bits a filesystem sets are lost (passed on since libfuse 3.16,
 * "Pass cache_readdir and keep_cache from high level API"; Debian 12 ships 3.14). This class puts a wrapper
 * in the session's low-level operation table ({@code se->op.opendir}, copied there by
 * {@code fuse_session_new}): it remembers the request's {@code fuse_file_info} and calls libfuse's own
 * opendir, which calls {@link ProcFileSystem#opendir}; that sets the bits ({@link #cacheCurrent}) on the
 * structure libfuse then replies with, for a directory whose listing never changes.
 *
 * <p>The offsets are those of libfuse 3.14.0 on 64-bit Linux ({@code lib/fuse_i.h}: {@code struct
 * fuse_session} holds {@code mountpoint, exited, fd, io, mo, debug, deny_others}, then the 44 operations of
 * {@code struct fuse_lowlevel_ops}, {@code opendir} the 21st). They are checked against the running library
 * before anything is written: {@code fuse_session_fd} must read the {@code fd} field, and the
 * {@code struct fuse_conn_info} libfuse passed to {@code init} must sit where the layout puts
 * {@code se->conn}. On any mismatch nothing is changed and listings are read as before.
 *
 * <p>One worker thread serves the mount ({@link ProcFsMount}, {@code -s}), so the request being answered is
 * a plain field.
 */
final class CachedListings {
    private static final System.Logger LOG = System.getLogger(CachedListings.class.getName());
    /** {@code offsetof(struct fuse_session, fd)}. */
    static final long SESSION_FD = 12;
    /** {@code offsetof(struct fuse_session, op)}. */
    static final long SESSION_OPS = 40;
    /** {@code struct fuse_lowlevel_ops}: 44 function pointers in libfuse 3.14 (lookup .. lseek, one ioctl). */
    static final long OPS_SIZE = 44L * 8;
    /** {@code offsetof(struct fuse_session, conn)}: op, then {@code int got_init; void *cuse_data, *userdata; uid_t owner}. */
    static final long SESSION_CONN = SESSION_OPS + OPS_SIZE + 8 + 8 + 8 + 4;
    /** {@code offsetof(struct fuse_lowlevel_ops, opendir)}. */
    static final long OPENDIR = 20L * 8;

    private final MethodHandle original;
    /** The {@code fuse_file_info} of the OPENDIR being answered, or null between requests. */
    private MemorySegment current;

    private CachedListings(MethodHandle original) {
        this.original = original;
    }

    /**
     * Installs the wrapper in the session of the calling libfuse worker ({@code init} runs on it), or returns
     * null, saying why in the log, when libfuse is 3.16 or later ({@code fuse_version()}: it needs no wrapper,
     * and would overwrite the bits set here with those of opendir's own file info), the layout does not
     * match or the library cannot be reached.
     *
     * @param libfuse the library jfuse loaded
     * @param conn    the {@code struct fuse_conn_info} libfuse passed to {@code init} ({@code &se->conn})
     */
    static CachedListings install(Path libfuse, MemorySegment conn) {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = SymbolLookup.libraryLookup(libfuse, Arena.global());
            int version = (int) linker.downcallHandle(lib.find("fuse_version").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
            if (version >= 316) {
                return refused("libfuse " + version / 100 + "." + version % 100
                        + " passes opendir's own cache_readdir and keep_cache on");
            }
            MethodHandle getContext = linker.downcallHandle(lib.find("fuse_get_context").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            MethodHandle getSession = linker.downcallHandle(lib.find("fuse_get_session").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            MethodHandle sessionFd = linker.downcallHandle(lib.find("fuse_session_fd").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            MemorySegment context = ((MemorySegment) getContext.invokeExact()).reinterpret(8);
            MemorySegment fuse = context.get(ValueLayout.ADDRESS, 0);
            MemorySegment session = (MemorySegment) getSession.invokeExact(fuse);
            if (session.equals(MemorySegment.NULL)) {
                return refused("no session");
            }
            session = session.reinterpret(SESSION_CONN);
            int fd = (int) sessionFd.invokeExact(session);
            if (fd <= 0 || session.get(ValueLayout.JAVA_INT, SESSION_FD) != fd
                    || conn.address() != session.address() + SESSION_CONN) {
                return refused("struct fuse_session is not libfuse 3.14's (fd " + fd + " at offset " + SESSION_FD + ": "
                        + session.get(ValueLayout.JAVA_INT, SESSION_FD) + "; conn at offset "
                        + (conn.address() - session.address()) + ", expected " + SESSION_CONN + ")");
            }
            long slot = SESSION_OPS + OPENDIR;
            MemorySegment libOpendir = session.get(ValueLayout.ADDRESS, slot);
            if (libOpendir.equals(MemorySegment.NULL)) {
                return refused("no opendir operation");
            }
            FunctionDescriptor opendir = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS);
            CachedListings listings = new CachedListings(linker.downcallHandle(libOpendir, opendir));
            MethodHandle wrapper = MethodHandles.lookup().findVirtual(CachedListings.class, "opendir",
                    MethodType.methodType(void.class, MemorySegment.class, long.class, MemorySegment.class))
                    .bindTo(listings);
            // global: libfuse may call it until the session is destroyed, after this object is unreachable
            MemorySegment stub = linker.upcallStub(wrapper, opendir, Arena.global());
            session.set(ValueLayout.ADDRESS, slot, stub);
            return listings;
        } catch (Throwable e) {
            return refused(e.toString());
        }
    }

    private static CachedListings refused(String why) {
        LOG.log(System.Logger.Level.INFO, "directory listings not cached by the kernel: " + why);
        return null;
    }

    /** The wrapper libfuse calls for each OPENDIR: libfuse's own opendir, with the request's file info noted. */
    private void opendir(MemorySegment req, long ino, MemorySegment fileInfo) {
        current = fileInfo;
        try {
            original.invokeExact(req, ino, fileInfo);
        } catch (Throwable t) {
            // a downcall into libfuse does not throw; an upcall must not let anything escape
        } finally {
            current = null;
        }
    }

    /**
     * Called from {@link ProcFileSystem#opendir} for a directory whose listing never changes: the reply to
     * the OPENDIR being answered tells the kernel to keep the listing and what it cached before.
     */
    void cacheCurrent() {
        MemorySegment fi = current;
        if (fi != null) {
            OpenFlags.keepListing(fi);
        }
    }
}
