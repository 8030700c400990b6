package io.procsnap.replay.fuse;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import org.cryptomator.jfuse.api.FuseConfig;

/**
 * Turns on {@code direct_io} for every open file. libfuse 3.14 no longer accepts {@code -o direct_io}
 * at mount; it must be set in {@code struct fuse_config} during {@code init}, and jfuse 0.7.1 exposes
 * that struct read-only. Its Linux implementation is a record over the native segment, so this writes
 * the field through jfuse's own generated accessor ({@code extr.fuse3.fuse_config.direct_io}). Any
 * failure is reported, not thrown: the mount still works for archive files (their size is exact),
 * only the caller's own live files would then read as empty.
 */
final class DirectIo {
    private static final System.Logger LOG = System.getLogger(DirectIo.class.getName());
    private static final String ACCESSOR = "org.cryptomator.jfuse.linux.amd64.extr.fuse3.fuse_config";

    private DirectIo() {
    }

    /**
     * The native structure behind one of jfuse's records: {@code struct fuse_config} for a {@link FuseConfig}
     * (libfuse's {@code &f->conf}), {@code struct fuse_conn_info} for a {@code FuseConnInfo}.
     */
    static MemorySegment segment(Object record) throws ReflectiveOperationException {
        Method segmentOf = record.getClass().getDeclaredMethod("segment");
        segmentOf.setAccessible(true);
        return (MemorySegment) segmentOf.invoke(record);
    }

    /** jfuse's generated accessors of {@code struct fuse_config}: field offsets, getters and setters. */
    static Class<?> accessor(FuseConfig config) throws ReflectiveOperationException {
        return Class.forName(ACCESSOR, true, config.getClass().getClassLoader());
    }

    /** Returns true when {@code direct_io} was set. */
    static boolean enable(FuseConfig config) {
        if (config == null) {
            return false;
        }
        try {
            accessor(config).getMethod("direct_io", MemorySegment.class, int.class).invoke(null, segment(config), 1);
            return config.directIo() == 1;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot enable direct_io (" + e + "); live /proc/self files may read empty");
            return false;
        }
    }
}
