package io.procsnap.capture.watch;

import io.procsnap.format.ExitCode;

import java.util.Locale;

/** Byte sizes on the command line: {@code 200M}, {@code 1G}, {@code 512K}, {@code 1048576}; powers of 1024. */
final class Sizes {
    private Sizes() {
    }

    static long parse(String value, String option) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.endsWith("B")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.endsWith("I")) { // 200MiB
            v = v.substring(0, v.length() - 1);
        }
        long unit = 1;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                case 'T' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        String number = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            double n = Double.parseDouble(number);
            if (n > 0 && n * unit < Long.MAX_VALUE / 2) {
                return (long) (n * unit);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new WatchCommand.Failure(ExitCode.USAGE, option + " " + value + ": not a size (examples: 200M, 1G, 512K)");
    }
}
