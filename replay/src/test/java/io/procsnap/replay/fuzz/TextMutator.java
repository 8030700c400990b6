package io.procsnap.replay.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Mutations of procfs text that keep it plausible: numbers, separators, parentheses, lines. */
final class TextMutator {
    private static final String[] NUMBERS = {"0", "-1", "18446744073709551615", "18446744073709551616",
        "9223372036854775807", "-9223372036854775808", "99999999999999999999999999", "0x7fffffff", "1e309", "NaN", ""};
    private static final String[] TOKENS = {")", "(", " ", "\t", "\n", ":", "=", "-", "0", "\u0000", "\u00e9",
        "\ud83d\ude00", ") (", "[<0>] ", "+0x1/0x2", "kB", " - ", "/", "\\040", "running", "unknown", "  ", "\r"};

    private TextMutator() {
    }

    static String mutate(String s, Random rnd) {
        String t = s;
        for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
            t = switch (rnd.nextInt(8)) {
                case 0 -> replaceNumber(t, rnd);
                case 1 -> insert(t, rnd, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 2 -> delete(t, rnd);
                case 3 -> lines(t, rnd);
                case 4 -> t.isEmpty() ? t : t.substring(0, rnd.nextInt(t.length()));
                case 5 -> insert(t, rnd, String.valueOf((char) rnd.nextInt(0x3000)));
                case 6 -> t.replace(' ', rnd.nextBoolean() ? '\t' : ')');
                default -> replaceNumber(replaceNumber(t, rnd), rnd);
            };
        }
        return t;
    }

    private static String replaceNumber(String t, Random rnd) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < t.length()) {
            if (Character.isDigit(t.charAt(i))) {
                int j = i;
                while (j < t.length() && Character.isDigit(t.charAt(j))) {
                    j++;
                }
                spans.add(new int[] {i, j});
                i = j;
            } else {
                i++;
            }
        }
        if (spans.isEmpty()) {
            return insert(t, rnd, NUMBERS[rnd.nextInt(NUMBERS.length)]);
        }
        int[] sp = spans.get(rnd.nextInt(spans.size()));
        return t.substring(0, sp[0]) + NUMBERS[rnd.nextInt(NUMBERS.length)] + t.substring(sp[1]);
    }

    private static String insert(String t, Random rnd, String what) {
        int at = t.isEmpty() ? 0 : rnd.nextInt(t.length() + 1);
        return t.substring(0, at) + what + t.substring(at);
    }

    private static String delete(String t, Random rnd) {
        if (t.isEmpty()) {
            return t;
        }
        int a = rnd.nextInt(t.length());
        int b = Math.min(t.length(), a + 1 + rnd.nextInt(16));
        return t.substring(0, a) + t.substring(b);
    }

    private static String lines(String t, Random rnd) {
        List<String> l = new ArrayList<>(List.of(t.split("\n", -1)));
        if (l.isEmpty()) {
            return t;
        }
        int k = rnd.nextInt(l.size());
        switch (rnd.nextInt(3)) {
            case 0 -> l.remove(k);
            case 1 -> l.add(k, l.get(k));
            default -> l.add(k, l.get(rnd.nextInt(l.size())).repeat(1 + rnd.nextInt(3)));
        }
        return String.join("\n", l);
    }
}
