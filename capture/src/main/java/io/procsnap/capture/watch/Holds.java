package io.procsnap.capture.watch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How long each condition has held: a condition seen in consecutive ticks keeps the time it was first
 * seen (or the start it reports itself, for a statfs that has not returned); one missing from a tick is
 * forgotten, so a flapping condition starts over. Events need no hold.
 */
final class Holds {
    /** A condition that has held for {@code heldNanos}, since {@code since} by the wall clock. */
    record Held(Condition condition, long sinceNanos, Instant since, long heldNanos) { }

    /** What changed in a tick, for the log: conditions that appeared, and those that cleared with their duration. */
    record Changes(List<Condition> appeared, Map<String, Long> cleared) { }

    private record Start(long nanos, Instant wall, Condition last) { }

    private final Map<String, Start> started = new HashMap<>();

    Changes update(List<Condition> now, long nanos, Instant wall) {
        Set<String> present = new HashSet<>();
        List<Condition> appeared = new ArrayList<>();
        for (Condition c : now) {
            present.add(c.key());
            Start s = started.get(c.key());
            if (s == null) {
                long since = c.sinceNanos() >= 0 && c.sinceNanos() <= nanos ? c.sinceNanos() : nanos;
                started.put(c.key(), new Start(since, wall.minusNanos(nanos - since), c));
                appeared.add(c);
            } else {
                started.put(c.key(), new Start(s.nanos(), s.wall(), c));
            }
        }
        Map<String, Long> cleared = new HashMap<>();
        started.entrySet().removeIf(e -> {
            if (present.contains(e.getKey())) {
                return false;
            }
            cleared.put(e.getKey(), nanos - e.getValue().nanos());
            return true;
        });
        return new Changes(appeared, cleared);
    }

    /**
     * The conditions of the last update that are due: events at once, the others once held for
     * {@code holdNanos}; events first, then the longest held.
     */
    List<Held> due(long nanos, long holdNanos) {
        List<Held> out = new ArrayList<>();
        for (Start s : started.values()) {
            long held = nanos - s.nanos();
            if (s.last().kind().event || held >= holdNanos) {
                out.add(new Held(s.last(), s.nanos(), s.wall(), held));
            }
        }
        out.sort(Comparator.comparing((Held h) -> !h.condition().kind().event)
                .thenComparing(Comparator.comparingLong(Held::heldNanos).reversed())
                .thenComparing(h -> h.condition().key()));
        return out;
    }

    /** Every condition of the last update with how long it has held, longest first. */
    List<Held> all(long nanos) {
        return due(nanos, Long.MIN_VALUE);
    }
}
