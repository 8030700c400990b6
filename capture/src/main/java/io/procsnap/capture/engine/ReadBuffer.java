package io.procsnap.capture.engine;

import java.util.Arrays;

/**
 * One reader thread's reusable read buffer: starts at {@link #INITIAL} bytes, grows by doubling up to
 * the per-file cap for the rare large file (mountinfo, net/tcp on a busy host), and shrinks back after
 * it so an abandoned thread holds little.
 */
final class ReadBuffer {
    static final int INITIAL = 64 << 10;
    private static final int KEEP = 256 << 10;

    byte[] bytes = new byte[INITIAL];

    /** Grows to at least one byte more than now, never beyond {@code cap}; false when already at the cap. */
    boolean grow(int cap) {
        if (bytes.length >= cap) {
            return false;
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min((long) bytes.length * 2, cap));
        return true;
    }

    void shrink() {
        if (bytes.length > KEEP) {
            bytes = new byte[INITIAL];
        }
    }
}
