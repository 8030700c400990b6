package io.procsnap.replay.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Formatting shared by the renderers: UTC times, percentages, CPU time. Byte sizes are in
 * {@link io.procsnap.replay.text.ByteSizes}, which the rules use too.
 */
public final class Format {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private Format() {
    }

    public static String utc(Instant t) {
        return t == null ? "-" : UTC.format(t);
    }

    /** {@code HH:mm:ss} UTC, as ps shows STIME. */
    public static String clock(Instant t) {
        if (t == null) {
            return "-";
        }
        long second = t.getEpochSecond();
        if (Math.abs(second) > CLOCK_BY_HAND) {
            return CLOCK.format(t); // its range and its errors
        }
        // by hand: ps -L prints one per thread, and the formatter was a tenth of its time (issue 16)
        long ofDay = Math.floorMod(second, 86_400L);
        StringBuilder b = new StringBuilder(8);
        twoDigits(b, ofDay / 3600).append(':');
        twoDigits(b, ofDay / 60 % 60).append(':');
        return twoDigits(b, ofDay % 60).toString();
    }

    /** Epoch seconds within which {@link #clock} formats by hand; well inside {@link java.time.LocalDateTime}'s range. */
    private static final long CLOCK_BY_HAND = 1L << 40;

    private static StringBuilder twoDigits(StringBuilder b, long n) {
        return (n < 10 ? b.append('0') : b).append(n);
    }

    public static String percent(double p) {
        return p < 0 || Double.isNaN(p) ? "-" : String.format(Locale.ROOT, "%.0f%%", p);
    }

    public static String number(long n) {
        return n < 0 ? "-" : Long.toString(n);
    }

    /** CPU time as ps prints TIME: {@code M:SS} or {@code H:MM:SS}; {@code -} when unknown. */
    public static String cpu(double seconds) {
        if (seconds < 0) {
            return "-";
        }
        long s = (long) seconds;
        StringBuilder b = new StringBuilder(12);
        if (s >= 3600) {
            b.append(s / 3600).append(':');
            twoDigits(b, s / 60 % 60);
        } else {
            b.append(s / 60);
        }
        return twoDigits(b.append(':'), s % 60).toString();
    }

    public static String seconds(double s) {
        return s < 0 || Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.1fs", s);
    }

    /** Up to {@code max} numbers joined by commas, then {@code ,... (N)}. */
    public static String ids(List<Integer> ids, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ids.size() && i < max; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(ids.get(i));
        }
        if (ids.size() > max) {
            b.append(",... (").append(ids.size()).append(')');
        }
        return b.toString();
    }
}
