package io.procsnap.format.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** The tar stream read from a sequential stream (the gzip fallback); frame is always -1. */
public final class StreamCursor implements TarSource {
    private final InputStream in;
    private long position;

    public StreamCursor(InputStream in) {
        this.in = in;
    }

    @Override
    public void readFully(byte[] dst, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(dst, off + done, len - done);
            if (r < 0) {
                throw new EOFException("stream ends at offset " + (position + done));
            }
            done += r;
        }
        position += len;
    }

    @Override
    public void skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 64 << 10)];
        long left = n;
        while (left > 0) {
            int k = (int) Math.min(left, buf.length);
            readFully(buf, 0, k);
            left -= k;
        }
    }

    @Override
    public int frame() {
        return -1;
    }

    @Override
    public long offset() {
        return position;
    }
}
