package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses OpenZFS command output and kstats: {@code zpool list -Hp}, {@code zfs list -Hp},
 * {@code zpool status -v}, {@code /proc/spl/kstat/zfs/<pool>/txgs} and {@code .../state}.
 */
public final class ZfsParser {
    private static final Pattern STATUS_KEY = Pattern.compile("^\\s*([a-z]+): ?(.*)$");

    private ZfsParser() {
    }

    /**
     * {@code zpool list -Hp}: tab-separated default columns name, size, allocated, free, checkpoint,
     * expandsize, fragmentation, capacity, dedupratio, health, altroot (releases before 0.8 lack
     * checkpoint: 10 columns):
     * <pre>
     * tank	10200547328	10200547328	0	-	-	61	100	1.00	ONLINE	-
     * </pre>
     */
    public static List<ZpoolListRow> zpoolList(String text) {
        List<ZpoolListRow> out = new ArrayList<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            int shift;
            if (f.length >= 11) {
                shift = 1;
            } else if (f.length == 10) {
                shift = 0;
            } else {
                throw ParseException.at("zpool list", n, line, "expected 10 or 11 tab-separated columns, found " + f.length);
            }
            out.add(new ZpoolListRow(f[0], Text.numberOrUnknown("zpool list", n, line, f[1]),
                    Text.numberOrUnknown("zpool list", n, line, f[2]), Text.numberOrUnknown("zpool list", n, line, f[3]),
                    percent(n, line, f[5 + shift]), percent(n, line, f[6 + shift]), f[7 + shift], f[8 + shift],
                    f[9 + shift]));
        }
        return out;
    }

    private static long percent(int n, String line, String token) {
        String t = token.endsWith("%") ? token.substring(0, token.length() - 1) : token;
        return Text.numberOrUnknown("zpool list", n, line, t);
    }

    /**
     * {@code zfs list -Hp}: tab-separated name, used, avail, refer, mountpoint:
     * <pre>
     * tank	10200547328	0	98304	/tank
     * tank/data	10200150016	0	10200150016	/tank/data
     * </pre>
     */
    public static List<ZfsListRow> zfsList(String text) {
        List<ZfsListRow> out = new ArrayList<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 5) {
                throw ParseException.at("zfs list", n, line, "expected 5 tab-separated columns, found " + f.length);
            }
            out.add(new ZfsListRow(f[0], Text.numberOrUnknown("zfs list", n, line, f[1]),
                    Text.numberOrUnknown("zfs list", n, line, f[2]), Text.numberOrUnknown("zfs list", n, line, f[3]),
                    f[4]));
        }
        return out;
    }

    /**
     * {@code zpool status -v}, one {@link ZpoolStatus} per pool section. Continuation lines of
     * {@code status:} and {@code action:} (indented by a tab) are joined with a space.
     * <pre>
     *   pool: tank
     *  state: SUSPENDED
     * status: One or more devices are faulted in response to IO failures.
     * action: Make sure the affected devices are connected, then run 'zpool clear'.
     *    see: https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-HC
     * config:
     *
     * 	NAME        STATE     READ WRITE CKSUM
     * 	tank        ONLINE       0     0     0
     * 	  sdb       FAULTED      3   103     0  too many errors
     *
     * errors: List of errors unavailable: pool I/O is currently suspended
     * </pre>
     * {@code no pools available} gives an empty list.
     */
    public static List<ZpoolStatus> zpoolStatus(String text) {
        List<ZpoolStatus> out = new ArrayList<>();
        Section current = null;
        String lastKey = null;
        boolean inConfig = false;
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            Matcher m = STATUS_KEY.matcher(line);
            boolean keyLine = m.matches() && !line.startsWith("\t") && isStatusKey(m.group(1));
            if (keyLine) {
                String key = m.group(1);
                if (key.equals("pool")) {
                    if (current != null) {
                        out.add(current.build());
                    }
                    current = new Section(m.group(2).strip());
                    inConfig = false;
                    lastKey = key;
                    continue;
                }
                if (current == null) {
                    throw ParseException.at("zpool status", n, line, "'" + key + ":' before 'pool:'");
                }
                inConfig = key.equals("config");
                current.values.merge(key, m.group(2).strip(), (a, b) -> a + " " + b);
                lastKey = key;
                continue;
            }
            if (current == null || line.isBlank()) {
                continue;
            }
            if (inConfig) {
                current.device(n, line);
            } else if (lastKey != null) {
                current.values.merge(lastKey, line.strip(), (a, b) -> a.isEmpty() ? b : a + " " + b);
            }
        }
        if (current != null) {
            out.add(current.build());
        }
        return out;
    }

    private static boolean isStatusKey(String key) {
        return switch (key) {
            case "pool", "id", "state", "status", "action", "see", "scan", "scrub", "remove", "checkpoint",
                 "config", "errors", "prune" -> true;
            default -> false;
        };
    }

    private static final class Section {
        final String pool;
        final Map<String, String> values = new HashMap<>();
        final List<ZpoolStatus.Device> devices = new ArrayList<>();
        int baseIndent = -1;

        Section(String pool) {
            this.pool = pool;
        }

        void device(int n, String line) {
            String body = line.startsWith("\t") ? line.substring(1) : line;
            String[] f = Text.fields(body);
            if (f.length == 0 || f[0].equals("NAME")) {
                return;
            }
            int indent = 0;
            while (indent < body.length() && body.charAt(indent) == ' ') {
                indent++;
            }
            if (baseIndent < 0) {
                baseIndent = indent;
            }
            int depth = Math.max(0, (indent - baseIndent) / 2);
            String state = f.length > 1 ? f[1] : "";
            long read = f.length > 2 ? count(n, line, f[2]) : -1;
            long write = f.length > 3 ? count(n, line, f[3]) : -1;
            long cksum = f.length > 4 ? count(n, line, f[4]) : -1;
            String note = f.length > 5 ? String.join(" ", List.of(f).subList(5, f.length)) : "";
            devices.add(new ZpoolStatus.Device(f[0], state, read, write, cksum, depth, note));
        }

        /** Error counts: exact with -p, else possibly abbreviated (1.2K). */
        private static long count(int n, String line, String token) {
            if (!token.isEmpty() && Character.isDigit(token.charAt(0))) {
                char last = token.charAt(token.length() - 1);
                long scale = switch (last) {
                    case 'K' -> 1_000L;
                    case 'M' -> 1_000_000L;
                    case 'G' -> 1_000_000_000L;
                    default -> 1L;
                };
                if (scale > 1) {
                    return (long) (SystemFileParser.decimal("zpool status", line, token.substring(0, token.length() - 1)) * scale);
                }
                return Text.number("zpool status", n, line, token);
            }
            return -1;
        }

        ZpoolStatus build() {
            return new ZpoolStatus(pool, values.get("state"), values.get("status"), values.get("action"),
                    values.get("scan"), devices, values.get("errors"));
        }
    }

    /**
     * {@code /proc/spl/kstat/zfs/<pool>/txgs}: a kstat header line, then the column header, then one row
     * per txg (the fourth column is {@code ndirty} on new releases, {@code nreserved} on older ones):
     * <pre>
     * 18 0 0x01 100 11200 4212034711 52283395813541
     * txg      birth            state ndirty       nread        nwritten     reads    writes   otime        qtime        wtime        stime
     * 1233     52270393826215   C     0            0            4096         0        1        5000241542   5320         41720        2123001
     * 1234     52275394067757   O     0            0            0            0        0        0            0            0            0
     * </pre>
     */
    public static List<TxgRow> txgs(String text) {
        List<TxgRow> out = new ArrayList<>();
        boolean header = false;
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            String[] f = Text.fields(line);
            if (f.length == 0) {
                continue;
            }
            if (!header) {
                header = f[0].equals("txg");
                continue;
            }
            if (f.length < 12 || f[2].length() != 1) {
                throw ParseException.at("txgs", n, line, "expected 12 columns with a one-letter state");
            }
            long[] v = new long[12];
            for (int i = 0; i < 12; i++) {
                v[i] = i == 2 ? 0 : Text.number("txgs", n, line, f[i]);
            }
            out.add(new TxgRow(v[0], v[1], f[2].charAt(0), v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]));
        }
        if (!header) {
            throw new ParseException("txgs: no 'txg birth state ...' header in \"" + Text.shorten(text) + "\"");
        }
        return out;
    }

    /** {@code /proc/spl/kstat/zfs/<pool>/state}: {@code ONLINE}, {@code SUSPENDED}, ... */
    public static String poolState(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.contains("\n")) {
            throw new ParseException("zfs pool state: expected one word, found \"" + Text.shorten(text) + "\"");
        }
        return s;
    }
}
