package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveException.Kind;

import java.io.EOFException;
import java.io.IOException;

/**
 * The tar stream across consecutive frames of a {@link FrameStore}, starting anywhere. Whole frames
 * that are skipped over are not decompressed (their decompressed sizes are known) unless the size is
 * unknown. Counts decompressed bytes against {@code maxTotalDecompressed}.
 */
public final class FrameCursor implements TarSource {
    private final FrameStore store;
    private int frame;
    private long pos;
    private byte[] current;
    /** Bytes of the current frame in {@code current} (a buffer adopted from a prefetch may be longer). */
    private int currentLength;
    private long decompressed;

    public FrameCursor(FrameStore store, int frame, long offset) {
        this.store = store;
        this.frame = frame;
        this.pos = offset;
    }

    /** Moves to {@code offset} in frame {@code k} (keeps the current frame's content when it stays). */
    public void seek(int k, long offset) {
        if (k != frame) {
            current = null;
        }
        frame = k;
        pos = offset;
    }

    /**
     * True when frame {@code k} starts with a checksum-verified tar header block (not a zero block):
     * where an entry starts after damage. Leaves the cursor at the start of frame {@code k}.
     *
     * @throws FrameStore.FrameDamageException when frame {@code k} itself is damaged
     */
    public boolean startsWithHeader(int k) throws IOException {
        seek(k, 0);
        if (k >= store.count()) {
            return false;
        }
        load();
        if (currentLength < TarConstants.BLOCK || TarHeaderParser.isZeroBlock(current, 0)) {
            return false;
        }
        try {
            TarHeaderParser.parseUstar(current, 0);
            return true;
        } catch (FormatException e) {
            return false;
        }
    }

    /**
     * True when the cursor stands at the start of frame {@code k} (a frame's first entry starts there): the
     * place a walk can take a {@link FramePrefetch} proposal.
     */
    public boolean atStartOf(int k) {
        return frame == k && pos == 0;
    }

    /**
     * Takes frame {@code k}'s bytes, decompressed elsewhere ({@link FramePrefetch}), as if loaded here: they
     * count against the limit on decompressed bytes, as a load does. Keeps a frame already loaded. The cursor
     * must stand in frame {@code k}.
     */
    public void adopt(int k, byte[] data, int length) throws IOException {
        if (frame != k) {
            throw new IllegalStateException("cursor in frame " + frame + ", not " + k);
        }
        if (current == null) {
            current = data;
            currentLength = length;
            count(k);
        }
    }

    public FrameStore store() {
        return store;
    }

    /** Moves to the next frame while the position is past the end of the current one. */
    private void normalize() throws IOException {
        while (frame < store.count()) {
            long size = store.decompressedSize(frame);
            if (size < 0) {
                load();
                size = currentLength;
            }
            if (pos < size) {
                return;
            }
            pos -= size;
            frame++;
            current = null;
        }
    }

    private void load() throws IOException {
        if (current == null) {
            current = store.frame(frame);
            currentLength = current.length;
            count(frame);
        }
    }

    private void count(int k) throws ArchiveException {
        decompressed += currentLength;
        long max = store.limits().maxTotalDecompressed();
        if (decompressed > max) {
            throw new ArchiveException(Kind.HOSTILE, store.file() + ": frame " + k + " at offset "
                    + store.offset(k) + ": more than " + max + " bytes decompressed in one pass (limit)");
        }
    }

    @Override
    public void readFully(byte[] dst, int off, int len) throws IOException {
        int o = off;
        int left = len;
        while (left > 0) {
            normalize();
            if (frame >= store.count()) {
                throw new EOFException(store.file() + ": the usable frames end before " + left + " more bytes");
            }
            load();
            int n = (int) Math.min(left, currentLength - pos);
            System.arraycopy(current, (int) pos, dst, o, n);
            pos += n;
            o += n;
            left -= n;
        }
    }

    @Override
    public void skip(long n) throws IOException {
        pos += n;
        normalize();
        if (frame >= store.count() && pos > 0) {
            throw new EOFException(store.file() + ": the usable frames end " + pos + " bytes before the skip target");
        }
    }

    @Override
    public int frame() {
        try {
            normalize();
        } catch (IOException e) {
            return frame;
        }
        return frame;
    }

    @Override
    public long offset() {
        try {
            normalize();
        } catch (IOException e) {
            return pos;
        }
        return pos;
    }
}
