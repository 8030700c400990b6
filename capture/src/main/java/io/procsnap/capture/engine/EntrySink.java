package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;

import java.io.IOException;

/**
 * Where entries end up: the archive writer in production ({@code ArchiveSink}), memory in tests.
 * Called from one thread only (the engine's writer thread).
 */
public interface EntrySink {
    void add(EntryHeader header, byte[] content, int offset, int length) throws IOException;

    /** End the current frame (between phases, so a kill loses little). */
    void flush() throws IOException;

    /** Bytes written to the output so far. */
    long bytesWritten();

    /** Finish the archive (index, seek table) and close the output. */
    void close() throws IOException;

    /** Stop after an output failure: release the output without writing anything more. */
    default void abort() {
    }
}
