package io.procsnap.replay.text;

import java.util.Locale;

/** Byte counts in binary units, for tables ({@link #compact}) and sentences ({@link #iec}). */
public final class ByteSizes {
    private static final String[] COMPACT_UNITS = {"B", "K", "M", "G", "T", "P", "E"};
    private static final String[] IEC_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {
    }

    /** One decimal, no space: {@code 16.0K}, {@code 1.8T}; {@code -} when negative (unknown). */
    public static String compact(long b) {
        return b < 0 ? "-" : scaled(b, COMPACT_UNITS, "");
    }

    /** Units spelled out: {@code 512 B}, {@code 1.5 GiB}; {@code ?} when negative (unknown). */
    public static String iec(long b) {
        return b < 0 ? "?" : scaled(b, IEC_UNITS, " ");
    }

    private static String scaled(long b, String[] units, String space) {
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + space + "B" : String.format(Locale.ROOT, "%.1f%s%s", v, space, units[u]);
    }
}
