package io.procsnap.replay.fuse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import org.cryptomator.jfuse.api.FileInfo;

/**
 * Sets {@code direct_io} and {@code keep_cache} on one open file, and {@code keep_cache} with
 * {@code cache_readdir} on an opened directory whose listing never changes. jfuse 0.7.1's {@link FileInfo} has
 * no setter for them; its Linux implementation is a record over the native {@code struct
 * fuse_file_info}, whose second 32-bit word holds the bit fields {@code writepage:1, direct_io:1,
 * keep_cache:1, ..., cache_readdir:1 (the 7th), ...} (libfuse 3.x, least significant bit first on x86_64 and
 * aarch64).
 *
 * <p>Archive files are opened with {@code keep_cache}: their content never changes, so the kernel
 * serves repeated reads from its page cache. The caller's own live files get {@code direct_io}: their
 * size is 0, as on procfs, and every read must reach the server.
 */
final class OpenFlags {
    private static final System.Logger LOG = System.getLogger(OpenFlags.class.getName());
    private static final String FILE_INFO = "org.cryptomator.jfuse.linux.amd64.FileInfoImpl";
    private static final long BITS_OFFSET = 4;
    private static final int DIRECT_IO = 1 << 1;
    private static final int KEEP_CACHE = 1 << 2;
    private static final int CACHE_READDIR = 1 << 6;
    private static final Method SEGMENT = segmentAccessor();

    private OpenFlags() {
    }

    private static Method segmentAccessor() {
        try {
            Method m = Class.forName(FILE_INFO).getDeclaredMethod("segment");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "per-file open flags unavailable (" + e + "); every file uses direct_io");
            return null;
        }
    }

    /** Whether per-file flags can be set; when not, the mount turns on direct_io for every file. */
    static boolean available() {
        return SEGMENT != null;
    }

    /** Sets the flags on {@code fi}; returns false when {@code fi} is not jfuse's native structure. */
    static boolean set(FileInfo fi, boolean directIo, boolean keepCache) {
        MemorySegment s = bits(fi);
        if (s == null) {
            return false;
        }
        int bits = s.get(ValueLayout.JAVA_INT_UNALIGNED, BITS_OFFSET);
        bits = directIo ? bits | DIRECT_IO : bits & ~DIRECT_IO;
        bits = keepCache ? bits | KEEP_CACHE : bits & ~KEEP_CACHE;
        s.set(ValueLayout.JAVA_INT_UNALIGNED, BITS_OFFSET, bits);
        return true;
    }

    /**
     * Tells the kernel to keep an opened directory's listing: {@code keep_cache} and {@code cache_readdir}
     * on {@code fi}. libfuse 3.16 and later pass them on from the high-level {@code opendir}; 3.14 drops
     * them, and {@link CachedListings} sets them on the request's own structure ({@link #keepListing(MemorySegment)}).
     */
    static void keepListing(FileInfo fi) {
        MemorySegment s = bits(fi);
        if (s != null) {
            keepListing(s);
        }
    }

    /** {@link #keepListing(FileInfo)} on a native {@code struct fuse_file_info}. */
    static void keepListing(MemorySegment fileInfo) {
        MemorySegment s = fileInfo.reinterpret(BITS_OFFSET + 4);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, BITS_OFFSET,
                s.get(ValueLayout.JAVA_INT_UNALIGNED, BITS_OFFSET) | KEEP_CACHE | CACHE_READDIR);
    }

    /** The native structure behind {@code fi}, sized to its bit-field word, or null when it is not jfuse's. */
    private static MemorySegment bits(FileInfo fi) {
        if (SEGMENT == null || !SEGMENT.getDeclaringClass().isInstance(fi)) {
            return null;
        }
        try {
            return ((MemorySegment) SEGMENT.invoke(fi)).reinterpret(BITS_OFFSET + 4);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
