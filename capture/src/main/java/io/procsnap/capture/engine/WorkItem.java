package io.procsnap.capture.engine;

import java.util.List;
import java.util.Objects;

/**
 * One thing to read, as declared by a collector. The engine alone executes it, under its timeout.
 *
 * @param path         archive path of the entry it produces ({@code proc/306/stat}); for a command the
 *                     prefix {@code cmd/NAME}
 * @param source       absolute path on this machine to read ({@code /proc/306/stat}); for a statfs the
 *                     mount point; for a command unused (empty)
 * @param kind         what to do
 * @param timeoutNanos how long the read may take before the watchdog abandons it
 * @param risky        may hang in the kernel (per-process files, statfs, zpool): skipped once the cap on
 *                     abandoned threads is reached
 * @param guards       circuit-breaker keys: when any of them has tripped, the item is skipped
 * @param trips        circuit-breaker keys this item trips when it times out
 * @param args         command line for {@link Kind#COMMAND}; mount point, fstype, mount options for
 *                     {@link Kind#STATFS}; empty otherwise
 * @param keepContent  hand the content to the follow-up (small system files only)
 * @param followUp     declares more items from the outcome, or null
 */
public record WorkItem(String path, String source, Kind kind, long timeoutNanos, boolean risky,
                       List<String> guards, List<String> trips, List<String> args, boolean keepContent,
                       FollowUp followUp) {

    public WorkItem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        guards = guards == null ? List.of() : guards;
        trips = trips == null ? List.of() : trips;
        args = args == null ? List.of() : args;
        SafetyPolicy.check(kind, source);
    }

    /** A plain item: no breaker, not risky, no follow-up. */
    public static WorkItem of(String path, String source, Kind kind, long timeoutNanos) {
        return new WorkItem(path, source, kind, timeoutNanos, false, null, null, null, false, null);
    }

    /**
     * A risky item guarded by and tripping the breaker keys {@code keys}, built (and safety-checked)
     * once: the same item as {@code of(...).breaker(key).then(followUp)} for {@code keys = List.of(key)}
     * without the two intermediate records. Collectors share one {@code keys} list among a process's
     * items.
     */
    public static WorkItem guarded(String path, String source, Kind kind, long timeoutNanos, List<String> keys,
                                   FollowUp followUp) {
        return new WorkItem(path, source, kind, timeoutNanos, true, keys, keys, null, false, followUp);
    }

    /**
     * A risky item guarded by {@code guards} and tripping {@code trips} (a process's item of one lock
     * class: guards {@code [proc/306, proc/306 EXEC_UPDATE]}, trips {@code [proc/306 EXEC_UPDATE]}; the
     * first guard is the serial key its process's items run under, one after another).
     */
    public static WorkItem guarded(String path, String source, Kind kind, long timeoutNanos, List<String> guards,
                                   List<String> trips, FollowUp followUp) {
        return new WorkItem(path, source, kind, timeoutNanos, true, guards, trips, null, false, followUp);
    }

    /** The same item guarded by and tripping one breaker key, marked risky. */
    public WorkItem breaker(String key) {
        List<String> k = List.of(key);
        return new WorkItem(path, source, kind, timeoutNanos, true, k, k, args, keepContent, followUp);
    }

    public WorkItem withBreakers(List<String> newGuards, List<String> newTrips, boolean newRisky) {
        return new WorkItem(path, source, kind, timeoutNanos, newRisky, newGuards, newTrips, args, keepContent, followUp);
    }

    public WorkItem withArgs(List<String> newArgs) {
        return new WorkItem(path, source, kind, timeoutNanos, risky, guards, trips, newArgs, keepContent, followUp);
    }

    public WorkItem keepingContent() {
        return new WorkItem(path, source, kind, timeoutNanos, risky, guards, trips, args, true, followUp);
    }

    public WorkItem then(FollowUp next) {
        return new WorkItem(path, source, kind, timeoutNanos, risky, guards, trips, args, keepContent, next);
    }
}
