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
        if (current.length < TarConstants.BLOCK || TarHeaderParser.isZeroBlock(current, 0)) {
            return false;
        }
        try {
            TarHeaderParser.parseUstar(current, 0);
            return true;
        } catch (FormatException e) {
            return false;
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
                size = current.length;
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
            decompressed += current.length;
            long max = store.limits().maxTotalDecompressed();
            if (decompressed > max) {
                throw new ArchiveException(Kind.HOSTILE, store.file() + ": frame " + frame + " at offset "
                        + store.offset(frame) + ": more than " + max + " bytes decompressed in one pass (limit)");
            }
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
            int n = (int) Math.min(left, current.length - pos);
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
