package io.procsnap.replay.parse.sunos;

/** {@code timestruc_t}: seconds and nanoseconds (from the epoch for start times, else a duration). */
public record Timestruc(long seconds, long nanos) {
    public static final Timestruc ZERO = new Timestruc(0, 0);

    /** All zero: unknown (the kernel leaves a field it cannot fill zeroed). */
    public boolean isZero() {
        return seconds == 0 && nanos == 0;
    }

    /** Milliseconds, saturating instead of overflowing on hostile values. */
    public long millis() {
        long ms = nanos / 1_000_000;
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1000L), ms);
        } catch (ArithmeticException e) {
            return seconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
