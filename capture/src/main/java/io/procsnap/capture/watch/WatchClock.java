package io.procsnap.capture.watch;

import java.time.Instant;

/**
 * The watcher's time: a monotonic clock for holds, intervals and timeouts, the wall clock for what is
 * recorded and for the cool-down that must survive a restart. Tests pass a fake one.
 */
interface WatchClock {
    long nanoTime();

    Instant now();

    WatchClock SYSTEM = new WatchClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };
}
