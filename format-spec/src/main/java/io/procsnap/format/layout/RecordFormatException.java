package io.procsnap.format.layout;

/**
 * A record of the layout ({@code statfs/<k>}, {@code cmd/<name>/status}) that does not parse: what and
 * where, with the offending text shortened.
 */
public final class RecordFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RecordFormatException(String message) {
        super(message);
    }

    public RecordFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code KIND: line N: WHAT in "LINE"}. */
    static RecordFormatException at(String kind, int lineNumber, String line, String what) {
        return new RecordFormatException(kind + ": line " + lineNumber + ": " + what + " in \"" + shorten(line) + "\"");
    }

    /** Escaped newlines and tabs, at most 120 characters. */
    static String shorten(String s) {
        String t = s.replace("\n", "\\n").replace("\t", "\\t");
        return t.length() > 120 ? t.substring(0, 117) + "..." : t;
    }
}
