package io.procsnap.replay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CaptureClockTests {
    private static final Instant NOW = Instant.parse("2026-12-05T05:00:00Z");

    /** libfaketime's relative FAKETIME: signed whole seconds from now to the capture. */
    @Test
    void offsetIsSignedWholeSecondsFromNowToTheCapture() {
        assertEquals("-1136532", CaptureClock.offset(Instant.parse("2026-11-22T01:17:48Z"), NOW), "13 d 3 h 42 min 12 s ago");
        assertEquals("+0", CaptureClock.offset(NOW, NOW));
        assertEquals("+5", CaptureClock.offset(NOW.plusSeconds(5), NOW), "a capture clock ahead of this machine's");
        assertEquals("-2", CaptureClock.offset(NOW.minusMillis(1600), NOW), "rounded, not truncated");
    }
}
