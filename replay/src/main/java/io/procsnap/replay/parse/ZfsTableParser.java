package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forms of {@code zpool}/{@code zfs} output that older releases print, where {@code -p} (exact
 * numbers) is refused ("invalid option 'p'": zfs-fuse 0.7, Solaris 10): tables with or without a header,
 * sizes with units ({@code 123M}, {@code 90.6M}), percents ({@code 74%}), and {@code zpool get} /
 * {@code zfs get} rows. The same tools on illumos and Solaris print the same forms. Sizes with a unit are
 * rounded by the tool (3 significant digits); {@link #bytes} gives the nearest byte count.
 * <pre>
 * NAME       SIZE  ALLOC   FREE    CAP  DEDUP  HEALTH  ALTROOT
 * v15sunos   123M   544K   122M     0%  1.00x  ONLINE  -
 * </pre>
 */
public final class ZfsTableParser {
    /** Columns of {@code zpool list} without -o, by count: zfs-fuse 0.7 / Solaris 11, Solaris 10. */
    private static final List<String> ZPOOL_8 = List.of("name", "size", "allocated", "free", "capacity", "dedupratio",
            "health", "altroot");
    private static final List<String> ZPOOL_7 = List.of("name", "size", "allocated", "free", "capacity", "health",
            "altroot");
    private static final List<String> ZPOOL_10 = List.of("name", "size", "allocated", "free", "expandsize",
            "fragmentation", "capacity", "dedupratio", "health", "altroot");
    private static final List<String> ZPOOL_11 = List.of("name", "size", "allocated", "free", "checkpoint",
            "expandsize", "fragmentation", "capacity", "dedupratio", "health", "altroot");
    private static final List<String> ZFS_5 = List.of("name", "used", "available", "referenced", "mountpoint");

    private ZfsTableParser() {
    }

    /**
     * {@code zpool list} in any form: with a header line (its names give the columns), or {@code -H} with
     * the columns of {@code -o} ({@code columns}, empty when no -o was given: then known by count).
     */
    public static List<ZpoolListRow> zpoolList(String text, List<String> columns) {
        List<ZpoolListRow> out = new ArrayList<>();
        for (Map<String, String> r : table("zpool list", text, columns, ZPOOL_7, ZPOOL_8, ZPOOL_10, ZPOOL_11)) {
            out.add(poolRow("zpool list", r));
        }
        return out;
    }

    /** {@code zfs list} in any form (header, or -H with the columns of -o; default name used avail refer mountpoint). */
    public static List<ZfsListRow> zfsList(String text, List<String> columns) {
        List<ZfsListRow> out = new ArrayList<>();
        for (Map<String, String> r : table("zfs list", text, columns, ZFS_5)) {
            out.add(new ZfsListRow(r.get("name"), bytes("zfs list", r.getOrDefault("used", "-")),
                    bytes("zfs list", r.getOrDefault("available", "-")), bytes("zfs list", r.getOrDefault("referenced", "-")),
                    r.getOrDefault("mountpoint", "-")));
        }
        return out;
    }

    /**
     * {@code zpool get} / {@code zfs get}: {@code NAME PROPERTY VALUE SOURCE} with a header (columns
     * aligned by spaces) or {@code -H} (tab-separated), values exact with {@code -p}; name -> property -> value.
     * <pre>
     * NAME      PROPERTY       VALUE       SOURCE
     * v15sunos  capacity       74%         -
     * </pre>
     */
    public static Map<String, Map<String, String>> properties(String kind, String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.indexOf('\t') >= 0 ? line.split("\t", -1) : Text.fields(line);
            if (n == 1 && f.length >= 3 && f[0].equals("NAME") && f[1].equals("PROPERTY")) {
                continue;
            }
            if (f.length < 3) {
                throw ParseException.at(kind, n, line, "expected NAME PROPERTY VALUE [SOURCE], found " + f.length + " fields");
            }
            String value = line.indexOf('\t') >= 0 || f.length <= 4 ? f[2]
                    : String.join(" ", List.of(f).subList(2, f.length - 1));
            out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], value);
        }
        return out;
    }

    /** One pool's row from its {@code zpool get all} properties (size, allocated, free, capacity, health, ...). */
    public static ZpoolListRow poolFromProperties(String pool, Map<String, String> p) {
        Map<String, String> r = new LinkedHashMap<>(p);
        r.put("name", pool);
        if (!r.containsKey("allocated") && r.containsKey("used")) {
            r.put("allocated", r.get("used"));
        }
        if (!r.containsKey("free") && r.containsKey("available")) {
            r.put("free", r.get("available"));
        }
        return poolRow("zpool get", r);
    }

    private static ZpoolListRow poolRow(String kind, Map<String, String> r) {
        String alloc = r.containsKey("allocated") ? r.get("allocated") : r.getOrDefault("alloc", r.getOrDefault("used", "-"));
        String free = r.containsKey("free") ? r.get("free") : r.getOrDefault("avail", "-");
        String cap = r.containsKey("capacity") ? r.get("capacity") : r.getOrDefault("cap", "-");
        String frag = r.containsKey("fragmentation") ? r.get("fragmentation") : r.getOrDefault("frag", "-");
        return new ZpoolListRow(r.get("name"), bytes(kind, r.getOrDefault("size", "-")), bytes(kind, alloc),
                bytes(kind, free), percent(kind, frag), percent(kind, cap),
                r.getOrDefault("dedupratio", r.getOrDefault("dedup", "-")).replace("x", ""),
                r.getOrDefault("health", "-"), r.getOrDefault("altroot", "-"));
    }

    @SafeVarargs
    private static List<Map<String, String>> table(String kind, String text, List<String> columns,
                                                   List<String>... byCount) {
        List<Map<String, String>> out = new ArrayList<>();
        List<String> cols = columns.isEmpty() ? null : columns;
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.indexOf('\t') >= 0 ? line.split("\t", -1) : Text.fields(line);
            if (f.length > 0 && f[0].equals("NAME")) {
                List<String> header = new ArrayList<>();
                for (String h : f) {
                    header.add(h.toLowerCase(Locale.ROOT));
                }
                cols = header;
                continue;
            }
            List<String> use = cols;
            if (use == null) {
                for (List<String> known : byCount) {
                    if (known.size() == f.length) {
                        use = known;
                    }
                }
            }
            if (use == null || use.size() != f.length || !use.contains("name")) {
                throw ParseException.at(kind, n, line, "found " + f.length + " columns, expected "
                        + (use == null ? "a known column set" : use.size() + " (" + String.join(",", use) + ")"));
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < f.length; i++) {
                row.put(use.get(i), f[i]);
            }
            out.add(row);
        }
        return out;
    }

    /**
     * A size as zfs prints it: exact ({@code 372736}), or with a binary unit ({@code 544K}, {@code 90.6M},
     * {@code 1.5T}, {@code 0B}); {@code -}, {@code none} and empty are -1 (unknown or unset).
     */
    public static long bytes(String kind, String token) {
        String t = token.strip();
        if (t.isEmpty() || t.equals("-") || t.equals("none")) {
            return -1;
        }
        char last = t.charAt(t.length() - 1);
        int shift = switch (last) {
            case 'B' -> 0;
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            case 'E' -> 60;
            default -> -1;
        };
        String number = shift < 0 ? t : t.substring(0, t.length() - 1);
        if (number.isEmpty() || !Character.isDigit(number.charAt(0)) || number.length() > 24) {
            throw new ParseException(kind + ": not a size: '" + Text.shorten(token) + "'");
        }
        if (shift <= 0 && number.indexOf('.') < 0) {
            return Text.number(kind, 0, token, number);
        }
        double v;
        try {
            v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new ParseException(kind + ": not a size: '" + Text.shorten(token) + "'");
        }
        double b = Math.rint(v * Math.pow(2, Math.max(shift, 0)));
        if (!(b < 0x1p63)) {
            throw new ParseException(kind + ": size out of range: '" + Text.shorten(token) + "'");
        }
        return (long) b;
    }

    /** {@code 74%} or {@code 74}; {@code -} is -1. */
    public static long percent(String kind, String token) {
        String t = token.strip();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty() || t.equals("-")) {
            return -1;
        }
        return Text.number(kind, 0, token, t);
    }
}
