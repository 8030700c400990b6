package io.procsnap.replay.parse;

/**
 * One row of {@code /proc/PID/limits}: {@code Max open files            1024                 524288               files}.
 *
 * @param name  {@code Max open files}
 * @param soft  soft limit, -1 for {@code unlimited}
 * @param hard  hard limit, -1 for {@code unlimited}
 * @param units {@code files}, {@code bytes}, ... or empty
 */
public record Limit(String name, long soft, long hard, String units) {
    public static final long UNLIMITED = -1;
}
