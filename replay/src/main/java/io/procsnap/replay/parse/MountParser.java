package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code /proc/self/mountinfo} and {@code /proc/mounts}. */
public final class MountParser {
    private MountParser() {
    }

    /**
     * {@code /proc/self/mountinfo} (proc(5)); mount points and sources have space, tab, newline and backslash
     * escaped as {@code \040}, {@code \011}, {@code \012}, {@code \134}:
     * <pre>
     * 22 27 0:21 / /proc rw,relatime - proc proc rw
     * 36 35 98:0 /mnt1 /mnt/with\040space rw,noatime master:1 - ext3 /dev/root rw,errors=continue
     * </pre>
     * Line numbers are kept: {@code statfs/<k>} refers to line k (0-based).
     */
    public static List<MountInfo> mountinfo(String text) {
        List<MountInfo> out = new ArrayList<>();
        List<String> lines = Text.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = Text.fields(line);
            int dash = -1;
            for (int j = 6; j < f.length; j++) {
                if (f[j].equals("-")) {
                    dash = j;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
                throw ParseException.at("mountinfo", i + 1, line, "expected '... - fstype source options'");
            }
            List<String> optional = new ArrayList<>();
            for (int j = 6; j < dash; j++) {
                optional.add(f[j]);
            }
            out.add(new MountInfo(i, (int) Text.number("mountinfo", i + 1, line, f[0]),
                    (int) Text.number("mountinfo", i + 1, line, f[1]), f[2], Text.unescapeOctal(f[3]),
                    Text.unescapeOctal(f[4]), f[5], optional, Text.unescapeOctal(f[dash + 1]),
                    Text.unescapeOctal(f[dash + 2]), dash + 3 < f.length ? f[dash + 3] : ""));
        }
        return out;
    }

    /** {@code /proc/mounts}: {@code proc /proc proc rw,relatime 0 0}. */
    public static List<MountLine> mounts(String text) {
        List<MountLine> out = new ArrayList<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = Text.fields(line);
            if (f.length < 4) {
                throw ParseException.at("mounts", n, line, "expected 'source mountpoint fstype options'");
            }
            out.add(new MountLine(Text.unescapeOctal(f[0]), Text.unescapeOctal(f[1]), Text.unescapeOctal(f[2]), f[3]));
        }
        return out;
    }
}
