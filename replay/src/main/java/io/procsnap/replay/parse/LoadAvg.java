package io.procsnap.replay.parse;

/** {@code /proc/loadavg}: {@code 0.49 0.54 0.26 1/89 6590}. */
public record LoadAvg(double load1, double load5, double load15, int runnable, int total, int lastPid) {
}
