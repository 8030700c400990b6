package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses per-process accounting files: {@code io}, {@code limits}, {@code cgroup}, {@code statm}, {@code sched}. */
public final class ProcFileParser {
    /** Width of the name column in {@code /proc/PID/limits} ({@code "%-25s "} in fs/proc/base.c). */
    private static final int LIMIT_NAME_WIDTH = 26;

    private ProcFileParser() {
    }

    /**
     * {@code /proc/PID/io}:
     * <pre>
     * rchar: 6976
     * wchar: 0
     * syscr: 10
     * syscw: 0
     * read_bytes: 0
     * write_bytes: 0
     * cancelled_write_bytes: 0
     * </pre>
     */
    public static ProcIo io(String text) {
        Map<String, Long> v = keyNumbers("io", text);
        return new ProcIo(v.getOrDefault("rchar", -1L), v.getOrDefault("wchar", -1L), v.getOrDefault("syscr", -1L),
                v.getOrDefault("syscw", -1L), v.getOrDefault("read_bytes", -1L), v.getOrDefault("write_bytes", -1L),
                v.getOrDefault("cancelled_write_bytes", -1L));
    }

    /**
     * {@code /proc/PID/limits}, header line skipped:
     * <pre>
     * Limit                     Soft Limit           Hard Limit           Units
     * Max cpu time              unlimited            unlimited            seconds
     * Max open files            1024                 524288               files
     * Max realtime timeout      unlimited            unlimited            us
     * </pre>
     */
    public static List<Limit> limits(String text) {
        List<Limit> out = new ArrayList<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            if (line.startsWith("Limit ") || line.isBlank()) {
                continue;
            }
            if (line.length() <= LIMIT_NAME_WIDTH) {
                throw ParseException.at("limits", n, line, "no values after the name column");
            }
            String name = line.substring(0, LIMIT_NAME_WIDTH).strip();
            String[] f = Text.fields(line.substring(LIMIT_NAME_WIDTH));
            if (f.length < 2) {
                throw ParseException.at("limits", n, line, "expected soft and hard limits");
            }
            out.add(new Limit(name, limit(n, line, f[0]), limit(n, line, f[1]), f.length > 2 ? f[2] : ""));
        }
        return out;
    }

    private static long limit(int n, String line, String token) {
        return token.equals("unlimited") ? Limit.UNLIMITED : Text.number("limits", n, line, token);
    }

    /**
     * {@code /proc/PID/cgroup}:
     * <pre>
     * 4:memory:/process_api/62b2de267bf962572c0ee8a97b91e026
     * 0::/
     * </pre>
     * The path may itself contain ':'.
     */
    public static List<CgroupLine> cgroup(String text) {
        List<CgroupLine> out = new ArrayList<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                throw ParseException.at("cgroup", n, line, "expected 'id:controllers:path'");
            }
            out.add(new CgroupLine((int) Text.number("cgroup", n, line, line.substring(0, first)),
                    line.substring(first + 1, second), line.substring(second + 1)));
        }
        return out;
    }

    /** {@code /proc/PID/oom_score}: {@code 666}. */
    public static long oomScore(String text) {
        String line = text.strip();
        String[] f = Text.fields(line);
        if (f.length != 1) {
            throw ParseException.at("oom_score", 1, line, "expected one number");
        }
        return Text.number("oom_score", 1, line, f[0]);
    }

    /** {@code /proc/PID/statm}: {@code 765 439 411 5 0 123 0}. */
    public static Statm statm(String text) {
        String line = text.strip();
        String[] f = Text.fields(line);
        if (f.length < 7) {
            throw ParseException.at("statm", 1, line, "expected 7 fields, found " + f.length);
        }
        long[] v = new long[7];
        for (int i = 0; i < 7; i++) {
            v[i] = Text.number("statm", 1, line, f[i]);
        }
        return new Statm(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    /**
     * {@code /proc/PID/sched}: the {@code key : value} lines (first line {@code cat (8467, #threads: 1)} and
     * the dashes skipped):
     * <pre>
     * se.exec_start                                :        507831.304790
     * nr_switches                                  :                    4
     * </pre>
     */
    public static Map<String, String> sched(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = Text.lines(text);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0 || line.startsWith("---")) {
                continue;
            }
            out.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return out;
    }

    /** {@code key: number} lines, non-numeric values skipped. */
    static Map<String, Long> keyNumbers(String kind, String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                if (!line.isBlank()) {
                    throw ParseException.at(kind, n, line, "no 'key:'");
                }
                continue;
            }
            String[] f = Text.fields(line.substring(colon + 1));
            if (f.length > 0) {
                out.put(line.substring(0, colon).strip(), Text.number(kind, n, line, f[0]));
            }
        }
        return out;
    }
}
