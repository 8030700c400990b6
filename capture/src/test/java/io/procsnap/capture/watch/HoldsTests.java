package io.procsnap.capture.watch;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HoldsTests {
    private static final long S = 1_000_000_000L;
    private final Instant t0 = Instant.parse("2026-11-22T01:00:00Z");

    private static Condition queue(String id) {
        return new Condition(TriggerKind.MSGQ_FULL, "msgq-full:" + id, "queue " + id + " full", Map.of());
    }

    @Test
    void aConditionIsDueOnceItHeldForTheHold() {
        Holds h = new Holds();
        Holds.Changes c = h.update(List.of(queue("1")), 0, t0);
        assertEquals(1, c.appeared().size());
        assertEquals(List.of(), h.due(0, 10 * S));
        h.update(List.of(queue("1")), 9 * S, t0.plusSeconds(9));
        assertEquals(List.of(), h.due(9 * S, 10 * S));
        assertEquals(List.of(), h.update(List.of(queue("1")), 10 * S, t0.plusSeconds(10)).appeared(), "not new");
        List<Holds.Held> due = h.due(10 * S, 10 * S);
        assertEquals(1, due.size());
        assertEquals(t0, due.get(0).since());
        assertEquals(10 * S, due.get(0).heldNanos());
    }

    @Test
    void aGapStartsTheHoldOver() {
        Holds h = new Holds();
        h.update(List.of(queue("1")), 0, t0);
        Holds.Changes gap = h.update(List.of(), 5 * S, t0.plusSeconds(5));
        assertEquals(Map.of("msgq-full:1", 5 * S), gap.cleared());
        h.update(List.of(queue("1")), 6 * S, t0.plusSeconds(6));
        assertEquals(List.of(), h.due(12 * S, 10 * S));
        h.update(List.of(queue("1")), 16 * S, t0.plusSeconds(16));
        assertEquals(t0.plusSeconds(6), h.due(16 * S, 10 * S).get(0).since());
    }

    @Test
    void eventsAreDueAtOnceAndFirst() {
        Holds h = new Holds();
        h.update(List.of(queue("1")), 0, t0);
        Condition hung = new Condition(TriggerKind.HUNG_TASK, "hung-task", "cat:1 hung", Map.of());
        h.update(List.of(queue("1"), hung), 20 * S, t0.plusSeconds(20));
        List<Holds.Held> due = h.due(20 * S, 10 * S);
        assertEquals(List.of("hung-task", "msgq-full:1"), due.stream().map(d -> d.condition().key()).toList());
    }

    @Test
    void aConditionThatKnowsItsStartIsHeldFromThere() {
        Holds h = new Holds();
        Condition statfs = new Condition(TriggerKind.STATFS_HANG, "statfs-hang:/mnt", "hung", Map.of(), 100 * S);
        h.update(List.of(statfs), 106 * S, t0);
        Holds.Held held = h.due(106 * S, 5 * S).get(0);
        assertEquals(6 * S, held.heldNanos());
        assertEquals(t0.minusSeconds(6), held.since());
        assertTrue(h.due(106 * S, 7 * S).isEmpty());
    }
}
