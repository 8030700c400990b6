package io.procsnap.format;

import io.procsnap.format.internal.ArchivePaths;
import io.procsnap.format.internal.FrameSink;
import io.procsnap.format.internal.IndexBuilder;
import io.procsnap.format.internal.ManifestCodec;
import io.procsnap.format.internal.TarConstants;
import io.procsnap.format.internal.TarHeaderWriter;
import io.procsnap.format.internal.ZstdCodec;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes a procsnap archive, format 1.1 (see SPEC.md), to a stream: {@code manifest.json} first, then
 * the entries as they come, then on {@link #close()} the index entry, the tar end and the seek table.
 *
 * <p>Streaming with bounded memory: at most one frame (4 MiB by default) of tar records is buffered;
 * every completed frame is written and flushed to the stream at once, so a capture killed midway
 * leaves every completed frame readable. Index rows are kept compactly (escaped path length plus
 * about 18 bytes per entry) for at most {@link Options#maxIndexedEntries()} entries; beyond that
 * the index is marked partial. Never throws because of entry content (a failed read is an entry
 * with a status; content beyond {@link #MAX_ENTRY_SIZE} is cut and marked truncated); only I/O on
 * the output stream throws. An invalid <em>path</em> is a programming error
 * ({@link IllegalArgumentException}).
 *
 * <p>Not thread-safe: one writer thread.
 */
public final class ArchiveWriter implements Closeable {

    /** Frame size used for the index, so a lookup decompresses little of it. */
    static final int INDEX_FRAME_SIZE = 64 << 10;

    /** Content stored per entry at most; longer content is cut and the entry marked truncated. */
    public static final int MAX_ENTRY_SIZE = 64 << 20;

    private static final byte[] ZERO_BLOCK = new byte[TarConstants.BLOCK];

    /**
     * Tunables; the defaults are what the spec describes. The zstd level is 2: on a real capture's tar
     * stream in 1 MiB frames it is both faster and smaller than zstd's default 3 (zstd-jni, 204 MB:
     * 3.78 MB in 126 CPU ms against 3.90 MB in 145 ms; 64 KiB index frames: 574 KB in 8.8 ms against
     * 594 KB in 10.4 ms; see CompressionLevelBench). Levels 1 and below are not much faster and larger.
     * Frames are 4 MiB: every frame starts zstd afresh, and on a format 1.1 capture of 10,000 threads
     * (204 MB of tar) 4 MiB frames compress to 2.51 MB in 87 CPU ms against 2.75 MB in 77 ms for 1 MiB
     * frames (CompressionLevelBench). A capture still writes its frame out at least once a second.
     */
    public record Options(int frameSize, int compressionLevel, boolean forceGzip, int maxIndexedEntries) {
        public static final int DEFAULT_FRAME_SIZE = 4 << 20;
        public static final int DEFAULT_COMPRESSION_LEVEL = 2;

        public static Options defaults() {
            return new Options(DEFAULT_FRAME_SIZE, DEFAULT_COMPRESSION_LEVEL, false, 4_000_000);
        }

        public Options withFrameSize(int size) {
            return new Options(size, compressionLevel, forceGzip, maxIndexedEntries);
        }

        public Options withForceGzip(boolean gzip) {
            return new Options(frameSize, compressionLevel, gzip, maxIndexedEntries);
        }

        public Options withMaxIndexedEntries(int max) {
            return new Options(frameSize, compressionLevel, forceGzip, max);
        }

        public Options withCompressionLevel(int level) {
            return new Options(frameSize, level, forceGzip, maxIndexedEntries);
        }
    }

    private final FrameSink sink;
    private final Compression compression;
    private final byte[] frame;
    private final IndexBuilder index;
    private final TarHeaderWriter.Encoder headers = new TarHeaderWriter.Encoder();
    private final long mtimeBase;
    private int used;
    /** Bytes after which the current frame ends: the frame size, or less while the index is written. */
    private int limit;
    private int frameNumber;
    private boolean closed;

    private ArchiveWriter(FrameSink sink, Compression compression, Options options, long mtimeBase) {
        this.sink = sink;
        this.compression = compression;
        int size = Math.max(2 * TarConstants.BLOCK, Math.min(64 << 20, options.frameSize()));
        this.frame = new byte[size - size % TarConstants.BLOCK];
        this.limit = frame.length;
        this.index = new IndexBuilder(options.maxIndexedEntries());
        this.mtimeBase = mtimeBase;
    }

    /** Opens a writer with default options; falls back to gzip when zstd's native library cannot load. */
    public static ArchiveWriter open(OutputStream out, Manifest manifest) throws IOException {
        return open(out, manifest, Options.defaults());
    }

    public static ArchiveWriter open(OutputStream out, Manifest manifest, Options options) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(manifest, "manifest");
        boolean zstd = !options.forceGzip() && ZstdCodec.available();
        FrameSink sink = zstd ? FrameSink.zstd(out, options.compressionLevel()) : FrameSink.gzip(out);
        long mtime = manifest.startUtc() == null ? 0 : manifest.startUtc().getEpochSecond();
        ArchiveWriter w = new ArchiveWriter(sink, zstd ? Compression.ZSTD_SEEKABLE : Compression.GZIP, options, mtime);
        byte[] json = ManifestCodec.encode(manifest);
        EntryHeader h = EntryHeader.file(TarConstants.MANIFEST_PATH).withOwner(0100444, manifest.capturedBy() == null
                ? -1 : manifest.capturedBy().uid(), manifest.capturedBy() == null ? -1 : manifest.capturedBy().gid());
        w.writeEntry(h, json, 0, json.length);
        w.endFrame(); // frame 0 holds only the manifest, so opening an archive decompresses little
        return w;
    }

    /**
     * Adds one entry. {@code content} may be null or empty for directories, symlinks and failed reads;
     * for a {@link Status#TRUNCATED} entry it holds the part that was read.
     */
    public void add(EntryHeader header, byte[] content) throws IOException {
        add(header, content, 0, content == null ? 0 : content.length);
    }

    public void add(EntryHeader header, byte[] content, int offset, int length) throws IOException {
        Objects.requireNonNull(header, "header");
        ensureOpen();
        int pathLength = headers.encodePath(header.path()); // reused by writeEntry's prepare and the index
        if (!ArchivePaths.valid(headers.pathBytes(), pathLength)) {
            throw new IllegalArgumentException("archive path " + header.path() + ": " + ArchivePaths.problem(header.path()));
        }
        if (ArchivePaths.isFormatOwned(header.path())) {
            throw new IllegalArgumentException("archive path " + header.path() + " is reserved for the format");
        }
        if (header.type() == EntryType.SYMLINK && header.status() == Status.OK && header.linkTarget() == null) {
            throw new IllegalArgumentException("symlink " + header.path() + " read ok needs a link target");
        }
        EntryHeader h = header;
        int len = content == null || header.type() != EntryType.FILE && header.type() != EntryType.SYMLINK
                ? 0 : length;
        if (header.type() == EntryType.SYMLINK && TarHeaderWriter.typeflag(header) == TarConstants.TYPE_SYMLINK) {
            len = 0;
        }
        if (len > MAX_ENTRY_SIZE) {
            len = MAX_ENTRY_SIZE;
            h = header.withStatus(Status.TRUNCATED, "cut at " + MAX_ENTRY_SIZE + " bytes by the archive writer");
        }
        long start = writeEntry(h, content, offset, len);
        long end = Math.max(0, h.startNanos()) + Math.max(0, h.elapsedNanos());
        index.add(headers.pathBytes(), headers.pathLength(), h.status(), frameNumberOf(start), end);
    }

    /**
     * Writes one entry's records; returns its frame number (for gzip: sync-flush points) and in-frame
     * offset packed in a long. An entry larger than a frame starts a frame and, once written, ends its
     * last one, so every frame starts with an entry's first header block or lies wholly inside one
     * entry (SPEC.md "Where frames are cut"): a lookup finds an entry by reading its frame from the start.
     */
    private long writeEntry(EntryHeader h, byte[] content, int offset, int len) throws IOException {
        long mtime = mtimeBase + Math.max(0, h.startNanos()) / 1_000_000_000L;
        int headerLength = headers.prepare(h, len, mtime);
        long total = headerLength + TarConstants.padded(len);
        if (used > 0 && used + total > limit) {
            endFrame();
        }
        long position = ((long) frameNumber << 32) | used;
        if (used + headerLength <= limit) {
            headers.writeTo(frame, used); // straight into the frame: no per-entry arrays
            used += headerLength;
        } else { // headers larger than what is left of a small frame: they span frames
            byte[] b = new byte[headerLength];
            headers.writeTo(b, 0);
            append(b, 0, headerLength);
        }
        if (len > 0) {
            append(content, offset, len);
            append(ZERO_BLOCK, 0, TarConstants.padding(len));
        }
        if (total > limit) {
            endFrame(); // the next entry starts a frame of its own, not the tail of this one's last frame
        }
        return position;
    }

    private static long frameNumberOf(long position) {
        return position >>> 32;
    }

    private void append(byte[] b, int off, int len) throws IOException {
        int pos = off;
        int left = len;
        while (left > 0) {
            if (used >= limit) {
                endFrame();
            }
            int n = Math.min(left, limit - used);
            System.arraycopy(b, pos, frame, used, n);
            used += n;
            pos += n;
            left -= n;
        }
    }

    private void endFrame() throws IOException {
        if (used == 0) {
            return;
        }
        sink.writeFrame(frame, used);
        frameNumber++;
        used = 0;
    }

    /** Ends the current frame now (the capture calls this between phases so a kill loses little). */
    public void flush() throws IOException {
        ensureOpen();
        endFrame();
    }

    /** Compressed bytes written to the stream so far. */
    public long bytesWritten() {
        return sink.bytesWritten();
    }

    /** Entries added so far. */
    public long entryCount() {
        return index.entries();
    }

    public Compression compression() {
        return compression;
    }

    /**
     * Writes the index ({@code index.tsv} in small frames, then its frame map {@code index-frames.tsv}),
     * the tar end-of-archive and the seek table, then closes the stream.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            endFrame(); // the index starts in a fresh frame
            IndexBuilder.Sorted sorted = index.sort();
            limit = Math.min(frame.length, INDEX_FRAME_SIZE);
            long indexFrame = frameNumber;
            EntryHeader h = EntryHeader.file(TarConstants.INDEX_PATH).withOwner(0100444, -1, -1);
            byte[] headers = TarHeaderWriter.headers(h, sorted.length(), mtimeBase);
            append(headers, 0, headers.length);
            byte[] headerLine = sorted.header();
            append(headerLine, 0, headerLine.length);
            java.io.ByteArrayOutputStream map = new java.io.ByteArrayOutputStream();
            long[] lastFrame = {-1};
            sorted.writeRows((b, off, len) -> {
                if (used >= limit) {
                    endFrame();
                }
                if (frameNumber != lastFrame[0]) {
                    lastFrame[0] = frameNumber;
                    int tab = off;
                    while (b[tab] != '\t') {
                        tab++;
                    }
                    map.writeBytes((frameNumber + "\t" + used + "\t").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    map.write(b, off, tab - off);
                    map.write('\n');
                }
                append(b, off, len);
            });
            String rowsEnd = frameNumber + ":" + used;
            int pad = TarConstants.padding(sorted.length());
            append(new byte[pad], 0, pad);
            endFrame();
            limit = frame.length;
            String version = "\tversion=" + io.procsnap.format.internal.IndexTable.VERSION;
            String line = new String(headerLine, java.nio.charset.StandardCharsets.UTF_8).replace(
                    io.procsnap.format.internal.IndexTable.MAGIC + version,
                    io.procsnap.format.internal.IndexFrames.MAGIC + version + "\tindex_frame=" + indexFrame
                            + "\trows_end=" + rowsEnd);
            byte[] mapBytes = map.toByteArray();
            byte[] lineBytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] locator = java.util.Arrays.copyOf(lineBytes, lineBytes.length + mapBytes.length);
            System.arraycopy(mapBytes, 0, locator, lineBytes.length, mapBytes.length);
            EntryHeader lh = EntryHeader.file(TarConstants.INDEX_FRAMES_PATH).withOwner(0100444, -1, -1);
            byte[] locatorHeaders = TarHeaderWriter.headers(lh, locator.length, mtimeBase);
            append(locatorHeaders, 0, locatorHeaders.length);
            append(locator, 0, locator.length);
            int end = TarConstants.padding(locator.length) + 2 * TarConstants.BLOCK;
            append(new byte[end], 0, end);
            endFrame();
            sink.finish();
        } finally {
            sink.close();
        }
    }

    /**
     * Ends the archive the way a killed capture leaves it: the current frame is written, but no index
     * and no seek table, and the stream is closed. Readers then report {@link ArchiveState#CUT_OFF}.
     * For fixtures and tests of the salvage path.
     */
    public void abandon() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            endFrame();
        } finally {
            sink.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("archive writer is closed");
        }
    }
}
