package io.procsnap.format.internal;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.util.Native;

/** The only class that touches zstd-jni: one-shot frame compression and bounded decompression. */
public final class ZstdCodec {
    private static volatile Boolean available;
    /**
     * Idle decompression contexts: creating one costs more than decompressing a small frame. A pool,
     * not a ThreadLocal: zstd-jni contexts hold native memory that only close() frees, and threads
     * (FUSE workers) come and go.
     */
    private static final java.util.concurrent.ArrayBlockingQueue<ZstdDecompressCtx> IDLE =
            new java.util.concurrent.ArrayBlockingQueue<>(8);

    private ZstdCodec() {
    }

    /** True when the native library loads here (it needs a writable, executable temp directory). */
    public static boolean available() {
        Boolean a = available;
        if (a == null) {
            try {
                Native.load();
                a = Native.isLoaded();
            } catch (Throwable e) { // UnsatisfiedLinkError, or anything the loader throws on an odd platform
                a = false;
            }
            available = a;
        }
        return a;
    }

    /** A reusable compressor writing one independent frame per call, with content size and checksum. */
    public static final class Compressor implements AutoCloseable {
        private final ZstdCompressCtx ctx;

        public Compressor(int level) {
            ctx = new ZstdCompressCtx();
            ctx.setLevel(level);
            ctx.setChecksum(true);
            ctx.setContentSize(true);
        }

        private byte[] dst = new byte[0];

        /** Compresses {@code src[0, len)} into one frame. */
        public byte[] compress(byte[] src, int len) {
            int n = compressInto(src, len);
            return java.util.Arrays.copyOf(dst, n);
        }

        /**
         * Compresses {@code src[0, len)} into one frame held in {@link #buffer()}, reused from call to
         * call (same bytes as {@link #compress}); returns the frame's length. The buffer starts at an
         * eighth of the input (a capture's frames compress to 1-5%) and grows to zstd's bound only for
         * a frame that does not fit, compressed again: a 4 MiB frame does not keep 4 MiB more on the heap.
         */
        public int compressInto(byte[] src, int len) {
            int bound = (int) com.github.luben.zstd.Zstd.compressBound(len);
            int first = Math.min(bound, Math.max(64 << 10, len >> 3));
            if (dst.length < first) {
                dst = new byte[first];
            }
            try {
                return ctx.compressByteArray(dst, 0, dst.length, src, 0, len);
            } catch (ZstdException tooSmall) {
                if (dst.length >= bound) {
                    throw tooSmall;
                }
                dst = new byte[bound];
                return ctx.compressByteArray(dst, 0, dst.length, src, 0, len);
            }
        }

        /** The buffer {@link #compressInto} wrote the last frame to. */
        public byte[] buffer() {
            return dst;
        }

        @Override
        public void close() {
            ctx.close();
        }
    }

    /**
     * Decompresses exactly one frame into {@code dst}; returns the bytes produced. The frame's
     * content checksum, when present, is checked by zstd itself.
     *
     * @throws FormatException when the frame is corrupt or would produce more than {@code dst.length} bytes
     */
    public static int decompress(byte[] src, int off, int len, byte[] dst) throws FormatException {
        ZstdDecompressCtx ctx = IDLE.poll();
        if (ctx == null) {
            ctx = new ZstdDecompressCtx();
        }
        try {
            return ctx.decompressByteArray(dst, 0, dst.length, src, off, len);
        } catch (ZstdException e) {
            ctx.reset();
            throw new FormatException(io.procsnap.format.ArchiveException.Kind.CORRUPT,
                    "zstd frame does not decompress into at most " + dst.length + " bytes: " + e.getMessage());
        } finally {
            if (!IDLE.offer(ctx)) {
                ctx.close();
            }
        }
    }
}
