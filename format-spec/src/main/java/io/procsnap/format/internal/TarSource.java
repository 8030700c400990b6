package io.procsnap.format.internal;

import java.io.IOException;

/** The decompressed tar stream, read forward, knowing where it is (frame and offset in the frame). */
public interface TarSource {
    /**
     * Fills {@code dst[off, off+len)}.
     *
     * @throws java.io.EOFException when the usable stream ends first
     */
    void readFully(byte[] dst, int off, int len) throws IOException;

    /** Skips {@code n} bytes, decompressing as little as possible. */
    void skip(long n) throws IOException;

    /** Frame of the next byte (-1 for gzip). */
    int frame();

    /** Offset of the next byte within its frame (within the whole stream for gzip). */
    long offset();
}
