package io.procsnap.replay.render;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Format#cpu} and {@link Format#clock} write by hand what {@code String.format} and a formatter wrote. */
class FormatTests {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @Test
    void cpuTimeIsWhatPsPrints() {
        assertEquals("-", Format.cpu(-1));
        assertEquals("0:00", Format.cpu(0));
        assertEquals("0:00", Format.cpu(Double.NaN));
        assertEquals("0:59", Format.cpu(59.99));
        assertEquals("1:05", Format.cpu(65));
        assertEquals("59:59", Format.cpu(3599.5));
        assertEquals("1:00:00", Format.cpu(3600));
        assertEquals("27:46:40", Format.cpu(100_000));
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 20_000; i++) {
            double seconds = i < 10_000 ? i * 0.7 : random.nextDouble() * 1e9;
            long s = (long) seconds;
            String expected = s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
            assertEquals(expected, Format.cpu(seconds), Double.toString(seconds));
        }
    }

    @Test
    void clockIsUtcHoursMinutesSeconds() {
        assertEquals("-", Format.clock(null));
        assertEquals("00:00:00", Format.clock(Instant.EPOCH));
        assertEquals("23:59:59", Format.clock(Instant.ofEpochSecond(-1)));
        assertEquals("13:28:07", Format.clock(Instant.parse("2026-12-05T13:28:07.999Z")));
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 100_000_000_000L),
                    random.nextInt(1_000_000_000));
            assertEquals(CLOCK.format(t), Format.clock(t), t.toString());
        }
        Instant far = Instant.parse("+100000-01-01T01:02:03Z");
        assertEquals(CLOCK.format(far), Format.clock(far));
    }
}
