package io.procsnap.replay.model;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * statfs(2) through the foreign function API, rendered as the capture's {@code statfs/<k>} text so live
 * and archived snapshots parse the same way. Layout of {@code struct statfs} on 64-bit Linux (x86_64 and
 * aarch64): eleven 8-byte words f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_fsid,
 * f_namelen, f_frsize, f_flags, then spare words.
 */
final class StatfsCall {
    private static final int STRUCT_SIZE = 120;
    private static final MethodHandle STATFS;

    static {
        MethodHandle handle = null;
        try {
            Linker linker = Linker.nativeLinker();
            handle = linker.downcallHandle(linker.defaultLookup().find("statfs").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                    Linker.Option.captureCallState("errno"));
        } catch (RuntimeException | LinkageError e) {
            handle = null;
        }
        STATFS = handle;
    }

    private StatfsCall() {
    }

    static boolean available() {
        return STATFS != null && ValueLayout.ADDRESS.byteSize() == 8;
    }

    /** The statfs text for {@code mountPoint}; throws with an errno name on failure. */
    static byte[] statfs(String mountPoint, String fstype) throws java.io.IOException {
        if (!available()) {
            throw new java.io.IOException("statfs not available on this platform");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errnoState = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment buf = arena.allocate(STRUCT_SIZE, 8);
            int rc = (int) STATFS.invokeExact(errnoState, arena.allocateFrom(mountPoint), buf);
            if (rc != 0) {
                int errno = errnoState.get(ValueLayout.JAVA_INT,
                        Linker.Option.captureStateLayout().byteOffset(
                                java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
                throw new java.nio.file.FileSystemException(mountPoint, null, errnoName(errno));
            }
            long[] w = new long[11];
            for (int i = 0; i < 11; i++) {
                w[i] = buf.get(ValueLayout.JAVA_LONG, i * 8L);
            }
            return new io.procsnap.format.layout.StatfsRecord(mountPoint, fstype, w[0], w[1], w[9], w[2], w[3], w[4], w[5],
                    w[6], w[8], Long.toString(w[10] & ~ST_VALID), "statfs").toBytes();
        } catch (java.io.IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new java.io.IOException("statfs " + mountPoint + ": " + t, t);
        }
    }

    /** ST_VALID: set by the kernel on every statfs result, not a mount flag. */
    private static final long ST_VALID = 0x20;

    private static String errnoName(int errno) {
        return switch (errno) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 5 -> "Input/output error";
            case 13 -> "Permission denied";
            case 38 -> "ENOSYS";
            case 107 -> "ENOTCONN";
            case 116 -> "ESTALE";
            default -> "errno " + errno;
        };
    }
}
