package io.procsnap.capture;

import io.procsnap.capture.engine.CaptureStats;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which written captures exit 3. */
class PartialRuleTests {
    private static final Manifest.Captor ROOT = new Manifest.Captor(0, 0, 0);

    static Capture.Result result(Map<Status, Long> counts, long noLink, String stopReason, long rejected) {
        CaptureStats.Snapshot s = new CaptureStats.Snapshot(counts, List.of(), List.of(), 0, rejected,
                rejected > 0 ? "proc/1/x" : null, noLink);
        return new Capture.Result(s, stopReason, null, true, 0, 1, 1, 1_000_000L);
    }

    private static Capture.Result result(Map<Status, Long> counts, long noLink) {
        return result(counts, noLink, null, 0);
    }

    @Test
    void onlyErrorsBeyondTheMissingLinksMakeACapturePartial() {
        assertFalse(PartialRule.isPartial(result(Map.of(Status.OK, 10L, Status.ERROR, 3L), 3), ROOT));
        assertTrue(PartialRule.isPartial(result(Map.of(Status.OK, 10L, Status.ERROR, 4L), 3), ROOT));
        assertTrue(PartialRule.isPartial(result(Map.of(Status.OK, 10L, Status.DENIED, 1L, Status.ERROR, 3L), 3), ROOT));
        assertFalse(PartialRule.isPartial(result(Map.of(Status.OK, 10L, Status.VANISHED, 2L), 0), ROOT));
    }

    @Test
    void timeoutsSkipsAStopANonRootCaptorOrARefusedEntryMakeItPartial() {
        assertTrue(PartialRule.isPartial(result(Map.of(Status.OK, 10L, Status.TIMEOUT, 1L), 0), ROOT));
        assertTrue(PartialRule.isPartial(result(Map.of(Status.OK, 10L, Status.SKIPPED, 1L), 0), ROOT));
        assertTrue(PartialRule.isPartial(result(Map.of(Status.OK, 10L), 0, "deadline", 0), ROOT));
        assertTrue(PartialRule.isPartial(result(Map.of(Status.OK, 10L), 0, null, 1), ROOT));
        assertTrue(PartialRule.isPartial(result(Map.of(Status.OK, 10L), 0), new Manifest.Captor(1000, 1000, 1000)));
        assertFalse(PartialRule.isPartial(result(Map.of(Status.OK, 10L), 0), new Manifest.Captor(1000, 1000, 0)),
                "a setuid-root capture reads as root");
    }
}
