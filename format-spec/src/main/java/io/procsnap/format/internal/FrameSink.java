package io.procsnap.format.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Where the writer's frames go: independent zstd frames recorded for the seek table, or the gzip
 * fallback (one gzip member, sync-flushed at every frame boundary so a cut file still inflates up to
 * the last boundary). Counts the compressed bytes written.
 */
public abstract class FrameSink implements AutoCloseable {
    protected final CountingStream out;

    protected FrameSink(OutputStream out) {
        this.out = new CountingStream(out);
    }

    /** Compresses and writes {@code buf[0, len)} as one frame, then flushes the stream. */
    public abstract void writeFrame(byte[] buf, int len) throws IOException;

    /** Writes what ends the container (seek table, gzip trailer) and closes the stream. */
    public abstract void finish() throws IOException;

    public long bytesWritten() {
        return out.count;
    }

    public static FrameSink zstd(OutputStream out, int level) {
        return new Zstd(out, level);
    }

    public static FrameSink gzip(OutputStream out) throws IOException {
        return new Gzip(out);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static final class Zstd extends FrameSink {
        private final ZstdCodec.Compressor compressor;
        private int frames;
        private int[] compressed = new int[64];
        private int[] decompressed = new int[64];
        private int[] checksums = new int[64];

        Zstd(OutputStream out, int level) {
            super(out);
            compressor = new ZstdCodec.Compressor(level);
        }

        @Override
        public void writeFrame(byte[] buf, int len) throws IOException {
            int length = compressor.compressInto(buf, len);
            byte[] frame = compressor.buffer();
            out.write(frame, 0, length);
            out.flush();
            if (frames == compressed.length) {
                compressed = Arrays.copyOf(compressed, frames * 2);
                decompressed = Arrays.copyOf(decompressed, frames * 2);
                checksums = Arrays.copyOf(checksums, frames * 2);
            }
            compressed[frames] = length;
            decompressed[frames] = len;
            // The frame's content checksum (low 32 bits of XXH64, little-endian) is its last 4 bytes:
            // the same value the seek table stores.
            checksums[frames] = Bytes.readIntLE(frame, length - 4);
            frames++;
        }

        @Override
        public void finish() throws IOException {
            byte[] table = SeekTable.encode(frames, compressed, decompressed, checksums);
            out.write(table, 0, table.length);
            out.flush();
            compressor.close();
            out.close();
        }
    }

    private static final class Gzip extends FrameSink {
        private final GZIPOutputStream gzip;

        Gzip(OutputStream out) throws IOException {
            super(out);
            gzip = new GZIPOutputStream(this.out, 64 << 10, true);
        }

        @Override
        public void writeFrame(byte[] buf, int len) throws IOException {
            gzip.write(buf, 0, len);
            gzip.flush();
        }

        @Override
        public void finish() throws IOException {
            gzip.finish();
            gzip.close();
        }
    }
}
