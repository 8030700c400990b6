package io.procsnap.replay.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small shared helpers for the parsers: decoding, line splitting, number parsing with clear errors. */
final class Text {
    private Text() {
    }

    /** Bytes as text; procfs text is ASCII or UTF-8, malformed bytes become U+FFFD. */
    static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Lines without terminators; a trailing newline does not add an empty line. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? n : nl;
            out.add(text.substring(start, end));
            start = end + 1;
        }
        return out;
    }

    /** Whitespace-separated fields (any run of spaces or tabs), none empty. Hand-written: hot path. */
    static String[] fields(String line) {
        List<String> out = new ArrayList<>(16);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out.toArray(new String[0]);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    static String shorten(String s) {
        String t = s.replace("\n", "\\n").replace("\t", "\\t");
        return t.length() > 120 ? t.substring(0, 117) + "..." : t;
    }

    /** Signed decimal; an unsigned 64-bit value above Long.MAX_VALUE wraps the way the kernel's %llu does. */
    static long number(String kind, int lineNumber, String line, String token) {
        try {
            if (!token.isEmpty() && token.charAt(0) != '-' && token.length() >= 19) {
                return Long.parseUnsignedLong(token);
            }
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw ParseException.at(kind, lineNumber, line, "not a number: '" + token + "'");
        }
    }

    /**
     * The decimal number in {@code text[from, to)}, inside the line {@code text[lineStart, lineEnd)}, without
     * cutting either out (hot path: every field of every thread's stat and status); anything but plain digits
     * shorter than 19 goes through {@link #number(String, int, String, String)} with its line and token, so
     * signs, unsigned 64-bit values and the error message are the same.
     */
    static long number(String kind, int lineNumber, String text, int lineStart, int lineEnd, int from, int to) {
        int n = to - from;
        if (n > 0 && n < 19) {
            long v = 0;
            int i = from;
            for (; i < to; i++) {
                int d = text.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                v = v * 10 + d;
            }
            if (i == to) {
                return v;
            }
        }
        return number(kind, lineNumber, text.substring(lineStart, lineEnd), text.substring(from, to));
    }

    /** Hexadecimal with or without {@code 0x}, unsigned 64-bit. */
    static long hex(String kind, int lineNumber, String line, String token) {
        String t = token.startsWith("0x") || token.startsWith("0X") ? token.substring(2) : token;
        try {
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            throw ParseException.at(kind, lineNumber, line, "not a hex number: '" + token + "'");
        }
    }

    /** Decimal number, or -1 for "-" or empty. */
    static long numberOrUnknown(String kind, int lineNumber, String line, String token) {
        if (token.isEmpty() || token.equals("-")) {
            return -1;
        }
        return number(kind, lineNumber, line, token);
    }

    /** Decodes the octal escapes the kernel uses in mount paths ({@code \040} space, {@code \011} tab, ...). */
    static String unescapeOctal(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
