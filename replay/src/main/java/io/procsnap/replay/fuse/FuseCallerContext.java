package io.procsnap.replay.fuse;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Reads the caller of the current request from libfuse3's {@code fuse_get_context()}. jfuse 0.7.1
 * does not expose the request context, so this binds the function itself with FFM from the same
 * library jfuse loaded ({@code dlopen} of an already loaded library returns the same handle, hence
 * the same thread-local context). Valid only on a FUSE worker thread during a callback.
 *
 * <pre>
 * struct fuse_context { struct fuse *fuse; uid_t uid; gid_t gid; pid_t pid; void *private_data; mode_t umask; };
 * </pre>
 */
final class FuseCallerContext implements CallerContext {
    private static final long UID_OFFSET = 8;
    private static final long GID_OFFSET = 12;
    private static final long PID_OFFSET = 16;
    private static final long CONTEXT_SIZE = 40;

    private final MethodHandle fuseGetContext;
    private final Path libfuse;

    FuseCallerContext(Path libfuse) {
        this.libfuse = libfuse;
        SymbolLookup lib = SymbolLookup.libraryLookup(libfuse, Arena.global());
        MemorySegment fn = lib.find("fuse_get_context")
                .orElseThrow(() -> new UnsatisfiedLinkError("fuse_get_context not found in " + libfuse));
        AddressLayout pointer = ValueLayout.ADDRESS.withTargetLayout(
                java.lang.foreign.MemoryLayout.sequenceLayout(CONTEXT_SIZE, ValueLayout.JAVA_BYTE));
        fuseGetContext = Linker.nativeLinker().downcallHandle(fn, FunctionDescriptor.of(pointer));
    }

    /** The libfuse3 library the context is read from (the one jfuse loaded). */
    Path libfuse() {
        return libfuse;
    }

    @Override
    public Caller current() {
        try {
            MemorySegment ctx = (MemorySegment) fuseGetContext.invokeExact();
            if (ctx.equals(MemorySegment.NULL)) {
                return Caller.UNKNOWN;
            }
            return new Caller(ctx.get(ValueLayout.JAVA_INT, PID_OFFSET), ctx.get(ValueLayout.JAVA_INT, UID_OFFSET),
                    ctx.get(ValueLayout.JAVA_INT, GID_OFFSET));
        } catch (Throwable t) {
            return Caller.UNKNOWN;
        }
    }
}
