package io.procsnap.capture.engine;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Circuit breakers: a key ({@code proc/306 EXEC_UPDATE}, {@code mount:4}, {@code zfs}) trips when an
 * item that names it in {@link WorkItem#trips()} times out; items naming it in {@link WorkItem#guards()}
 * are then skipped with the reason "breaker: PATH timed out". The item's serial key (its first guard,
 * {@code proc/306}) is then <em>suspect</em>: its remaining items run in the engine's second lane.
 */
final class Breakers {
    private final ConcurrentHashMap<String, String> tripped = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> suspect = new ConcurrentHashMap<>();

    void trip(WorkItem item) {
        String reason = "breaker: " + item.path() + " timed out";
        for (String key : item.trips()) {
            tripped.putIfAbsent(key, reason);
        }
        if (!item.guards().isEmpty()) {
            suspect.put(item.guards().get(0), Boolean.TRUE);
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

    /** True once an item of the serial key {@code key} has hung: its other items go to the second lane. */
    boolean isSuspect(String key) {
        return key != null && suspect.containsKey(key);
    }
}
