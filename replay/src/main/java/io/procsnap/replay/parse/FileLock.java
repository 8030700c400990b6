package io.procsnap.replay.parse;

/**
 * One row of {@code /proc/locks}:
 * <pre>
 * 1: POSIX  ADVISORY  WRITE 6601 00:1f:1234 0 EOF
 * 2: FLOCK  ADVISORY  WRITE 812 fd:00:393 0 EOF
 * 3: -> POSIX  ADVISORY  WRITE 6602 00:1f:1234 0 EOF
 * </pre>
 *
 * @param blocked  the {@code ->} marker: this process waits for the lock above
 * @param device   {@code major:minor} of the file's device
 * @param end      {@code EOF} or a number
 */
public record FileLock(int id, boolean blocked, String kind, String mode, String access, int pid, String device,
                       long inode, String start, String end) {
}
