package io.procsnap.capture;

import io.procsnap.capture.engine.EntrySink;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Status;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** An in-memory sink for tests: keeps every entry in order. */
public final class MemorySink implements EntrySink {
    public record Stored(EntryHeader header, byte[] content) {
        public String text() {
            return content == null ? "" : new String(content, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final List<Stored> entries = new ArrayList<>();
    private boolean closed;
    private int flushes;
    private long bytes;

    @Override
    public synchronized void add(EntryHeader header, byte[] content, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("add after close: " + header.path());
        }
        entries.add(new Stored(header, content == null ? null : Arrays.copyOfRange(content, offset, offset + length)));
        bytes += 512 + length;
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public synchronized long bytesWritten() {
        return bytes;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean closed() {
        return closed;
    }

    public synchronized List<Stored> entries() {
        return List.copyOf(entries);
    }

    public synchronized Optional<Stored> find(String path) {
        return entries.stream().filter(e -> e.header().path().equals(path)).findFirst();
    }

    public Stored get(String path) {
        return find(path).orElseThrow(() -> new AssertionError("no entry " + path + " among " + paths()));
    }

    public synchronized List<String> paths() {
        return entries.stream().map(e -> e.header().path()).collect(Collectors.toList());
    }

    public synchronized List<Stored> withStatus(Status status) {
        return entries.stream().filter(e -> e.header().status() == status).collect(Collectors.toList());
    }
}
