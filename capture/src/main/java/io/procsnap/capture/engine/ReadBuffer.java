package io.procsnap.capture.engine;

import java.nio.ByteBuffer;

/**
 * One reader thread's reusable buffers. For NIO reads, a read buffer, direct so that read(2) fills it
 * without an intermediate copy: starts at {@link #INITIAL} bytes, grows by doubling up to the per-file
 * cap for the rare large file (mountinfo, net/tcp on a busy host), and shrinks back after it so an
 * abandoned thread holds little. For {@link NativeIo} calls, the array their small results come back in.
 */
final class ReadBuffer {
    static final int INITIAL = 64 << 10;
    private static final int KEEP = 256 << 10;

    /** The NIO read buffer; made on the first NIO read (the JNI reader keeps its own in native memory). */
    ByteBuffer bytes;
    /**
     * The small results of the last read, whichever reader made it: [0] the errno of a failed
     * {@link NativeIo} call, [1] 1 when a file read stopped at the cap with more content behind it;
     * [1..3] mode, uid, gid after an lstat.
     */
    final int[] status = new int[4];
    /** One byte, to learn whether a file at the cap has more. */
    ByteBuffer probe;

    /** The read buffer, cleared, made first if this thread has not read through NIO yet. */
    ByteBuffer cleared() {
        if (bytes == null) {
            bytes = ByteBuffer.allocateDirect(INITIAL);
            probe = ByteBuffer.allocateDirect(1);
        }
        bytes.clear();
        return bytes;
    }

    /**
     * Grows to at least one byte more than now (keeping what was read), never beyond {@code cap};
     * false when already at the cap.
     */
    boolean grow(int cap) {
        if (bytes.capacity() >= cap) {
            return false;
        }
        ByteBuffer bigger = ByteBuffer.allocateDirect((int) Math.min((long) bytes.capacity() * 2, cap));
        bytes.flip();
        bigger.put(bytes);
        bytes = bigger;
        return true;
    }

    void shrink() {
        if (bytes.capacity() > KEEP) {
            bytes = ByteBuffer.allocateDirect(INITIAL);
        }
    }
}
