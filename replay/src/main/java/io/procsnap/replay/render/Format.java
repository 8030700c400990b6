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
        return t == null ? "-" : CLOCK.format(t);
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
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
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
