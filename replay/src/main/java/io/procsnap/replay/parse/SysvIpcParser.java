package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code /proc/sysvipc/{msg,sem,shm}} and the IPC sysctls. Columns are found by header name,
 * so kernels that add or drop columns ({@code rss}, {@code swap} in shm) still parse. A header-only
 * file (no IPC objects) gives an empty list.
 */
public final class SysvIpcParser {
    private SysvIpcParser() {
    }

    /**
     * {@code /proc/sysvipc/msg}:
     * <pre>
     *        key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime
     *          0          0   600       16384         16  4711  4700     0     0     0     0 1700000000 1700000000 1700000000
     * </pre>
     */
    public static List<MsgQueue> msg(String text) {
        List<MsgQueue> out = new ArrayList<>();
        for (Row r : rows("sysvipc/msg", text, "key", "msqid", "perms", "cbytes", "qnum", "lspid", "lrpid")) {
            out.add(new MsgQueue(r.num("key"), (int) r.num("msqid"), r.octal("perms"), r.num("cbytes"), r.num("qnum"),
                    (int) r.num("lspid"), (int) r.num("lrpid"), r.num("uid"), r.num("gid"), r.num("cuid"),
                    r.num("cgid"), r.num("stime"), r.num("rtime"), r.num("ctime")));
        }
        return out;
    }

    /**
     * {@code /proc/sysvipc/sem}:
     * <pre>
     *        key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime
     * </pre>
     */
    public static List<SemSet> sem(String text) {
        List<SemSet> out = new ArrayList<>();
        for (Row r : rows("sysvipc/sem", text, "key", "semid", "perms", "nsems")) {
            out.add(new SemSet(r.num("key"), (int) r.num("semid"), r.octal("perms"), r.num("nsems"), r.num("uid"),
                    r.num("gid"), r.num("cuid"), r.num("cgid"), r.num("otime"), r.num("ctime")));
        }
        return out;
    }

    /**
     * {@code /proc/sysvipc/shm}:
     * <pre>
     *        key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
     * </pre>
     */
    public static List<ShmSegment> shm(String text) {
        List<ShmSegment> out = new ArrayList<>();
        for (Row r : rows("sysvipc/shm", text, "key", "shmid", "perms", "size")) {
            out.add(new ShmSegment(r.num("key"), (int) r.num("shmid"), r.octal("perms"), r.num("size"),
                    (int) r.num("cpid"), (int) r.num("lpid"), r.num("nattch"), r.num("uid"), r.num("gid"),
                    r.num("cuid"), r.num("cgid"), r.num("atime"), r.num("dtime"), r.num("ctime"), r.num("rss"),
                    r.num("swap")));
        }
        return out;
    }

    /** A one-number sysctl such as {@code /proc/sys/kernel/msgmnb}: {@code 16384}. */
    public static long sysctlNumber(String text) {
        String line = text.strip();
        String[] f = Text.fields(line);
        if (f.length != 1) {
            throw ParseException.at("sysctl", 1, line, "expected one number");
        }
        return Text.number("sysctl", 1, line, f[0]);
    }

    /** A multi-number sysctl such as {@code /proc/sys/kernel/sem}: {@code 32000\t1024000000\t500\t32000}. */
    public static List<Long> sysctlNumbers(String text) {
        String line = text.strip();
        List<Long> out = new ArrayList<>();
        for (String f : Text.fields(line)) {
            out.add(Text.number("sysctl", 1, line, f));
        }
        return out;
    }

    private record Row(String kind, int lineNumber, String line, Map<String, String> values) {
        long num(String column) {
            String v = values.get(column);
            return v == null ? -1 : Text.number(kind, lineNumber, line, v);
        }

        int octal(String column) {
            String v = values.get(column);
            try {
                return v == null ? -1 : Integer.parseInt(v, 8);
            } catch (NumberFormatException e) {
                throw ParseException.at(kind, lineNumber, line, "perms not octal: '" + v + "'");
            }
        }
    }

    private static List<Row> rows(String kind, String text, String... required) {
        List<String> lines = Text.lines(text);
        List<Row> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        String[] header = Text.fields(lines.get(0));
        for (String column : required) {
            if (!List.of(header).contains(column)) {
                throw ParseException.at(kind, 1, lines.get(0), "header lacks column '" + column + "'");
            }
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = Text.fields(line);
            if (f.length < header.length) {
                throw ParseException.at(kind, i + 1, line, header.length + " columns expected, found " + f.length);
            }
            Map<String, String> values = new HashMap<>();
            for (int c = 0; c < header.length; c++) {
                values.put(header[c], f[c]);
            }
            out.add(new Row(kind, i + 1, line, values));
        }
        return out;
    }
}
