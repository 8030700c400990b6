package io.procsnap.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a procsnap archive v1 (see SPEC.md) to a stream: {@code manifest.json} first, then the
 * entries as they come, then on {@link #close()} the index entry, the tar end and the seek table.
 *
 * <p>Streaming with bounded memory: at most one frame (about 1 MiB) of tar records is buffered;
 * every completed frame is written and flushed to the stream at once, so a capture killed midway
 * leaves every completed frame readable. Never throws because of entry content (a failed read is an
 * entry with a status); only I/O on the output stream throws.
 *
 * <p>Not thread-safe: one writer thread.
 */
public final class ArchiveWriter implements Closeable {

    /** Tunables; the defaults are what the spec describes. */
    public record Options(int frameSize, int compressionLevel, boolean forceGzip, int maxIndexedEntries) {
        public static final int DEFAULT_FRAME_SIZE = 1 << 20;

        public static Options defaults() {
            return new Options(DEFAULT_FRAME_SIZE, 3, false, 4_000_000);
        }

        public Options withFrameSize(int size) {
            return new Options(size, compressionLevel, forceGzip, maxIndexedEntries);
        }

        public Options withForceGzip(boolean gzip) {
            return new Options(frameSize, compressionLevel, gzip, maxIndexedEntries);
        }
    }

    /** Opens a writer with default options; falls back to gzip when zstd's native library cannot load. */
    public static ArchiveWriter open(OutputStream out, Manifest manifest) throws IOException {
        return open(out, manifest, Options.defaults());
    }

    public static ArchiveWriter open(OutputStream out, Manifest manifest, Options options) throws IOException {
        throw new UnsupportedOperationException("format-spec writer: being implemented");
    }

    /**
     * Adds one entry. {@code content} may be null or empty for directories, symlinks and failed reads;
     * for a {@link Status#TRUNCATED} entry it holds the part that was read.
     */
    public void add(EntryHeader header, byte[] content) throws IOException {
        add(header, content, 0, content == null ? 0 : content.length);
    }

    public void add(EntryHeader header, byte[] content, int offset, int length) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Ends the current frame now (the capture calls this between phases so a kill loses little). */
    public void flush() throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Compressed bytes written to the stream so far. */
    public long bytesWritten() {
        throw new UnsupportedOperationException();
    }

    /** Entries added so far. */
    public long entryCount() {
        throw new UnsupportedOperationException();
    }

    public Compression compression() {
        throw new UnsupportedOperationException();
    }

    /** Writes the index, the tar end-of-archive and the seek table, then closes the stream. */
    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException();
    }
}
