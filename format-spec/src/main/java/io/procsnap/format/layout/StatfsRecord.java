package io.procsnap.format.layout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The content of a {@code statfs/<k>} entry (SPEC.md, "Entry paths"): statfs(2) of the mount on line
 * {@code k} of the captured {@code proc/self/mountinfo}, as {@code key: value} text lines. Its writer
 * ({@link #toBytes}, used by the capture) and its parser ({@link #parse}, used by replay). Counts are
 * unsigned 64-bit.
 *
 * <pre>
 * mount_point: /
 * fstype: ext4
 * f_type: 0xef53
 * bsize: 4096
 * ...
 * flags: 4096
 * flags_source: statfs
 * </pre>
 *
 * @param fType       f_type, -1 when a record does not say
 * @param flags       f_flags as a decimal number; hand-written fixtures may give mount-option words
 *                    ({@code rw,noatime}) instead
 * @param flagsSource {@code statfs} when {@code flags} is the kernel's f_flags, {@code mountinfo} when
 *                    it was derived from the mount options; null when a record does not say
 */
public record StatfsRecord(String mountPoint, String fstype, long fType, long bsize, long frsize, long blocks,
                           long bfree, long bavail, long files, long ffree, long namemax, String flags,
                           String flagsSource) {

    private static final String KIND = "statfs";

    /** The entry's bytes: one {@code key: value} line per field, in the order above. */
    public byte[] toBytes() {
        String text = "mount_point: " + mountPoint + "\n"
                + "fstype: " + fstype + "\n"
                + "f_type: 0x" + Long.toHexString(fType) + "\n"
                + "bsize: " + Long.toUnsignedString(bsize) + "\n"
                + "frsize: " + Long.toUnsignedString(frsize) + "\n"
                + "blocks: " + Long.toUnsignedString(blocks) + "\n"
                + "bfree: " + Long.toUnsignedString(bfree) + "\n"
                + "bavail: " + Long.toUnsignedString(bavail) + "\n"
                + "files: " + Long.toUnsignedString(files) + "\n"
                + "ffree: " + Long.toUnsignedString(ffree) + "\n"
                + "namemax: " + Long.toUnsignedString(namemax) + "\n"
                + "flags: " + flags + "\n"
                + "flags_source: " + flagsSource + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses an entry's text. Unknown keys are ignored and absent numbers are -1, so older and
     * hand-written records read too; values run to the end of the line (mount points may contain
     * spaces and ':'). A count above 2^63 reads as a negative long, as the kernel's {@code %llu} wraps.
     *
     * @throws RecordFormatException when a line is not {@code key: value}, a number is not one, or the
     *                               text has neither {@code blocks} nor {@code mount_point}
     */
    public static StatfsRecord parse(String text) {
        Map<String, String> kv = new HashMap<>();
        int n = 0;
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            String line = text.substring(start, end);
            n++;
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                if (line.endsWith(":")) {
                    kv.put(line.substring(0, line.length() - 1), "");
                    continue;
                }
                throw RecordFormatException.at(KIND, n, line, "expected 'key: value'");
            }
            kv.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 2));
        }
        if (!kv.containsKey("blocks") && !kv.containsKey("mount_point")) {
            throw new RecordFormatException(KIND + ": neither blocks nor mount_point in \""
                    + RecordFormatException.shorten(text) + "\"");
        }
        return new StatfsRecord(kv.get("mount_point"), kv.get("fstype"), hexOrUnknown(kv.get("f_type")),
                num(kv, "bsize"), num(kv, "frsize"), num(kv, "blocks"), num(kv, "bfree"), num(kv, "bavail"),
                num(kv, "files"), num(kv, "ffree"), num(kv, "namemax"), kv.get("flags"), kv.get("flags_source"));
    }

    public static StatfsRecord parse(byte[] bytes) {
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    /** ST_RDONLY set in the flags (number), or {@code ro} among the words. */
    public boolean readOnly() {
        if (flags == null || flags.isBlank()) {
            return false;
        }
        try {
            return (Long.parseLong(flags.strip()) & 1) != 0;
        } catch (NumberFormatException e) {
            return Arrays.asList(flags.split(",")).contains("ro");
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

    private static long num(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            return -1;
        }
        String token = v.strip();
        if (token.isEmpty() || token.equals("-")) {
            return -1;
        }
        try {
            if (token.charAt(0) != '-' && token.length() >= 19) {
                return Long.parseUnsignedLong(token);
            }
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw RecordFormatException.at(KIND, 0, key + ": " + v, "not a number: '" + token + "'");
        }
    }

    /** f_type as written ({@code 0xef53}); -1 when absent or not hex (records before it was written). */
    private static long hexOrUnknown(String v) {
        if (v == null) {
            return -1;
        }
        String t = v.strip();
        t = t.startsWith("0x") || t.startsWith("0X") ? t.substring(2) : t;
        try {
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
