package io.procsnap.replay.parse;

/**
 * {@code /proc/PID/statm}: {@code 765 362 339 5 0 90 0}, all in pages.
 */
public record Statm(long size, long resident, long shared, long text, long lib, long data, long dirty) {
}
