package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.Damage;
import io.procsnap.format.ArchiveReader.Limits;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The zstd frames of an archive file: where each starts, its compressed and decompressed size and
 * checksum, from the seek table or from a sequential walk. Decompresses frames on demand into
 * buffers whose size is checked against {@link Limits#maxFrameSize()} first, keeping a few recent
 * ones. Thread-safe.
 */
public final class FrameStore {
    private static final int CACHED_FRAMES = 8;

    private final FileChannel channel;
    private final String file;
    private final Limits limits;
    private final long[] offsets;
    private final long[] compressedSizes;
    private final long[] decompressedSizes;
    /** Seek-table checksums, or null when the frames were found by walking. */
    private final int[] checksums;
    private final int count;
    /** Frames found damaged (failing to decompress or their checksum), with the message; never retried. */
    private final Map<Integer, String> damaged = new java.util.TreeMap<>();
    private final Map<Integer, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
            return size() > CACHED_FRAMES;
        }
    };

    private FrameStore(FileChannel channel, String file, Limits limits, long[] offsets, long[] compressedSizes,
                       long[] decompressedSizes, int[] checksums, int count) {
        this.channel = channel;
        this.file = file;
        this.limits = limits;
        this.offsets = offsets;
        this.compressedSizes = compressedSizes;
        this.decompressedSizes = decompressedSizes;
        this.checksums = checksums;
        this.count = count;
    }

    /** Frames as the seek table lists them; sizes are checked against the limits here. */
    public static FrameStore fromSeekTable(FileChannel channel, String file, Limits limits, SeekTable t)
            throws ArchiveException {
        int n = t.frames();
        long[] off = new long[n];
        long[] c = new long[n];
        long[] d = new long[n];
        int[] s = t.hasChecksums() ? new int[n] : null;
        long pos = 0;
        for (int k = 0; k < n; k++) {
            off[k] = pos;
            c[k] = t.compressedSize(k);
            d[k] = t.decompressedSize(k);
            if (d[k] > limits.maxFrameSize()) {
                throw new ArchiveException(Kind.HOSTILE, file + ": seek table entry for frame " + k + " (offset "
                        + pos + ") declares " + d[k] + " decompressed bytes, more than the limit of "
                        + limits.maxFrameSize());
            }
            if (s != null) {
                s[k] = t.checksum(k);
            }
            pos += c[k];
        }
        return new FrameStore(channel, file, limits, off, c, d, s, n);
    }

    /**
     * What a sequential walk found: the frames and, when it stopped early, why.
     *
     * @param damage        why the walk stopped before the end of the file ({@link Damage.Kind#CUT_OFF} or
     *                      {@link Damage.Kind#FRAME_HEADER}), or null
     * @param cutOff        the file ended inside a frame (as when a writer is killed)
     * @param seekTableSeen the walk reached a complete skippable frame (the seek table)
     */
    public record Walk(FrameStore store, Damage damage, boolean cutOff, boolean seekTableSeen) {
    }

    /**
     * Walks frames from the start of the file, stopping at the end, at the first skippable frame
     * (the seek table), or at the first frame that is truncated or malformed.
     */
    public static Walk walk(FileChannel channel, String file, Limits limits, long fileSize) throws IOException {
        long[] off = new long[64];
        long[] c = new long[64];
        long[] d = new long[64];
        int n = 0;
        long pos = 0;
        Damage damage = null;
        boolean seekTable = false;
        boolean cutOff = false;
        ZstdFrames.Source src = (p, dst, o, len) -> read(channel, p, dst, o, len);
        long maxCompressed = compressBound(limits.maxFrameSize());
        while (pos < fileSize) {
            ZstdFrames.FrameInfo f;
            try {
                f = ZstdFrames.frameAt(src, pos, fileSize, maxCompressed);
            } catch (FormatException e) {
                damage = Damage.at(Damage.Kind.FRAME_HEADER, n, pos, "frame " + n + " at offset " + pos + ": "
                        + e.getMessage());
                break;
            }
            if (f.truncated()) {
                cutOff = true;
                damage = Damage.at(Damage.Kind.CUT_OFF, f.skippable() ? -1 : n, pos, (f.skippable() ? "seek table"
                        : "frame " + n) + " at offset " + pos + " is cut off: the file ends " + (fileSize - pos)
                        + " bytes into it");
                break;
            }
            if (f.skippable()) {
                seekTable = true;
                break;
            }
            if (f.contentSize() > limits.maxFrameSize()) {
                damage = Damage.at(Damage.Kind.FRAME_HEADER, n, pos, "frame " + n + " at offset " + pos + " declares "
                        + f.contentSize() + " decompressed bytes, more than the limit of " + limits.maxFrameSize());
                break;
            }
            if (n == off.length) {
                off = Arrays.copyOf(off, n * 2);
                c = Arrays.copyOf(c, n * 2);
                d = Arrays.copyOf(d, n * 2);
            }
            off[n] = pos;
            c[n] = f.length();
            d[n] = f.contentSize();
            n++;
            pos += f.length();
        }
        return new Walk(new FrameStore(channel, file, limits, off, c, d, null, n), damage, cutOff, seekTable);
    }

    static long compressBound(long size) {
        return size + (size >> 7) + 1024;
    }

    public String file() {
        return file;
    }

    public Limits limits() {
        return limits;
    }

    public synchronized int count() {
        return count;
    }

    /** True when frame {@code k} failed to decompress or its checksum (it is never tried again). */
    public synchronized boolean isDamaged(int k) {
        return damaged.containsKey(k);
    }

    /** The frames found damaged so far, in order. */
    public synchronized java.util.List<Integer> damagedFrames() {
        return java.util.List.copyOf(damaged.keySet());
    }

    /** Compressed bytes of the frames found damaged so far. */
    public synchronized long damagedBytes() {
        long sum = 0;
        for (int k : damaged.keySet()) {
            sum += compressedSizes[k];
        }
        return sum;
    }

    public long offset(int k) {
        return offsets[k];
    }

    public long compressedSize(int k) {
        return compressedSizes[k];
    }

    /** Decompressed size, or -1 when a walked frame's header did not declare it. */
    public long decompressedSize(int k) {
        return decompressedSizes[k];
    }

    public boolean hasSeekTableChecksums() {
        return checksums != null;
    }

    public int seekTableChecksum(int k) {
        return checksums[k];
    }

    /** Compressed bytes from the start of the file to the end of frame {@code k - 1}. */
    public long bytesBefore(int k) {
        return k == 0 ? 0 : offsets[k - 1] + compressedSizes[k - 1];
    }

    /** The raw bytes of frame {@code k}, length checked against the limits. */
    public byte[] compressed(int k) throws IOException {
        long len = compressedSizes[k];
        if (len > compressBound(limits.maxFrameSize()) || len < 9) {
            throw new FrameDamageException(k, offsets[k], file + ": frame " + k + " at offset " + offsets[k] + " has "
                    + len + " compressed bytes, outside 9.." + compressBound(limits.maxFrameSize()));
        }
        byte[] b = new byte[(int) len];
        if (read(channel, offsets[k], b, 0, b.length) != b.length) {
            throw new FrameDamageException(k, offsets[k], file + ": frame " + k + " at offset " + offsets[k]
                    + " extends past the end of the file");
        }
        return b;
    }

    /** Frame {@code k} decompressed; its checksum was checked by zstd. */
    public byte[] frame(int k) throws IOException {
        synchronized (this) {
            if (k >= count) {
                throw new EOFException(file + ": frame " + k + " is beyond the last usable frame " + (count - 1));
            }
            byte[] cached = cache.get(k);
            if (cached != null) {
                return cached;
            }
            String known = damaged.get(k);
            if (known != null) {
                throw new FrameDamageException(k, offsets[k], known);
            }
        }
        byte[] b;
        try {
            b = decompress(k, compressed(k));
        } catch (FrameDamageException e) {
            synchronized (this) {
                damaged.put(k, e.getMessage());
            }
            throw e;
        }
        synchronized (this) {
            cache.put(k, b);
        }
        return b;
    }

    /**
     * Decompresses frame {@code k} into {@code dst} (as large as the frame) and keeps nothing, to check it as
     * {@link #frame} would: zstd's checksum and the declared size. A damaged frame is recorded as
     * {@link #frame} records it, and thrown.
     */
    public void check(int k, byte[] dst) throws IOException {
        synchronized (this) {
            String known = damaged.get(k);
            if (known != null) {
                throw new FrameDamageException(k, offsets[k], known);
            }
        }
        try {
            decompressInto(k, compressed(k), dst);
        } catch (FrameDamageException e) {
            synchronized (this) {
                damaged.put(k, e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Decompresses frame {@code k} into {@code dst[0, n)} and returns n, or -1 when the frame is damaged (known
     * or found now), beyond the last usable frame, of a size not known beforehand or larger than {@code dst}:
     * for reading ahead ({@link FramePrefetch}) without side effects. Nothing is recorded, nothing cached;
     * the frame's reader meets any damage itself.
     */
    public int decompressIfIntact(int k, byte[] dst) {
        synchronized (this) {
            if (k >= count || decompressedSizes[k] < 0 || decompressedSizes[k] > dst.length || damaged.containsKey(k)) {
                return -1;
            }
        }
        try {
            byte[] src = compressed(k);
            int n = ZstdCodec.decompress(src, 0, src.length, dst);
            return n == decompressedSizes[k] ? n : -1;
        } catch (IOException | FormatException e) {
            return -1;
        }
    }

    /** Decompresses frame {@code k}'s raw bytes into a buffer bounded by the limits. */
    public byte[] decompress(int k, byte[] src) throws IOException {
        long declared = decompressedSizes[k];
        int capacity = (int) (declared >= 0 ? declared : limits.maxFrameSize());
        byte[] dst = new byte[capacity];
        int n = decompressInto(k, src, dst);
        if (declared < 0) {
            decompressedSizes[k] = n;
            return Arrays.copyOf(dst, n);
        }
        return dst;
    }

    /** Decompresses frame {@code k}'s raw bytes into {@code dst}; a failure or another size than declared is damage. */
    private int decompressInto(int k, byte[] src, byte[] dst) throws FrameDamageException {
        long declared = decompressedSizes[k];
        int n;
        try {
            n = ZstdCodec.decompress(src, 0, src.length, dst);
        } catch (FormatException e) {
            throw new FrameDamageException(k, offsets[k], file + ": frame " + k + " at offset " + offsets[k] + ": "
                    + e.getMessage());
        }
        if (declared >= 0 && n != declared) {
            throw new FrameDamageException(k, offsets[k], file + ": frame " + k + " at offset " + offsets[k]
                    + " decompressed to " + n + " bytes, the seek table says " + declared);
        }
        return n;
    }

    /** Reads up to {@code len} bytes at {@code pos}, fewer only at the end of the file; returns how many. */
    public static int read(FileChannel ch, long pos, byte[] dst, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
        int total = 0;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    /** A frame that cannot be used: missing, truncated, or failing to decompress or its checksum. */
    public static final class FrameDamageException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int frame;
        private final long fileOffset;

        public FrameDamageException(int frame, long fileOffset, String message) {
            super(message);
            this.frame = frame;
            this.fileOffset = fileOffset;
        }

        public int frame() {
            return frame;
        }

        /** Where the frame starts in the file. */
        public long fileOffset() {
            return fileOffset;
        }

        /** The damage this is, as a record. */
        public Damage damage() {
            return Damage.at(Damage.Kind.FRAME, frame, fileOffset, getMessage());
        }
    }
}
