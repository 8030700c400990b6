package io.procsnap.capture;

import picocli.CommandLine;

import java.util.Locale;

/** Durations on the command line: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
public final class Durations implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit;
        String number;
        if (v.endsWith("ms")) {
            unit = 1_000_000L;
            number = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            unit = 1_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 60_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unit = 3_600_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else {
            unit = 1_000_000_000L;
            number = v;
        }
        double n;
        try {
            n = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 2s, 1m)");
        }
        if (!(n > 0) || n * unit > Long.MAX_VALUE / 4) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration");
        }
        return (long) (n * unit);
    }

    public static String format(long nanos) {
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        return nanos / 1_000_000L + "ms";
    }
}
