package io.procsnap.replay.parse.sunos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kstat -p}, {@code ipcs -qaA} and {@code vmstat} as Solaris and illumos print them (formats in
 * the man pages kstat(8), ipcs(1), vmstat(8); samples and their sources in the SunOS samples README).
 */
public final class SunosStatParser {
    private static final int MAX_COLUMNS = 64;

    private SunosStatParser() {
    }

    /** One {@code kstat -p} line: {@code module:instance:name:statistic<TAB>value}. */
    public record Kstat(String module, int instance, String name, String statistic, String value) {
        /** The value as a number, -1 when it is not one (a class name, a crtime with a fraction). */
        public long longValue() {
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /**
     * {@code kstat -p}:
     * <pre>
     * zfs:0:arcstats:size	2147483648
     * caps:2:swapresv_zone_2:value	4294967296
     * </pre>
     */
    public static List<Kstat> kstat(String text) {
        List<Kstat> out = new ArrayList<>();
        int n = 0;
        for (String line : SunosText.lines(text)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw SunosText.at("kstat -p", n, line, "no tab between name and value");
            }
            String key = line.substring(0, tab);
            String[] k = key.split(":", -1);
            if (k.length < 4) {
                throw SunosText.at("kstat -p", n, line, "expected module:instance:name:statistic");
            }
            String statistic = String.join(":", java.util.Arrays.asList(k).subList(3, k.length));
            out.add(new Kstat(k[0], (int) SunosText.number("kstat -p", n, line, k[1]), k[2], statistic,
                    line.substring(tab + 1)));
        }
        return out;
    }

    /** One message queue of {@code ipcs -qaA}; numbers -1 where the column is absent. */
    public record MsgQueue(int id, long key, String mode, String owner, String group, long cbytes, long qnum,
                           long qbytes, int lspid, int lrpid, String stime, String rtime, String project,
                           String zone) {
    }

    /**
     * {@code ipcs -qaA}: a title line, the column header, "Message Queues:", then one {@code q} row per
     * queue; columns found by the header's names:
     * <pre>
     * T         ID      KEY        MODE        OWNER    GROUP  CREATOR   CGROUP CBYTES  QNUM QBYTES LSPID LRPID   STIME    RTIME    CTIME         PROJECT   ZONE
     * Message Queues:
     * q          0   0x2c4      --rw-rw-rw-     root     root     root     root  16384   128  16384  2210  2205 10:42:07 10:41:58 10:40:01        default   zone1
     * </pre>
     */
    public static List<MsgQueue> ipcsQueues(String text) {
        List<MsgQueue> out = new ArrayList<>();
        List<String> header = null;
        int n = 0;
        for (String line : SunosText.lines(text)) {
            n++;
            String[] f = SunosText.fields(line);
            if (f.length == 0 || line.startsWith("IPC status") || line.endsWith(":")) {
                continue;
            }
            if (f[0].equals("T")) {
                if (f.length > MAX_COLUMNS) {
                    throw SunosText.at("ipcs", n, line, "more than " + MAX_COLUMNS + " columns");
                }
                header = List.of(f);
                continue;
            }
            if (!f[0].equals("q")) {
                continue;
            }
            if (header == null || f.length != header.size()) {
                throw SunosText.at("ipcs", n, line, header == null ? "row before the column header"
                        : "found " + f.length + " columns, the header names " + header.size());
            }
            Map<String, String> r = new LinkedHashMap<>();
            for (int i = 0; i < f.length; i++) {
                r.put(header.get(i).toUpperCase(Locale.ROOT), f[i]);
            }
            String k = "ipcs";
            String key = r.getOrDefault("KEY", "-1");
            out.add(new MsgQueue((int) SunosText.number(k, n, line, r.getOrDefault("ID", "-1")),
                    key.startsWith("0x") ? SunosText.hex(k, n, line, key) : SunosText.number(k, n, line, key),
                    r.getOrDefault("MODE", ""), r.getOrDefault("OWNER", ""), r.getOrDefault("GROUP", ""),
                    num(r, "CBYTES", n, line), num(r, "QNUM", n, line), num(r, "QBYTES", n, line),
                    (int) num(r, "LSPID", n, line), (int) num(r, "LRPID", n, line), r.getOrDefault("STIME", ""),
                    r.getOrDefault("RTIME", ""), r.getOrDefault("PROJECT", ""), r.getOrDefault("ZONE", "")));
        }
        return out;
    }

    private static long num(Map<String, String> r, String column, int n, String line) {
        String v = r.get(column);
        return v == null ? -1 : SunosText.number("ipcs", n, line, v);
    }

    /**
     * {@code vmstat 1 2}: two header lines, then one row per interval (the first is since boot); the
     * second header's names key each row ({@code sy} appears twice: the first, system calls, is kept as
     * {@code sy}, the CPU's as {@code cpu.sy}):
     * <pre>
     *  kthr      memory            page            disk          faults      cpu
     *  r b w   swap  free  re  mf pi po fr de sr s0 s1 s2 s3   in   sy   cs us sy id
     *  0 0 0  11456  4120   1  41 19  1  3  0  2  0  4  0  0   48  112  130  4 14 82
     * </pre>
     */
    public static List<Map<String, Long>> vmstat(String text) {
        List<Map<String, Long>> out = new ArrayList<>();
        List<String> names = null;
        int n = 0;
        for (String line : SunosText.lines(text)) {
            n++;
            String[] f = SunosText.fields(line);
            if (f.length == 0 || f[0].equals("kthr") || f[0].equals("procs")) {
                continue;
            }
            if (f[0].equals("r")) {
                if (f.length > MAX_COLUMNS) {
                    throw SunosText.at("vmstat", n, line, "more than " + MAX_COLUMNS + " columns");
                }
                names = new ArrayList<>();
                for (String name : f) {
                    names.add(names.contains(name) ? "cpu." + name : name);
                }
                continue;
            }
            if (names == null || f.length != names.size()) {
                throw SunosText.at("vmstat", n, line, names == null ? "row before the column header"
                        : "found " + f.length + " columns, the header names " + names.size());
            }
            Map<String, Long> row = new LinkedHashMap<>();
            for (int i = 0; i < f.length; i++) {
                row.put(names.get(i), SunosText.number("vmstat", n, line, f[i]));
            }
            out.add(row);
        }
        return out;
    }
}
