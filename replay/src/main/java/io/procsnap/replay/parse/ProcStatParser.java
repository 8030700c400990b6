package io.procsnap.replay.parse;

/**
 * Parses {@code /proc/PID/stat} and {@code /proc/PID/task/TID/stat}.
 * <pre>
 * 6581 (cat) R 6579 6579 3920 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 37836 3133440 362 18446744073709551615 ...
 * </pre>
 * The comm may contain spaces and {@code )} ({@code 4711 (a) b) S 1 ...}), so it runs from the first
 * {@code (} to the <em>last</em> {@code )}. Kernels before 2.6.x print fewer trailing fields; missing
 * fields are -1.
 */
public final class ProcStatParser {
    private static final String KIND = "stat";

    private ProcStatParser() {
    }

    public static ProcStat parse(String text) {
        String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw ParseException.at(KIND, 1, line, "no '(comm)'");
        }
        int pid = (int) Text.number(KIND, 1, line, line.substring(0, open).strip());
        // the threads of a process share their comm: one copy of each
        String comm = line.substring(open + 1, close).intern();
        String[] f = Text.fields(line.substring(close + 1));
        if (f.length < 1 || f[0].length() != 1) {
            throw ParseException.at(KIND, 1, line, "no state after comm");
        }
        // f[0] is field 3 (state); field n is f[n - 3].
        long[] v = new long[Math.max(0, f.length - 1)];
        for (int i = 1; i < f.length; i++) {
            v[i - 1] = Text.number(KIND, 1, line, f[i]);
        }
        return new ProcStat(pid, comm, f[0].charAt(0), (int) field(v, 4), (int) field(v, 5), (int) field(v, 6),
                (int) field(v, 7), field(v, 9), field(v, 10), field(v, 12), field(v, 14), field(v, 15),
                field(v, 16), field(v, 17), field(v, 18), field(v, 19), field(v, 20), field(v, 22),
                field(v, 23), field(v, 24), field(v, 39), field(v, 42), f.length + 2);
    }

    public static ProcStat parse(byte[] bytes) {
        return parse(Text.decode(bytes));
    }

    /** Field {@code n} (1-based as in proc(5)), -1 when the line is shorter. */
    private static long field(long[] values, int n) {
        int i = n - 4;
        return i < values.length ? values[i] : -1;
    }
}
