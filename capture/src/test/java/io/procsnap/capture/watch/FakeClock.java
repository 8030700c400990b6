package io.procsnap.capture.watch;

import java.time.Instant;

/** A clock the test moves: monotonic and wall time advance together. */
final class FakeClock implements WatchClock {
    private long nanos = 1_000_000_000_000L;
    private Instant wall = Instant.parse("2026-11-22T01:00:00Z");

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return wall;
    }

    void advanceSeconds(double seconds) {
        long n = (long) (seconds * 1e9);
        nanos += n;
        wall = wall.plusNanos(n);
    }
}
