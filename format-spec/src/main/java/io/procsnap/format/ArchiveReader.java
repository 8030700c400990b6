package io.procsnap.format;

import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.internal.ArchivePaths;
import io.procsnap.format.internal.Bytes;
import io.procsnap.format.internal.EntryWalk;
import io.procsnap.format.internal.FormatException;
import io.procsnap.format.internal.FrameCursor;
import io.procsnap.format.internal.FramePlan;
import io.procsnap.format.internal.FramePrefetch;
import io.procsnap.format.internal.FrameStore;
import io.procsnap.format.internal.GzipInput;
import io.procsnap.format.internal.IndexLookup;
import io.procsnap.format.internal.IndexTable;
import io.procsnap.format.internal.ManifestCodec;
import io.procsnap.format.internal.SeekTable;
import io.procsnap.format.internal.StreamCursor;
import io.procsnap.format.internal.TarConstants;
import io.procsnap.format.internal.TarEntryReader;
import io.procsnap.format.internal.TarSource;
import io.procsnap.format.internal.ZstdCodec;
import io.procsnap.format.internal.ZstdFrames;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a procsnap archive. Validates magic and version at open; finds entries through the seek
 * table and the index, decompressing only the frames that hold them; salvages archives whose tail is
 * missing or damaged (see {@link #summary()}). Every length read from the file is bounded before
 * anything is allocated. Thread-safe for concurrent reads.
 *
 * <p>{@link #entries()} and {@link #find(String)} declare no checked exception; when they must read
 * the file and meet damage or hostile content they throw {@link UncheckedIOException} wrapping an
 * {@link ArchiveException}.
 */
public final class ArchiveReader implements Closeable {

    /** Limits that contain hostile archives. */
    public record Limits(long maxEntrySize, int maxPaxHeaderSize, long maxFrameSize, long maxEntries,
                         long maxTotalDecompressed) {
        public static Limits defaults() {
            return new Limits(64L << 20, 64 << 10, 16L << 20, 10_000_000, 16L << 30);
        }
    }

    /** The manifest is small; anything larger is refused before it is read. */
    static final int MAX_MANIFEST_SIZE = 1 << 20;
    private static final int ZSTD_MAGIC = ZstdFrames.FRAME_MAGIC;

    private final Path path;
    private final String file;
    private final FileChannel channel;
    private final long fileSize;
    private final Limits limits;
    private final Compression compression;
    private Manifest manifest;
    /** The manifest's {@code format_minor}: 0 for format 1.0. */
    private int formatMinor;
    private FrameStore store;
    /** The index when it was found (seek table and index intact), else null. */
    private IndexLookup index;
    private ArchiveState state = ArchiveState.COMPLETE;
    /** Each damaged place found, in order; the same place met again is kept once ({@link #damageFound}). */
    private final List<Damage> damages = new ArrayList<>();
    /** Entries the index header says were written, once a walk read it (or the index was found), else -1. */
    private long indexedEntries = -1;
    private int framesTotal;
    private List<Entry> entries;
    private Map<String, Entry> byPath;
    private long durationNanos = -1;
    /** The gzip fallback's stream as last left by {@link #read(Entry)}. */
    private TarSource gzipStream;
    private boolean closed;

    private ArchiveReader(Path path, FileChannel channel, long fileSize, Limits limits, Compression compression) {
        this.path = path;
        this.file = path.toString();
        this.channel = channel;
        this.fileSize = fileSize;
        this.limits = limits;
        this.compression = compression;
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
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            byte[] magic = new byte[4];
            int n = readAt(ch, 0, magic);
            Compression c;
            if (n == 4 && Bytes.readIntLE(magic, 0) == ZSTD_MAGIC) {
                c = Compression.ZSTD_SEEKABLE;
            } else if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                c = Compression.GZIP;
            } else {
                throw new ArchiveException(Kind.NOT_AN_ARCHIVE, path + ": not a procsnap archive: it starts with bytes ["
                        + Bytes.hex(magic, 0, n) + "], expected a zstd frame [28 b5 2f fd] or gzip [1f 8b]");
            }
            ArchiveReader r = new ArchiveReader(path, ch, size, limits, c);
            if (c == Compression.ZSTD_SEEKABLE) {
                r.openZstd();
            } else {
                r.openGzip();
            }
            return r;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- open: zstd

    private void openZstd() throws IOException {
        if (!io.procsnap.format.internal.ZstdCodec.available()) {
            throw new IOException(file + ": a zstd archive, but the zstd native library cannot load here"
                    + " (it needs a writable, executable temp directory: set -Djava.io.tmpdir or ZstdNativePath)");
        }
        SeekTable table = null;
        if (fileSize >= SeekTable.FOOTER_SIZE + 4) {
            byte[] last = new byte[SeekTable.FOOTER_SIZE];
            readAt(channel, fileSize - last.length, last);
            SeekTable.Footer footer = SeekTable.footer(last);
            if (!footer.present()) {
                damageFound(ArchiveState.CUT_OFF, Damage.at(Damage.Kind.CUT_OFF, -1, fileSize - 4,
                        "no seek table at the end of the file (last 4 bytes [" + footer.foundMagic()
                        + "], expected the seekable magic [b1 ea 92 8f]): the capture was cut off"));
            } else {
                table = readSeekTable(footer);
            }
        } else {
            damageFound(ArchiveState.CUT_OFF, Damage.at(Damage.Kind.CUT_OFF, -1, 0, "file of " + fileSize
                    + " bytes is too short to hold a seek table: the capture was cut off"));
        }
        if (table != null) {
            store = FrameStore.fromSeekTable(channel, file, limits, table);
            framesTotal = store.count();
            manifest = readManifest();
            try {
                index = IndexLookup.locate(store, limits);
            } catch (FormatException e) {
                if (e.kind() != Kind.CORRUPT) {
                    throw new ArchiveException(e.kind(), file + ": " + e.getMessage());
                }
                damageFound(ArchiveState.SALVAGED, Damage.at(Damage.Kind.INDEX, -1, -1, "index: " + e.getMessage()));
            } catch (FrameStore.FrameDamageException e) {
                damageFound(ArchiveState.SALVAGED, e.damage());
            } catch (EOFException e) {
                damageFound(ArchiveState.SALVAGED, Damage.at(Damage.Kind.INDEX, -1, -1,
                        "index entry runs past the last usable frame (" + store.count() + " frames)"));
            }
            if (index == null) {
                if (damages.isEmpty()) {
                    damageFound(ArchiveState.SALVAGED, Damage.at(Damage.Kind.INDEX, -1, -1,
                            "no index entry found in the last frames"));
                }
                salvage();
            } else {
                durationNanos = index.number("duration_ns");
                indexedEntries = index.number("entries");
            }
            return;
        }
        FrameStore.Walk walk = FrameStore.walk(channel, file, limits, fileSize);
        store = walk.store();
        framesTotal = store.count();
        if (walk.damage() != null) {
            damageFound(ArchiveState.CUT_OFF, walk.damage());
        }
        if (walk.damage() != null && !walk.cutOff() || walk.seekTableSeen()) {
            state = ArchiveState.SALVAGED; // a malformed frame, or a whole seek table whose footer is unusable
        }
        if (store.count() == 0) {
            throw new ArchiveException(Kind.CORRUPT, file + ": nothing can be recovered: " + damageText());
        }
        manifest = readManifest();
        salvage();
    }

    /**
     * Records damage and moves a {@code COMPLETE} archive to {@code newState}. The same damage met again
     * (a listing, then a scan; a lookup, then a scan that also says where it resumed) is kept once, with
     * the most said about it.
     */
    private synchronized void damageFound(ArchiveState newState, Damage d) {
        if (state == ArchiveState.COMPLETE) {
            state = newState;
        }
        for (int i = 0; i < damages.size(); i++) {
            Damage known = damages.get(i);
            if (known.equals(d)) {
                return;
            }
            if (known.samePlace(d)) {
                if (d.saysMoreThan(known)) {
                    damages.set(i, d);
                }
                return;
            }
        }
        damages.add(d);
    }

    /** The damage found so far, each place's description (for messages that refuse the archive). */
    private synchronized String damageText() {
        StringBuilder b = new StringBuilder();
        for (Damage d : damages) {
            b.append(b.isEmpty() ? "" : "; ").append(d.description());
        }
        return b.toString();
    }

    /** Reads and checks the seek table; returns null (and records damage) when it cannot be used. */
    private SeekTable readSeekTable(SeekTable.Footer footer) throws IOException {
        if ((footer.descriptor() & SeekTable.RESERVED_BITS) != 0) {
            throw new ArchiveException(Kind.UNSUPPORTED_VERSION, file + ": seek table at offset "
                    + (fileSize - SeekTable.FOOTER_SIZE) + ": descriptor 0x" + Integer.toHexString(footer.descriptor())
                    + " has reserved bits 2-6 set; this reader supports only bit 7 (checksums) and ignores bits 0-1");
        }
        String problem = SeekTable.footerProblem(footer, fileSize);
        if (problem == null && footer.frames() * 9 > fileSize - footer.tableFrameSize()) {
            problem = "seek table claims " + footer.frames() + " frames, more than fit in the "
                    + (fileSize - footer.tableFrameSize()) + " bytes before it";
        }
        if (problem != null) {
            damageFound(ArchiveState.SALVAGED, Damage.at(Damage.Kind.SEEK_TABLE, -1, fileSize - SeekTable.FOOTER_SIZE,
                    problem + " (at offset " + (fileSize - SeekTable.FOOTER_SIZE) + ")"));
            return null;
        }
        long tableStart = fileSize - footer.tableFrameSize();
        byte[] t = new byte[(int) footer.tableFrameSize()];
        readAt(channel, tableStart, t);
        SeekTable table;
        try {
            table = SeekTable.parse(t, footer);
        } catch (FormatException e) {
            damageFound(ArchiveState.SALVAGED, Damage.at(Damage.Kind.SEEK_TABLE, -1, tableStart,
                    "seek table at offset " + tableStart + ": " + e.getMessage()));
            return null;
        }
        long sum = 0;
        for (int k = 0; k < table.frames(); k++) {
            sum += table.compressedSize(k);
        }
        if (sum != tableStart) {
            damageFound(ArchiveState.SALVAGED, Damage.at(Damage.Kind.SEEK_TABLE, -1, tableStart, "seek table at offset "
                    + tableStart + " lists frames of " + sum + " compressed bytes in total, but it starts at offset "
                    + tableStart));
            return null;
        }
        return table;
    }

    private Manifest readManifest() throws IOException {
        TarSource src = compression == Compression.GZIP ? gzipCursor() : new FrameCursor(store, 0, 0);
        return readManifest(src);
    }

    private Manifest readManifest(TarSource src) throws IOException {
        TarEntryReader.Parsed p;
        byte[] json;
        try {
            p = TarEntryReader.next(src, limits);
            if (p == null || !p.header().path().equals(TarConstants.MANIFEST_PATH)) {
                throw new ArchiveException(Kind.NOT_AN_ARCHIVE, file + ": not a procsnap archive: the first tar entry is "
                        + (p == null ? "the end-of-archive marker" : Bytes.quote(p.header().path()))
                        + ", expected manifest.json");
            }
            if (p.size() > MAX_MANIFEST_SIZE) {
                throw new ArchiveException(Kind.HOSTILE, file + ": frame 0, offset 0: manifest.json claims "
                        + p.size() + " bytes, more than the limit of " + MAX_MANIFEST_SIZE);
            }
            json = new byte[(int) p.size()];
            src.readFully(json, 0, json.length);
            src.skip(TarConstants.padding(p.size()));
            ManifestCodec.Decoded decoded = ManifestCodec.decodeVersioned(json);
            formatMinor = decoded.minor();
            return decoded.manifest();
        } catch (FormatException e) {
            throw new ArchiveException(e.kind(), file + ": " + e.getMessage());
        } catch (EOFException e) {
            throw new ArchiveException(Kind.CORRUPT, file + ": nothing can be recovered: the data ends inside"
                    + " manifest.json" + (damages.isEmpty() ? "" : " (" + damageText() + ")"));
        } catch (FrameStore.FrameDamageException e) {
            throw new ArchiveException(Kind.CORRUPT, file + ": nothing can be recovered: " + e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw new ArchiveException(Kind.CORRUPT, file + ": nothing can be recovered: gzip data damaged before"
                    + " the end of manifest.json: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- open: gzip

    private TarSource gzipCursor() throws IOException {
        return new StreamCursor(GzipInput.open(channel, file, limits.maxTotalDecompressed()));
    }

    private void openGzip() throws IOException {
        TarSource src = gzipCursor();
        manifest = readManifest(src);
        scanInto(src);
    }

    // ---------------------------------------------------------------- salvage

    /** Lists entries by walking every usable frame from the start; drops a partial last entry. */
    private void salvage() throws IOException {
        scanInto(new FrameCursor(store, 0, 0));
    }

    private void scanInto(TarSource src) throws IOException {
        walk(src, null, path -> false, null);
    }

    /**
     * Walks the tar stream from {@code src}, listing entries (first of duplicate paths) and handing them
     * with their content to {@code visitor} when there is one. Damage the walk resumed after, or ended
     * at, is recorded ({@link #damageFound}); the listing is kept when none was made yet and the walk read
     * every frame ({@code plan} null; else it reads those the plan says and ends at the index).
     */
    private void walk(TarSource src, EntryVisitor visitor, Predicate<String> contentOf, FramePlan plan)
            throws IOException {
        long[] listed = {index == null ? -1 : index.number("entries")};
        int expected = (int) Math.max(16, Math.min(listed[0], 1 << 20)); // sized once, not grown 14 times
        List<Entry> list = new ArrayList<>(expected);
        Map<String, Entry> map = new HashMap<>(expected * 4 / 3 + 1);
        boolean[] sawIndex = {plan != null}; // a plan ends the walk at the index, read at open
        EntryWalk.End end;
        Predicate<TarEntryReader.Parsed> wantsContent = p -> p.header().path().equals(TarConstants.INDEX_PATH)
                || visitor != null && !ArchivePaths.isFormatOwned(p.header().path())
                && contentOf.test(p.header().path());
        try (FramePrefetch prefetch = src instanceof FrameCursor
                ? FramePrefetch.forWalk(store, limits, wantsContent, plan) : null) {
            end = walk(src, visitor, list, map, sawIndex, listed, wantsContent, prefetch, plan);
        }
        for (Damage d : end.damage()) {
            damageFound(ArchiveState.SALVAGED, d);
        }
        switch (end.kind()) {
            case END_MARKER -> {
                if (!sawIndex[0]) {
                    damageFound(ArchiveState.SALVAGED, Damage.at(Damage.Kind.INDEX, -1, -1,
                            "end-of-archive marker without an index entry"));
                }
            }
            case CUT_OFF -> damageFound(index != null ? ArchiveState.SALVAGED : ArchiveState.CUT_OFF, end.stop());
            case DAMAGED -> damageFound(ArchiveState.SALVAGED, end.stop());
        }
        synchronized (this) {
            if (listed[0] >= 0) {
                indexedEntries = listed[0];
            }
            if (entries == null && plan == null) {
                entries = Collections.unmodifiableList(list);
                byPath = map;
            }
        }
    }

    private EntryWalk.End walk(TarSource src, EntryVisitor visitor, List<Entry> list, Map<String, Entry> map,
                               boolean[] sawIndex, long[] listed, Predicate<TarEntryReader.Parsed> wantsContent,
                               FramePrefetch prefetch, FramePlan plan) throws IOException {
        return EntryWalk.walk(src, file, limits, wantsContent,
                (p, content) -> {
                    String pth = p.header().path();
                    if (pth.equals(TarConstants.INDEX_PATH)) {
                        sawIndex[0] = true;
                        try {
                            IndexTable t = IndexTable.parse(content);
                            synchronized (this) {
                                durationNanos = t.number("duration_ns", -1);
                            }
                            if (listed[0] < 0) {
                                listed[0] = t.number("entries", -1);
                            }
                        } catch (FormatException e) {
                            damageFound(ArchiveState.SALVAGED, Damage.at(Damage.Kind.INDEX, p.frame(), -1,
                                    "index: " + e.getMessage()));
                        }
                        return true;
                    }
                    if (ArchivePaths.isFormatOwned(pth)) {
                        return true; // manifest.json, index-frames.tsv
                    }
                    if (map.size() >= limits.maxEntries()) {
                        throw new ArchiveException(Kind.HOSTILE, file + ": more than " + limits.maxEntries()
                                + " entries (limit), at " + where(p.frame(), p.offset()));
                    }
                    Entry e = new Entry(p.header(), p.size(), p.frame(), p.offset());
                    if (map.putIfAbsent(pth, e) == null) {
                        list.add(e);
                        if (visitor != null) {
                            visitor.visit(e, content);
                        }
                    }
                    return true;
                }, prefetch, plan);
    }

    private static String where(int frame, long offset) {
        return frame < 0 ? "stream offset " + offset : "frame " + frame + ", offset " + offset;
    }

    // ---------------------------------------------------------------- queries

    public Manifest manifest() {
        return manifest;
    }

    /** The format version the archive declares, {@code MAJOR.MINOR} ({@code 1.0}, {@code 1.1}). */
    public String formatVersion() {
        return manifest.formatVersion() + "." + formatMinor;
    }

    public synchronized ArchiveSummary summary() {
        long count;
        Map<Status, Long> counts;
        boolean lost = false;
        for (Damage d : damages) {
            lost |= d.kind().losesEntries();
        }
        if (index != null && entries == null && !lost) {
            count = index.number("entries");
            counts = index.counts();
        } else { // a listing says what was recovered when damaged frames lost entries
            counts = new EnumMap<>(Status.class);
            for (Entry e : entries()) {
                counts.merge(e.status(), 1L, Long::sum);
            }
            count = entries().size();
        }
        return summaryOf(count, counts);
    }

    private ArchiveSummary summaryOf(long count, Map<Status, Long> counts) {
        int usable = store == null ? 0 : store.count() - store.damagedFrames().size();
        long recovered = store == null ? fileSize : store.bytesBefore(store.count()) - store.damagedBytes();
        return new ArchiveSummary(state, count, counts, durationNanos, framesTotal, usable, recovered, fileSize,
                damages, indexedEntries);
    }

    public Compression compression() {
        return compression;
    }

    /** All entries in archive order (manifest and index excluded; of duplicate paths only the first). */
    public synchronized List<Entry> entries() {
        if (entries == null) {
            try {
                scanInto(new FrameCursor(store, 0, 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entries;
    }

    /**
     * The entries whose first header starts in zstd frame {@code k}, in archive order, read from the
     * frame's start (the writer starts every frame an index row points into with an entry); format-owned
     * entries are left out. Content is skipped, not read. The frame's decompressed bytes stay in the
     * reader's small frame cache, so reading the same entries' content next costs no decompression.
     *
     * @throws ArchiveException when the frame is damaged or does not start with a header
     */
    public List<Entry> entriesInFrame(int k) throws IOException {
        if (compression != Compression.ZSTD_SEEKABLE || k < 0 || k >= store.count()) {
            throw new IllegalArgumentException("no zstd frame " + k + " in " + file);
        }
        List<Entry> out = new ArrayList<>();
        try {
            IndexLookup.forEachInFrame(store, k, limits, p -> {
                if (!ArchivePaths.isFormatOwned(p.header().path())) {
                    out.add(new Entry(p.header(), p.size(), p.frame(), p.offset()));
                }
            });
            return out;
        } catch (FormatException e) {
            throw new ArchiveException(e.kind(), file + ": frame " + k + ": " + e.getMessage());
        } catch (FrameStore.FrameDamageException e) {
            damageFound(ArchiveState.SALVAGED, e.damage());
            throw new ArchiveException(Kind.CORRUPT, e.getMessage() + " (reading the headers of frame " + k + ")", e);
        } catch (EOFException e) {
            throw new ArchiveException(Kind.CORRUPT, file + ": frame " + k + " ends inside an entry's header", e);
        }
    }

    /** The entry stored at {@code path}, if any (the first one when the path repeats). */
    public Optional<Entry> find(String path) {
        if (ArchivePaths.problem(path) != null || ArchivePaths.isFormatOwned(path)) {
            return Optional.empty();
        }
        synchronized (this) {
            if (byPath != null) {
                Entry e = byPath.get(path);
                if (e != null || index == null || damages.isEmpty()) {
                    return Optional.ofNullable(e);
                }
                // a listing that met damage: the index says whether the path was lost in a damaged frame
            }
        }
        try {
            IndexTable.Row row = index.find(path);
            if (row == null) {
                return index.partial() ? Optional.ofNullable(scanMap().get(path)) : Optional.empty();
            }
            boolean atOffset = row.offset() >= 0; // index version 1 says where in the frame; version 2 only the frame
            if (row.frame() < 0 || row.frame() >= store.count()
                    || atOffset && row.offset() >= store.decompressedSize((int) row.frame())) {
                throw new ArchiveException(Kind.CORRUPT, file + ": index row for " + Bytes.quote(path) + " points at frame "
                        + row.frame() + (atOffset ? ", offset " + row.offset() : "") + ", outside the " + store.count()
                        + " frames");
            }
            TarEntryReader.Parsed p = atOffset
                    ? TarEntryReader.next(new FrameCursor(store, (int) row.frame(), row.offset()), limits)
                    : index.entryInFrame((int) row.frame(), path);
            if (p == null || !p.header().path().equals(path)) {
                throw new ArchiveException(Kind.CORRUPT, file + ": index row for " + Bytes.quote(path) + " points at frame "
                        + row.frame() + (atOffset ? ", offset " + row.offset() + ", which holds "
                        + (p == null ? "the end-of-archive marker" : Bytes.quote(p.header().path()))
                        : ", which starts no entry with that path"));
            }
            return Optional.of(new Entry(p.header(), p.size(), p.frame(), p.offset()));
        } catch (FormatException e) {
            throw new UncheckedIOException(new ArchiveException(e.kind(), file + ": " + e.getMessage()));
        } catch (FrameStore.FrameDamageException e) {
            damageFound(ArchiveState.SALVAGED, e.damage());
            throw new UncheckedIOException(new ArchiveException(Kind.CORRUPT, e.getMessage() + " (looking up "
                    + Bytes.quote(path) + ")", e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Receives the rows of {@link #indexRows}. */
    @FunctionalInterface
    public interface IndexRowVisitor {
        /**
         * @param frame  the frame where the entry's first header block starts
         * @param status how its read ended
         */
        void row(String path, long frame, Status status) throws IOException;
    }

    /**
     * Visits every row of the index ({@code index.tsv}: path, frame, status; sorted by path), reading no
     * entry: for a caller that needs only the paths and statuses (issue 16: {@code info}). Returns false,
     * visiting nothing, when the rows cannot stand for the entries: a gzip archive, no index, a partial
     * index, an index whose row count is not the entry count, or damage found so far. Frames that the
     * index does not cover are not checked here: {@link #verify()} does.
     */
    public boolean indexRows(IndexRowVisitor visitor) throws IOException {
        IndexTable table = wholeIndex();
        if (table == null || table.number("indexed", -1) != index.number("entries")) {
            return false;
        }
        try {
            table.forEachRow(visitor::row);
        } catch (FormatException e) {
            throw new ArchiveException(e.kind(), file + ": index: " + e.getMessage());
        }
        return true;
    }

    /**
     * True when every frame carries a content checksum and decompresses to the size the seek table declares,
     * zstd checking that checksum: what a walk would find wrong in the frames themselves (a damaged tar header
     * inside an intact frame it would find too; this does not look). Each frame is decompressed once into one
     * reused buffer; nothing is kept or recorded. False for gzip. New in issue 16: a caller that answers from
     * {@link #indexRows} checks with this that the walk it skips would have met no damage.
     */
    public boolean framesIntact() throws IOException {
        if (compression != Compression.ZSTD_SEEKABLE) {
            return false;
        }
        int n = store.count();
        long largest = 0;
        for (int k = 0; k < n; k++) {
            largest = Math.max(largest, store.decompressedSize(k));
        }
        if (largest > limits.maxFrameSize()) {
            return false;
        }
        byte[] dst = new byte[(int) largest];
        for (int k = 0; k < n; k++) {
            long declared = store.decompressedSize(k);
            if (declared < 0 || store.isDamaged(k)) {
                return false;
            }
            try {
                byte[] raw = store.compressed(k);
                if ((raw[4] & 0x04) == 0 || ZstdCodec.decompress(raw, 0, raw.length, dst) != declared) {
                    return false;
                }
            } catch (FrameStore.FrameDamageException | FormatException e) {
                return false;
            }
        }
        return true;
    }

    private synchronized Map<String, Entry> scanMap() {
        entries();
        return byPath;
    }

    /** The stored content of an entry (empty for directories, symlinks and failed reads). */
    public byte[] read(Entry entry) throws IOException {
        if (entry.header().type() == EntryType.DIRECTORY || entry.size() == 0) {
            return new byte[0];
        }
        if (compression == Compression.GZIP) {
            synchronized (this) {
                return readFrom(gzipAt(entry.offset()), entry);
            }
        }
        return readFrom(new FrameCursor(store, entry.frame(), entry.offset()), entry);
    }

    /**
     * A gzip stream positioned at {@code offset}: the last one used when it has not passed that offset
     * yet (reading entries in archive order decompresses the stream once), else a new one.
     */
    private TarSource gzipAt(long offset) throws IOException {
        if (gzipStream == null || gzipStream.offset() > offset) {
            gzipStream = gzipCursor();
        }
        gzipStream.skip(offset - gzipStream.offset());
        return gzipStream;
    }

    private byte[] readFrom(TarSource src, Entry entry) throws IOException {
        try {
            TarEntryReader.Parsed p = TarEntryReader.next(src, limits);
            if (p == null || !p.header().path().equals(entry.path())) {
                throw new ArchiveException(Kind.CORRUPT, file + ": " + where(entry.frame(), entry.offset())
                        + " does not hold " + Bytes.quote(entry.path()));
            }
            if (p.header().type() == EntryType.SYMLINK && p.header().linkTarget() != null) {
                return new byte[0];
            }
            byte[] content = new byte[(int) p.size()];
            src.readFully(content, 0, content.length);
            return content;
        } catch (FormatException e) {
            throw new ArchiveException(e.kind(), file + ": " + e.getMessage());
        } catch (FrameStore.FrameDamageException e) {
            damageFound(ArchiveState.SALVAGED, e.damage());
            throw new ArchiveException(Kind.CORRUPT, e.getMessage() + " (it holds " + Bytes.quote(entry.path()) + ")", e);
        } catch (java.util.zip.ZipException e) {
            throw new ArchiveException(Kind.CORRUPT, file + ": gzip data damaged before " + where(entry.frame(),
                    entry.offset()) + " or inside that entry: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new ArchiveException(Kind.CORRUPT, file + ": entry " + Bytes.quote(entry.path()) + " at "
                    + where(entry.frame(), entry.offset()) + " claims " + entry.size()
                    + " bytes but the archive's usable data ends first", e);
        }
    }

    /**
     * Visits every entry with its content, in archive order, decompressing each frame once. Damage does
     * not end the scan: after a damaged frame it resumes at the next frame that starts an entry (SPEC.md
     * "Damage"), and {@link #summary()} then says what was lost. Hostile content throws. Over three or more
     * zstd frames, up to min(3, CPUs - 1) threads of its own decompress the frames ahead and read their headers
     * (they end with the scan); {@code visitor} is called on the caller's thread.
     */
    public void scan(EntryVisitor visitor) throws IOException {
        scan(visitor, path -> true);
    }

    /**
     * {@link #scan(EntryVisitor)} handing {@code visitor} the content only of the entries whose path
     * {@code wantsContent} accepts; the others come with null content, their bytes skipped instead of
     * copied (issue 16: a command that reads a 10,000-thread capture's main pass alone skips its samples).
     * The entries, their order and the damage found are the same. {@code wantsContent} runs on the scan's
     * own threads too, so it must be thread-safe.
     */
    public void scan(EntryVisitor visitor, Predicate<String> wantsContent) throws IOException {
        TarSource src = compression == Compression.GZIP ? gzipCursor() : new FrameCursor(store, 0, 0);
        walk(src, visitor, wantsContent, null);
    }

    /**
     * {@link #scan(EntryVisitor, Predicate)} that does not read the frames whose entries {@code needed} all
     * declines, when the index can stand for them (issue 16: a command that reads a 10,000-thread capture's
     * main pass alone need not decompress nor parse the frames of its samples). Their entries come to
     * {@code unread} as their index rows (path, frame, status; in index order, before the walk) instead of to
     * {@code visitor}; the entries of every frame read come to {@code visitor} as {@link #scan} hands them
     * (an unneeded entry sharing a frame with a needed one too). The frames not read are still checked
     * (decompressed on a thread of their own and dropped: zstd's checksum and the declared size), so their
     * damage is reported in {@link #summary()} as a walk's would be; a corrupt tar header inside an intact
     * frame (a forged archive) is met only by a walk. The listing ({@link #entries()}) is not made here.
     *
     * <p>When the index cannot stand for the frames (gzip, no index, a partial index, one whose row count
     * is not the entry count, a row outside the frames before the index, damage found so far) every frame
     * is walked exactly as {@link #scan(EntryVisitor, Predicate)} does and {@code unread} gets nothing.
     *
     * @return the frames not read (0 when every frame was walked)
     */
    public int scan(EntryVisitor visitor, Predicate<String> wantsContent, Predicate<String> needed,
                    IndexRowVisitor unread) throws IOException {
        IndexTable table;
        FramePlan plan;
        synchronized (this) {
            table = wholeIndex();
            plan = null;
            if (table != null && table.number("indexed", -1) == index.number("entries")) {
                try {
                    plan = FramePlan.of(table, store.count(), index.indexFrame(), needed);
                } catch (FormatException e) {
                    plan = null; // a row that does not parse: the walk meets what is wrong, if anything
                }
            }
        }
        if (plan == null || plan.skipped() == 0) {
            scan(visitor, wantsContent);
            return 0;
        }
        plan.forEachUnreadRow(unread::row);
        FrameCheck check = new FrameCheck(plan.unreadFrames());
        check.start();
        try {
            walk(new FrameCursor(store, 0, 0), visitor, wantsContent, plan);
        } finally {
            for (Damage d : check.damage()) {
                damageFound(ArchiveState.SALVAGED, d);
            }
        }
        return plan.skipped();
    }

    /**
     * Checks the frames a walk does not read on a thread of its own while the walk goes on, as the walk would
     * meet them (zstd's checksum, the declared size; {@link FrameStore#check}), so that their damage is still
     * reported: the entries those frames hold are known from the index, but the archive is no longer whole.
     */
    private final class FrameCheck extends Thread {
        private final int[] frames;
        private final List<Damage> found = new ArrayList<>();

        FrameCheck(int[] frames) {
            super("procsnap-frame-check");
            setDaemon(true);
            this.frames = frames;
        }

        @Override
        public void run() {
            long largest = 0;
            for (int k : frames) {
                largest = Math.max(largest, store.decompressedSize(k));
            }
            byte[] buffer = new byte[(int) Math.min(largest, limits.maxFrameSize())];
            for (int k : frames) {
                try {
                    if (store.decompressedSize(k) > buffer.length) {
                        throw new FrameStore.FrameDamageException(k, store.offset(k), file + ": frame " + k
                                + " at offset " + store.offset(k) + " declares more than the frame limit");
                    }
                    store.check(k, buffer);
                } catch (FrameStore.FrameDamageException e) {
                    synchronized (found) {
                        found.add(e.damage());
                    }
                } catch (IOException e) {
                    synchronized (found) {
                        found.add(Damage.at(Damage.Kind.FRAME, k, store.offset(k), file + ": frame " + k
                                + ": " + e.getMessage()));
                    }
                }
            }
        }

        /** The damage found, once the check has ended. */
        List<Damage> damage() {
            boolean interrupted = false;
            while (isAlive()) {
                try {
                    join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            synchronized (found) {
                return List.copyOf(found);
            }
        }
    }

    /**
     * The whole index when it can stand for the entries (a zstd archive, an index found and not partial, no
     * damage found so far), else null.
     */
    private synchronized IndexTable wholeIndex() throws IOException {
        if (compression != Compression.ZSTD_SEEKABLE || index == null || index.partial() || !damages.isEmpty()
                || state != ArchiveState.COMPLETE) {
            return null;
        }
        try {
            return index.whole();
        } catch (FormatException e) {
            throw new ArchiveException(e.kind(), file + ": index: " + e.getMessage());
        } catch (FrameStore.FrameDamageException e) {
            damageFound(ArchiveState.SALVAGED, e.damage());
            return null;
        }
    }

    /** Decompresses every frame and checks it against the seek table's checksums. */
    public VerifyResult verify() throws IOException {
        return Verifier.verify(this);
    }

    FrameStore store() {
        return store;
    }

    FileChannel channel() {
        return channel;
    }

    String file() {
        return file;
    }

    Limits limits() {
        return limits;
    }

    Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    static int readAt(FileChannel ch, long pos, byte[] dst) throws IOException {
        return FrameStore.read(ch, pos, dst, 0, dst.length);
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
        public VerifyResult {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }
}
