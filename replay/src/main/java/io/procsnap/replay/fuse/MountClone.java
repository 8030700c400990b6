package io.procsnap.replay.fuse;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * A detached copy of a mount: {@code open_tree(AT_FDCWD, dir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)}
 * (Linux 5.2), reached as {@code /proc/self/fd/N}. The copy is a mount of its own over the same
 * superblock: what is looked up and read through it fills the same kernel caches (dentries, attributes,
 * pages) as the mount point, but a request under way through it does not hold the mount point itself, so
 * {@code fusermount3 -u DIR} never fails with {@code EBUSY} because of it. It keeps the superblock, and
 * so the FUSE connection, alive until it is closed: close it before waiting for the FUSE loop to end.
 *
 * <p>Cloning needs {@code CAP_SYS_ADMIN} in the mount namespace's user namespace ({@code root}); elsewhere
 * {@link #of} fails with the errno.
 */
final class MountClone implements AutoCloseable {
    private static final long SYS_OPEN_TREE = 428; // the same number on every Linux architecture (since 5.2)
    private static final int AT_FDCWD = -100;
    private static final int OPEN_TREE_CLONE = 1;
    private static final int OPEN_TREE_CLOEXEC = 02000000;

    private static final MethodHandle SYSCALL;
    private static final MethodHandle CLOSE;
    private static final VarHandle ERRNO;
    private static final java.lang.foreign.StructLayout CALL_STATE = Linker.Option.captureStateLayout();

    static {
        Linker linker = Linker.nativeLinker();
        MemorySegment syscall = linker.defaultLookup().find("syscall").orElseThrow();
        MemorySegment close = linker.defaultLookup().find("close").orElseThrow();
        // syscall(2) takes and returns a C long: 64 bits on the replay's x86-64, declared as such
        SYSCALL = linker.downcallHandle(syscall, FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        CLOSE = linker.downcallHandle(close, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        ERRNO = CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    }

    private final int fd;
    private boolean closed;

    private MountClone(int fd) {
        this.fd = fd;
    }

    /** Clones the mount at {@code dir}; fails with the errno where that is not permitted or not supported. */
    static MountClone of(Path dir) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long fd = (long) SYSCALL.invokeExact(state, SYS_OPEN_TREE, AT_FDCWD, arena.allocateFrom(dir.toString()),
                    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
            if (fd < 0) {
                int errno = (int) ERRNO.get(state, 0L);
                io.procsnap.format.layout.Errno name = io.procsnap.format.layout.Errno.ofNumber(errno);
                throw new IOException("open_tree of " + dir + " failed: " + (name != null ? name.name() : "errno " + errno));
            }
            return new MountClone((int) fd);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("open_tree of " + dir + " failed: " + t, t);
        }
    }

    /** The copy's root, as a path any file API can walk: {@code /proc/self/fd/N}. */
    Path root() {
        return Path.of("/proc/self/fd/" + fd);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            // nothing left to do: the descriptor is gone with the process
        }
    }
}
