package io.procsnap.capture.watch;

import java.util.List;
import java.util.Map;

/**
 * The watch options, checked ({@link WatchCommand#config}); durations in nanoseconds.
 *
 * @param triggers     the enabled triggers and their thresholds (NaN for those without one)
 * @param mounts       {@code --mount} paths, or null for every mount that is not a pseudo filesystem
 * @param probe        {@code --probe} command, or null
 * @param captureArgs  options after {@code --}, given to every capture
 */
record WatchConfig(String dir, long intervalNanos, long holdNanos, long cooldownNanos, int keep, long maxBytes,
                   Map<TriggerKind, Double> triggers, List<String> mounts, long statfsIntervalNanos,
                   long statfsTimeoutNanos, long checkTimeoutNanos, String probe, long probeIntervalNanos,
                   long probeTimeoutNanos, int samples, long sampleIntervalNanos, long captureDeadlineNanos,
                   List<String> captureArgs) {

    boolean on(TriggerKind k) {
        return triggers.containsKey(k);
    }

    /** What each capture is given (before {@code -o}). */
    List<String> captureOptions() {
        List<String> args = new java.util.ArrayList<>(List.of("--samples", Integer.toString(samples), "--interval",
                io.procsnap.capture.Durations.format(sampleIntervalNanos), "--deadline",
                io.procsnap.capture.Durations.format(captureDeadlineNanos)));
        args.addAll(captureArgs);
        return args;
    }
}
