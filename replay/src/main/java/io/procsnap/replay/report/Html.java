package io.procsnap.replay.report;

/**
 * Escaping for text that comes from an archive (hostile input: a comm, a mount point, a hostname can hold
 * anything). Every archive-derived string goes through {@link #text} before it reaches the page.
 */
public final class Html {
    private Html() {
    }

    /**
     * Escapes for element content and double- or single-quoted attribute values: {@code & < > " '}; control
     * characters (other than tab and newline) become U+FFFD so a stray byte cannot break the document.
     */
    public static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' || c == 0x7f || Character.isSurrogate(c)
                            && !validPair(s, i)) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** {@code s} cut to {@code max} characters with an ellipsis. */
    public static String shorten(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "\u2026";
    }
}
