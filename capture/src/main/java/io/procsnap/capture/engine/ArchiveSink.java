package io.procsnap.capture.engine;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;

import java.io.IOException;
import java.io.OutputStream;

/** The production sink: the format library's {@link ArchiveWriter} over the output stream. */
public final class ArchiveSink implements EntrySink {
    private final ArchiveWriter writer;
    private final OutputStream out;

    public ArchiveSink(ArchiveWriter writer, OutputStream out) {
        this.writer = writer;
        this.out = out;
    }

    @Override
    public void add(EntryHeader header, byte[] content, int offset, int length) throws IOException {
        writer.add(header, content, offset, length);
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
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
