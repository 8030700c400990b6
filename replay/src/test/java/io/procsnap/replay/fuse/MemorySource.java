package io.procsnap.replay.fuse;

import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import io.procsnap.replay.archive.ArchiveSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An archive held in memory, for tests of the tree, the callbacks and extract. */
final class MemorySource implements ArchiveSource {
    static final Instant START = Instant.parse("2026-11-22T01:00:00Z");

    private final List<Entry> entries = new ArrayList<>();
    private final Map<Entry, byte[]> contents = new HashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    MemorySource add(EntryHeader header, byte[] content) {
        byte[] c = content == null ? new byte[0] : content;
        Entry e = new Entry(header, c.length, 0, entries.size());
        entries.add(e);
        contents.put(e, c);
        return this;
    }

    MemorySource file(String path, String content) {
        return add(EntryHeader.file(path).withOwner(0100444, 0, 0), content.getBytes(StandardCharsets.UTF_8));
    }

    MemorySource file(String path, String content, int mode, long uid, long gid) {
        return add(EntryHeader.file(path).withOwner(mode, uid, gid), content.getBytes(StandardCharsets.UTF_8));
    }

    MemorySource failed(String path, Status status, String detail, long elapsedNanos) {
        return add(EntryHeader.file(path).withOwner(0100444, 0, 0).withStatus(status, detail)
                .withTiming(1_000_000, elapsedNanos), null);
    }

    MemorySource dir(String path, int mode, long uid, long gid) {
        return add(EntryHeader.directory(path).withOwner(mode, uid, gid), null);
    }

    MemorySource link(String path, String target) {
        return add(EntryHeader.symlink(path, target).withOwner(0120777, 0, 0), null);
    }

    @Override
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public byte[] read(Entry entry) throws IOException {
        reads.incrementAndGet();
        byte[] c = contents.get(entry);
        if (c == null) {
            throw new IOException("no such entry " + entry.path());
        }
        return c;
    }

    @Override
    public Manifest manifest() {
        return new Manifest(Manifest.FORMAT_VERSION, "procsnap", "test",
                new Manifest.Host("testhost", "6.18.0", "boot-id", null), new Manifest.Captor(0, 0, 0), START,
                1_000_000_000L, Map.of("timeout", "2s"), new Manifest.Platform("amd64", 100, 4096, "test"), Map.of());
    }

    @Override
    public ArchiveSummary summary() {
        Map<Status, Long> counts = new HashMap<>();
        entries.forEach(e -> counts.merge(e.status(), 1L, Long::sum));
        return new ArchiveSummary(ArchiveState.COMPLETE, entries.size(), counts, 5_000_000L, 1, 1, 100, 100, null);
    }
}
