package io.procsnap.replay.parse;

/**
 * One kernel log line from {@code dmesg} output: {@code [  378.123456] text} (timestamp optional).
 *
 * @param seconds  seconds since boot, or -1 when the line has no timestamp
 * @param text     message after the timestamp
 */
public record DmesgLine(double seconds, String text) {
}
