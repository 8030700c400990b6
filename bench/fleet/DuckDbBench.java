import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DuckDB path of issue 16, timed: the questions a support organisation asks of {@code fleet --jsonl}
 * (archives per host, archives by worst severity and state, hosts per rule, hosts with a full queue), asked
 * of the JSON Lines file through fleet/fleet.sql's typed macro {@code procsnap_fleet} (the README's way),
 * through {@code read_json_auto} (type guessing), of a Parquet file DuckDB wrote from it
 * ({@code COPY ... TO ... (FORMAT parquet)}) and of a DuckDB table loaded from it; median of RUNS each, the
 * sources taking turns within one run. Run by bench/fleet/duckdb.sh with the duckdb_jdbc jar on the class
 * path (Java's source launcher: {@code java -cp duckdb_jdbc.jar DuckDbBench.java JSONL FLEET_SQL WORK SCALES RUNS}).
 *
 * <p>SCALES ("1 100") are copies of the input: 100 copies of a 1,000-archive fleet stand for 100,000 archives
 * (each copy's file and host names made distinct, so counts of hosts and archives grow with it). A copied
 * fleet ends with one skipped file, as a foreign file found last would: read_json_auto, guessing types from
 * the first 20,480 rows, reads its {@code skipped} as NULL; the typed macro does not.
 */
public final class DuckDbBench {
    private static final Map<String, String> QUESTIONS = new LinkedHashMap<>();

    static {
        QUESTIONS.put("archives per host", """
                SELECT host, count(DISTINCT file) AS archives, max(capture_time) AS last
                FROM %s GROUP BY host ORDER BY archives DESC, host LIMIT 20""");
        QUESTIONS.put("archives by worst, state", """
                SELECT worst, state, count(DISTINCT file) AS archives
                FROM %s GROUP BY worst, state ORDER BY archives DESC""");
        QUESTIONS.put("hosts per rule", """
                SELECT rule_id, count(DISTINCT host) AS hosts
                FROM %s WHERE rule_id IS NOT NULL GROUP BY rule_id ORDER BY hosts DESC""");
        QUESTIONS.put("hosts with a full queue", """
                SELECT host, max(capture_time) AS last, any_value(summary) AS example
                FROM %s WHERE rule_id = 'sysv-msgq-full' GROUP BY host ORDER BY host""");
    }

    public static void main(String[] args) throws Exception {
        Path jsonl = Path.of(args[0]);
        String macro = Files.readString(Path.of(args[1]));
        Path work = Path.of(args[2]);
        int runs = Integer.parseInt(args[4]);
        Files.createDirectories(work);
        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        for (String scale : args[3].trim().split("\\s+")) {
            int copies = Integer.parseInt(scale);
            Path file = copies == 1 ? jsonl : work.resolve("fleet-x" + copies + ".jsonl");
            if (copies > 1) {
                replicate(lines, copies, file);
            }
            measure(file, macro, work, copies, runs);
        }
    }

    /** {@code copies} copies of the fleet; copy k names its files {@code FILE#k} and hosts {@code HOST-k}. */
    static void replicate(List<String> lines, int copies, Path out) throws Exception {
        Pattern file = Pattern.compile("^\\{\"file\":\"((?:[^\"\\\\]|\\\\.)*)\",\"host\":(\"(?:[^\"\\\\]|\\\\.)*\"|null)");
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int k = 0; k < copies; k++) {
                String tag = String.format(Locale.ROOT, "%03d", k);
                for (String line : lines) {
                    Matcher m = file.matcher(line);
                    if (!m.find()) {
                        throw new IllegalStateException("not a fleet --jsonl line: " + line);
                    }
                    String host = m.group(2).equals("null") ? "null"
                            : m.group(2).substring(0, m.group(2).length() - 1) + "-" + tag + "\"";
                    w.write("{\"file\":\"" + m.group(1) + "#" + tag + "\",\"host\":" + host + line.substring(m.end()));
                    w.newLine();
                }
            }
            w.write("{\"file\":\"last/notes.txt\",\"host\":null,\"machine_id\":null,\"kernel\":null,"
                    + "\"capture_time\":null,\"state\":null,\"entries\":0,\"entries_ok\":0,\"processes\":0,"
                    + "\"threads\":0,\"worst\":null,\"rule_id\":null,\"severity\":null,\"summary\":null,"
                    + "\"evidence\":[],\"subject\":null,\"related\":{},\"not_evaluated\":[],"
                    + "\"skipped\":\"foreign\",\"skip_reason\":\"not a procsnap archive\"}");
            w.newLine();
        }
    }

    static void measure(Path jsonl, String macro, Path work, int copies, int runs) throws Exception {
        Path parquet = work.resolve("fleet-x" + copies + ".parquet");
        String json = "procsnap_fleet('" + jsonl + "')";
        String auto = "read_json_auto('" + jsonl + "')";
        List<Long> toParquet = new ArrayList<>();
        List<Long> toTable = new ArrayList<>();
        Map<String, List<Long>[]> times = new LinkedHashMap<>();
        long rows;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute(macro);
            try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT file), count(DISTINCT host) FROM " + json)) {
                rs.next();
                rows = rs.getLong(1);
                System.out.printf(Locale.ROOT, "%nfleet --jsonl x%d: %,d rows, %,d archives, %,d hosts; JSONL %.1f MiB",
                        copies, rows, rs.getLong(2), rs.getLong(3), Files.size(jsonl) / 1048576.0);
            }
            for (int run = 0; run < runs; run++) {
                Files.deleteIfExists(parquet);
                toParquet.add(time(st, "COPY (SELECT * FROM " + json + ") TO '" + parquet + "' (FORMAT parquet)"));
                st.execute("DROP TABLE IF EXISTS fleet");
                toTable.add(time(st, "CREATE TABLE fleet AS SELECT * FROM " + json));
            }
            System.out.printf(Locale.ROOT, ", Parquet %.1f MiB%n", Files.size(parquet) / 1048576.0);
            System.out.printf(Locale.ROOT, "  skipped files seen: procsnap_fleet %d, read_json_auto %d%n",
                    skipped(st, json), skipped(st, auto));
            String[] sources = {json, auto, "read_parquet('" + parquet + "')", "fleet"};
            for (int run = 0; run < runs; run++) {
                for (Map.Entry<String, String> q : QUESTIONS.entrySet()) {
                    @SuppressWarnings("unchecked")
                    List<Long>[] t = times.computeIfAbsent(q.getKey(), k -> new List[] {
                            new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()});
                    for (int s = 0; s < sources.length; s++) {
                        t[s].add(time(st, q.getValue().formatted(sources[s])));
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "  load once: COPY to Parquet %s ms, CREATE TABLE %s ms%n", ms(median(toParquet)),
                ms(median(toTable)));
        System.out.printf(Locale.ROOT, "  %-26s %9s %9s %9s %9s %14s%n", "question (median ms)", "JSONL", "auto",
                "Parquet", "table", "JSONL/Parquet");
        long[] sums = new long[4];
        for (Map.Entry<String, List<Long>[]> e : times.entrySet()) {
            long[] m = new long[4];
            for (int s = 0; s < 4; s++) {
                m[s] = median(e.getValue()[s]);
                sums[s] += m[s];
            }
            System.out.printf(Locale.ROOT, "  %-26s %9s %9s %9s %9s %13.1fx%n", e.getKey(), ms(m[0]), ms(m[1]),
                    ms(m[2]), ms(m[3]), (double) m[0] / m[2]);
        }
        System.out.printf(Locale.ROOT, "  %-26s %9s %9s %9s %9s %13.1fx%n", "all four", ms(sums[0]), ms(sums[1]),
                ms(sums[2]), ms(sums[3]), (double) sums[0] / sums[2]);
    }

    static long skipped(Statement st, String source) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + source + " WHERE skipped IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs the statement to the last row; nanoseconds. */
    static long time(Statement st, String sql) throws SQLException {
        long t0 = System.nanoTime();
        if (st.execute(sql)) {
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
        return System.nanoTime() - t0;
    }

    static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
