package io.procsnap.replay.parse;

/** {@code /proc/uptime}: {@code 378.37 564.48} (seconds since boot, idle seconds summed over CPUs). */
public record Uptime(double seconds, double idleSeconds) {
}
