package io.procsnap.capture.watch;

import io.procsnap.capture.engine.NativeIo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * New records of the kernel log, read from {@code /dev/kmsg} through the bundle's JNI library
 * ({@code src/main/c/procsnap-io.c}): opened {@code O_RDONLY|O_NONBLOCK}, positioned at the end with
 * {@code lseek(SEEK_END)} so only records logged after the watcher started are seen, and read without
 * ever blocking (EAGAIN: nothing new). Reading /dev/kmsg consumes nothing: every opener has its own
 * position (never {@code /proc/kmsg}, which does). Java cannot open with O_NONBLOCK nor seek a
 * character device to its end, hence the library; without it (the plain jar without
 * {@code -Dprocsnap.native}) hung tasks are still seen through {@code hung_task_detect_count}.
 */
final class KernelLog implements AutoCloseable {
    private static final int MAX_RECORDS_PER_DRAIN = 512;
    private int fd;
    private final String unavailable;
    private long missed;

    private KernelLog(int fd, String unavailable) {
        this.fd = fd;
        this.unavailable = unavailable;
    }

    /** /dev/kmsg (or {@code path}, for tests) opened at its end; {@link #unavailable} says why not. */
    static KernelLog open(String path) {
        String problem = NativeIo.problem(); // the readers' library, loaded once for both
        if (problem != null) {
            return new KernelLog(-1, "no JNI library: " + problem);
        }
        int fd;
        try {
            fd = open0(path.getBytes(StandardCharsets.UTF_8));
        } catch (UnsatisfiedLinkError e) {
            return new KernelLog(-1, "the JNI library has no kmsg reader: " + e.getMessage());
        }
        return fd < 0 ? new KernelLog(-1, path + ": errno " + -fd) : new KernelLog(fd, null);
    }

    /** Why records are not read, or null when they are. */
    String unavailable() {
        return unavailable;
    }

    /** Records overwritten in the ring before they were read (EPIPE), since the start. */
    long missed() {
        return missed;
    }

    /** The records logged since the last call, at most {@value #MAX_RECORDS_PER_DRAIN}; never blocks. */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        if (fd < 0) {
            return out;
        }
        byte[] buf = new byte[8192];
        while (out.size() < MAX_RECORDS_PER_DRAIN) {
            int n = read0(fd, buf);
            if (n == 0) {
                break;
            }
            if (n == -32) { // EPIPE: the ring overwrote records we had not read; the next read goes on
                missed++;
                continue;
            }
            if (n < 0) {
                break;
            }
            out.add(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            close0(fd);
            fd = -1;
        }
    }

    /** open(O_RDONLY|O_NONBLOCK|O_CLOEXEC) and lseek(0, SEEK_END): the fd, or -errno. */
    private static native int open0(byte[] path);

    /** One record into {@code buf}: its length, 0 when there is none (EAGAIN), or -errno. */
    private static native int read0(int fd, byte[] buf);

    private static native void close0(int fd);
}
