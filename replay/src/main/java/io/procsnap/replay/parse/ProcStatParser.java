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
        // the fields after the comm, scanned in place: f[0] is field 3 (state); field n is f[n - 3]
        int n = line.length();
        int i = close + 1;
        long[] v = new long[52];
        int count = 0;
        char state = 0;
        while (true) {
            while (i < n && Text.isBlank(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !Text.isBlank(line.charAt(i))) {
                i++;
            }
            if (count == 0) {
                if (i - start != 1) {
                    throw ParseException.at(KIND, 1, line, "no state after comm");
                }
                state = line.charAt(start);
            } else {
                if (count - 1 == v.length) {
                    v = java.util.Arrays.copyOf(v, v.length * 2);
                }
                v[count - 1] = Text.number(KIND, 1, line, 0, n, start, i);
            }
            count++;
        }
        if (count < 1) {
            throw ParseException.at(KIND, 1, line, "no state after comm");
        }
        int values = count - 1;
        return new ProcStat(pid, comm, state, (int) field(v, values, 4), (int) field(v, values, 5),
                (int) field(v, values, 6), (int) field(v, values, 7), field(v, values, 9), field(v, values, 10),
                field(v, values, 12), field(v, values, 14), field(v, values, 15), field(v, values, 16),
                field(v, values, 17), field(v, values, 18), field(v, values, 19), field(v, values, 20),
                field(v, values, 22), field(v, values, 23), field(v, values, 24), field(v, values, 39),
                field(v, values, 42), count + 2);
    }

    public static ProcStat parse(byte[] bytes) {
        return parse(Text.decode(bytes));
    }

    /** Field {@code n} (1-based as in proc(5)), -1 when the line is shorter. */
    private static long field(long[] values, int count, int n) {
        int i = n - 4;
        return i < count ? values[i] : -1;
    }
}
