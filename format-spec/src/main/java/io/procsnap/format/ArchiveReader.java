package io.procsnap.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a procsnap archive. Validates magic and version at open; finds entries through the seek
 * table and the index, decompressing only the frames that hold them; salvages archives whose tail is
 * missing or damaged (see {@link #summary()}). Every length read from the file is bounded before
 * anything is allocated. Thread-safe for concurrent reads.
 */
public final class ArchiveReader implements Closeable {

    /** Limits that contain hostile archives. */
    public record Limits(long maxEntrySize, int maxPaxHeaderSize, long maxFrameSize, long maxEntries,
                         long maxTotalDecompressed) {
        public static Limits defaults() {
            return new Limits(64L << 20, 64 << 10, 16L << 20, 10_000_000, 16L << 30);
        }
    }

    /**
     * Opens an archive. A cut-off or damaged tail does not fail the open: what can be salvaged is
     * served and {@link #summary()} says what happened.
     *
     * @throws ArchiveException when the file is not a procsnap archive, has an unsupported version,
     *                          or nothing can be recovered from it
     */
    public static ArchiveReader open(Path path) throws IOException {
        return open(path, Limits.defaults());
    }

    public static ArchiveReader open(Path path, Limits limits) throws IOException {
        throw new UnsupportedOperationException("format-spec reader: being implemented");
    }

    public Manifest manifest() {
        throw new UnsupportedOperationException();
    }

    public ArchiveSummary summary() {
        throw new UnsupportedOperationException();
    }

    public Compression compression() {
        throw new UnsupportedOperationException();
    }

    /** All entries in archive order (manifest and index excluded). */
    public List<Entry> entries() {
        throw new UnsupportedOperationException();
    }

    /** The entry stored at {@code path}, if any. */
    public Optional<Entry> find(String path) {
        throw new UnsupportedOperationException();
    }

    /** The stored content of an entry (empty for directories, symlinks and failed reads). */
    public byte[] read(Entry entry) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Visits every entry with its content, in archive order, decompressing each frame once. */
    public void scan(EntryVisitor visitor) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Decompresses every frame and checks it against the seek table's checksums. */
    public VerifyResult verify() throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Receives entries from {@link #scan(EntryVisitor)}. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(Entry entry, byte[] content) throws IOException;
    }

    /**
     * @param framesChecked frames decompressed
     * @param problems      one line per damaged frame ("frame 12 at offset 4711: checksum 0x.. != 0x..")
     */
    public record VerifyResult(int framesChecked, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }
}
