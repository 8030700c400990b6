package io.procsnap.replay.parse.sunos;

import io.procsnap.replay.parse.ParseException;

import java.util.ArrayList;
import java.util.List;

/** Line and field splitting and number parsing with clear errors, for the SunOS text parsers. */
final class SunosText {
    private SunosText() {
    }

    static List<String> lines(String text) {
        return List.of(text.split("\n", -1)).stream().map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l)
                .toList();
    }

    static String[] fields(String line) {
        String s = line.strip();
        return s.isEmpty() ? new String[0] : s.split("[ \t]+");
    }

    static long number(String kind, int n, String line, String token) {
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw at(kind, n, line, "not a number: '" + shorten(token) + "'");
        }
    }

    static long hex(String kind, int n, String line, String token) {
        String t = token.startsWith("0x") ? token.substring(2) : token;
        try {
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            throw at(kind, n, line, "not a hex number: '" + shorten(token) + "'");
        }
    }

    static ParseException at(String kind, int n, String line, String why) {
        return new ParseException(kind + ": line " + n + ": " + why + " in \"" + shorten(line) + "\"");
    }

    static String shorten(String s) {
        String t = s.replace("\n", "\\n").replace("\t", "\\t");
        return t.length() > 120 ? t.substring(0, 117) + "..." : t;
    }

    static List<String> nonBlank(String text) {
        List<String> out = new ArrayList<>();
        for (String l : lines(text)) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }
}
