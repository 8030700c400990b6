package io.procsnap.format;

/**
 * The one exit-code table shared by {@code procsnap} and {@code procsnap-replay}; both print it in
 * {@code --help}.
 */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** "Yes" for predicate commands: diff found differences, findings at or above --fail-on. */
    public static final int YES = 1;
    /** Wrong flag or argument. */
    public static final int USAGE = 2;
    /**
     * Capture written but partial (timeouts, denied, skipped, failed reads, cut short by the deadline or a
     * signal, not root). The exe/cwd/root links that kernel threads and zombies do not have are recorded
     * but do not count.
     */
    public static final int PARTIAL = 3;
    /** Archive corrupt or unsupported. */
    public static final int ARCHIVE = 4;
    /**
     * Environment or I/O: no /dev/fuse, missing tool, cannot write output (disk full, broken pipe; the
     * capture keeps what it wrote as {@code NAME.partial}).
     */
    public static final int ENVIRONMENT = 5;
    /** Internal error: the only case that prints a stack trace. */
    public static final int INTERNAL = 70;

    /** The table as printed at the end of {@code --help} (picocli footer; {@code %n} is a line break). */
    public static final String HELP_TABLE = "Exit codes:%n"
            + "  0   ok%n"
            + "  1   yes: differences found (diff), findings at or above --fail-on (diagnose)%n"
            + "  2   usage error (wrong flag or argument)%n"
            + "  3   capture written but partial (timeouts, denied, skipped, failed reads, deadline or signal, not root)%n"
            + "  4   archive corrupt or unsupported%n"
            + "  5   environment or I/O error (no /dev/fuse, missing tool, cannot write output: disk full, broken pipe)%n"
            + "  70  internal error (prints a stack trace)";

    private ExitCode() {
    }
}
