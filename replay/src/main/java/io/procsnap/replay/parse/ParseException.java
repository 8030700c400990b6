package io.procsnap.replay.parse;

/**
 * Text did not have the shape a parser expects. The message names the file kind, the line number
 * (1-based) and shows the offending text, e.g. {@code stat: no ')' closing comm in "6581 (cat R 1"}.
 */
public final class ParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ParseException(String message) {
        super(message);
    }

    public ParseException(String message, Throwable cause) {
        super(message, cause);
    }

    static ParseException at(String kind, int lineNumber, String line, String what) {
        return new ParseException(kind + ": line " + lineNumber + ": " + what + " in \"" + Text.shorten(line) + "\"");
    }
}
