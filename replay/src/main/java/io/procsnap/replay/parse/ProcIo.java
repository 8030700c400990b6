package io.procsnap.replay.parse;

/**
 * {@code /proc/PID/io}; absent counters are -1.
 * <pre>
 * rchar: 2012
 * wchar: 0
 * syscr: 7
 * syscw: 0
 * read_bytes: 0
 * write_bytes: 0
 * cancelled_write_bytes: 0
 * </pre>
 */
public record ProcIo(long rchar, long wchar, long syscr, long syscw, long readBytes, long writeBytes,
                     long cancelledWriteBytes) {
}
