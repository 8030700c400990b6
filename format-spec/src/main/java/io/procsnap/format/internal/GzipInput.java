package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveException.Kind;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.zip.GZIPInputStream;

/** The gzip fallback's decompressed stream, with its own file position and a ceiling on output. */
public final class GzipInput {
    private GzipInput() {
    }

    public static InputStream open(FileChannel channel, String file, long maxDecompressed) throws IOException {
        InputStream raw = new BufferedInputStream(new PositionalStream(channel), 64 << 10);
        try {
            return new Ceiling(new GZIPInputStream(raw, 64 << 10), file, maxDecompressed);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new ArchiveException(Kind.CORRUPT, file + ": offset 0: gzip header unusable: " + e.getMessage());
        }
    }

    private static final class PositionalStream extends InputStream {
        private final FileChannel channel;
        private long pos;

        PositionalStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = channel.read(java.nio.ByteBuffer.wrap(b, off, len), pos);
            if (n > 0) {
                pos += n;
            }
            return n;
        }
    }

    private static final class Ceiling extends InputStream {
        private final InputStream in;
        private final String file;
        private final long max;
        private long count;

        Ceiling(InputStream in, String file, long max) {
            this.in = in;
            this.file = file;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new ArchiveException(Kind.HOSTILE, file + ": gzip stream offset " + count
                            + ": more than " + max + " bytes decompressed (limit)");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
