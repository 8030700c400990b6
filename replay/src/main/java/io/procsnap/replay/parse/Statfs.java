package io.procsnap.replay.parse;

/**
 * The capture's {@code statfs/<k>} text: one {@code key: value} line per field of statfs(2).
 * <pre>
 * mount_point: /
 * fstype: ext4
 * bsize: 4096
 * frsize: 4096
 * blocks: 65536
 * bfree: 1024
 * bavail: 0
 * files: 16384
 * ffree: 16000
 * namemax: 255
 * flags: 4096
 * </pre>
 * Absent numbers are -1. {@code flags} is the f_flags word as a decimal number (the capture derives it from
 * the mount options, live statfs reads it) or, in hand-written fixtures, mount-option words.
 */
public record Statfs(String mountPoint, String fstype, long bsize, long frsize, long blocks, long bfree, long bavail,
                     long files, long ffree, long namemax, String flags) {

    /** ST_RDONLY set in the flags (number), or {@code ro} among the words. */
    public boolean readOnly() {
        if (flags == null || flags.isBlank()) {
            return false;
        }
        try {
            return (Long.parseLong(flags.strip()) & 1) != 0;
        } catch (NumberFormatException e) {
            return java.util.List.of(flags.split(",")).contains("ro");
        }
    }

    /** Fragment size used for block counts (frsize, or bsize when frsize is missing). */
    public long blockSize() {
        return frsize > 0 ? frsize : bsize;
    }

    public long totalBytes() {
        return blocks < 0 ? -1 : blocks * blockSize();
    }

    /** Bytes available to unprivileged users. */
    public long availableBytes() {
        return bavail < 0 ? -1 : bavail * blockSize();
    }

    /** Used fraction as {@code df} computes it: used / (used + avail); NaN when blocks are unknown or zero. */
    public double usedFraction() {
        if (blocks <= 0 || bfree < 0 || bavail < 0) {
            return Double.NaN;
        }
        long used = blocks - bfree;
        long denominator = used + bavail;
        return denominator <= 0 ? Double.NaN : (double) used / denominator;
    }
}
