package io.procsnap.replay.parse;

/**
 * A hung-task report from the kernel log:
 * {@code INFO: task txg_sync:1234 blocked for more than 120 seconds.}
 *
 * @param seconds  kernel timestamp of the report, -1 when absent
 * @param lineIndex 0-based line number in the log text
 */
public record HungTask(String comm, int pid, long blockedSeconds, double seconds, int lineIndex) {
}
