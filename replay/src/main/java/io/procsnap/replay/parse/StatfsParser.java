package io.procsnap.replay.parse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the capture's {@code statfs/<k>} text, one {@code key: value} per line:
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
 * flags: rw,relatime
 * </pre>
 * Unknown keys are ignored; absent numbers are -1. Values run to the end of the line (mount points may
 * contain spaces and ':').
 */
public final class StatfsParser {
    private StatfsParser() {
    }

    public static Statfs parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        int n = 0;
        for (String line : Text.lines(text)) {
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
                throw ParseException.at("statfs", n, line, "expected 'key: value'");
            }
            kv.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 2));
        }
        if (!kv.containsKey("blocks") && !kv.containsKey("mount_point")) {
            throw new ParseException("statfs: neither blocks nor mount_point in \"" + Text.shorten(text) + "\"");
        }
        return new Statfs(kv.get("mount_point"), kv.get("fstype"), num(kv, "bsize"), num(kv, "frsize"),
                num(kv, "blocks"), num(kv, "bfree"), num(kv, "bavail"), num(kv, "files"), num(kv, "ffree"),
                num(kv, "namemax"), kv.get("flags"));
    }

    private static long num(Map<String, String> kv, String key) {
        String v = kv.get(key);
        return v == null ? -1 : Text.numberOrUnknown("statfs", 0, key + ": " + v, v.strip());
    }
}
