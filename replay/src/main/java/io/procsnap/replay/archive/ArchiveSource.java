package io.procsnap.replay.archive;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Entry;
import io.procsnap.format.Manifest;
import java.io.IOException;
import java.util.List;

/**
 * What the virtual procfs and {@code extract} need from an archive: its entries, their content on demand,
 * and the facts shown under {@code .procsnap/}. The real implementation wraps {@link ArchiveReader}; tests
 * feed entries from memory.
 */
public interface ArchiveSource {

    /** Every entry in archive order (manifest and index excluded). */
    List<Entry> entries();

    /**
     * Hands every row of the archive's index to {@code visitor} (path, frame of its header, status)
     * without reading any entry, when the archive has a whole index ({@link ArchiveReader#indexRows});
     * false when it has none (damaged, cut off, gzip, or entries held in memory): use {@link #entries()}.
     */
    default boolean indexRows(ArchiveReader.IndexRowVisitor visitor) throws IOException {
        return false;
    }

    /** The entries whose header starts in zstd frame {@code frame}, in archive order. */
    default List<Entry> entriesInFrame(int frame) throws IOException {
        return entries().stream().filter(e -> e.frame() == frame).toList();
    }

    /** The stored content of one entry; called lazily, at most once per cache miss. */
    byte[] read(Entry entry) throws IOException;

    /** The archive's manifest, or null when it could not be read. */
    Manifest manifest();

    /** What the reader learned at open, or null when not known. */
    ArchiveSummary summary();

    /** Receives every entry with its content. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(Entry entry, byte[] content) throws IOException;
    }

    /**
     * Visits every entry with its content in archive order. The reader's version decompresses each
     * frame once; this default reads entry by entry.
     */
    default void scan(EntryVisitor visitor) throws IOException {
        for (Entry e : entries()) {
            visitor.visit(e, read(e));
        }
    }

    /** Wraps an open reader; the reader stays owned by the caller. */
    static ArchiveSource of(ArchiveReader reader) {
        return new ArchiveSource() {
            @Override
            public List<Entry> entries() {
                return reader.entries();
            }

            @Override
            public boolean indexRows(ArchiveReader.IndexRowVisitor visitor) throws IOException {
                return reader.indexRows(visitor);
            }

            @Override
            public List<Entry> entriesInFrame(int frame) throws IOException {
                return reader.entriesInFrame(frame);
            }

            @Override
            public byte[] read(Entry entry) throws IOException {
                return reader.read(entry);
            }

            @Override
            public Manifest manifest() {
                return reader.manifest();
            }

            @Override
            public ArchiveSummary summary() {
                return reader.summary();
            }

            @Override
            public void scan(EntryVisitor visitor) throws IOException {
                reader.scan(visitor::visit);
            }
        };
    }
}
