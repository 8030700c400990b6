package io.procsnap.capture.engine;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The production sink: the format library's {@link ArchiveWriter} over the output stream. Besides the
 * frames that fill up and the flushes between phases, it ends the current frame once a second, so a
 * capture killed at any moment loses at most about a second of reads.
 */
public final class ArchiveSink implements EntrySink {
    /** Longest time read entries may sit in the writer's frame buffer before they are written out. */
    static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;

    private final ArchiveWriter writer;
    private final OutputStream out;
    private long lastFlush = System.nanoTime();

    public ArchiveSink(ArchiveWriter writer, OutputStream out) {
        this.writer = writer;
        this.out = out;
    }

    @Override
    public void add(EntryHeader header, byte[] content, int offset, int length) throws IOException {
        writer.add(header, content, offset, length);
        if (System.nanoTime() - lastFlush >= FLUSH_INTERVAL_NANOS) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
        lastFlush = System.nanoTime();
    }

    @Override
    public long bytesWritten() {
        return writer.bytesWritten();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    @Override
    public void abort() {
        try {
            out.close();
        } catch (IOException e) {
            // the output already failed; nothing more to save
        }
    }
}
