package io.procsnap.capture.engine;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The production sink: the format library's {@link ArchiveWriter} over the output stream. Besides the
 * frames that fill up and the flushes between phases, it ends the current frame once a second, so a
 * capture killed at any moment loses at most about a second of reads.
 *
 * <p>The writer may still be opening on another thread (the manifest made and written, the compressor
 * and checksum set up: {@code CaptureCommand} does so beside the fast pass): the first entry waits for
 * it, and the entries read meanwhile wait in the engine's writer, whose queue is bounded. When the
 * opening failed, every call fails with its cause and the capture stops as on an output failure.
 */
public final class ArchiveSink implements EntrySink {
    /** Longest time read entries may sit in the writer's frame buffer before they are written out. */
    static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;

    private final Future<ArchiveWriter> opening;
    /** The opened writer, once the writer thread has waited for it; read by {@link #bytesWritten} from any thread. */
    private volatile ArchiveWriter writer;
    private final OutputStream out;
    private long lastFlush = System.nanoTime();

    public ArchiveSink(ArchiveWriter writer, OutputStream out) {
        this(CompletableFuture.completedFuture(writer), out);
    }

    /** @param opening the writer, still opening on another thread */
    public ArchiveSink(Future<ArchiveWriter> opening, OutputStream out) {
        this.opening = opening;
        this.out = out;
    }

    private ArchiveWriter writer() throws IOException {
        ArchiveWriter w = writer;
        if (w == null) {
            try {
                w = opening.get();
            } catch (ExecutionException e) {
                throw new IOException("the archive was not opened", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("the archive was not opened", e);
            }
            writer = w;
        }
        return w;
    }

    @Override
    public void add(EntryHeader header, byte[] content, int offset, int length) throws IOException {
        writer().add(header, content, offset, length);
        if (System.nanoTime() - lastFlush >= FLUSH_INTERVAL_NANOS) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        writer().flush();
        lastFlush = System.nanoTime();
    }

    @Override
    public long bytesWritten() {
        ArchiveWriter w = writer;
        return w == null ? 0 : w.bytesWritten();
    }

    @Override
    public void close() throws IOException {
        writer().close();
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
