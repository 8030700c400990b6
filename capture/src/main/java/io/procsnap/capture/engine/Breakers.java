package io.procsnap.capture.engine;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Circuit breakers: a key ({@code proc/306}, {@code mount:4}, {@code zfs}) trips when an item that
 * names it in {@link WorkItem#trips()} times out; items naming it in {@link WorkItem#guards()} are
 * then skipped with the reason "breaker: PATH timed out".
 */
final class Breakers {
    private final ConcurrentHashMap<String, String> tripped = new ConcurrentHashMap<>();

    void trip(List<String> keys, String timedOutPath) {
        for (String key : keys) {
            tripped.putIfAbsent(key, "breaker: " + timedOutPath + " timed out");
        }
    }

    /** The skip reason for an item, or null when none of its guards has tripped. */
    String reason(List<String> guards) {
        for (int i = 0; i < guards.size(); i++) {
            String r = tripped.get(guards.get(i));
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    boolean isTripped(String key) {
        return tripped.containsKey(key);
    }
}
