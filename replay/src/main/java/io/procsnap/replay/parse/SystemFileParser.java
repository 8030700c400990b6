package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses machine-wide files: loadavg, uptime, meminfo, stat, pressure, locks. */
public final class SystemFileParser {
    private SystemFileParser() {
    }

    /** {@code /proc/loadavg}: {@code 0.49 0.54 0.26 1/89 6590}. */
    public static LoadAvg loadavg(String text) {
        String line = text.strip();
        String[] f = Text.fields(line);
        if (f.length < 5 || f[3].indexOf('/') < 0) {
            throw ParseException.at("loadavg", 1, line, "expected 'l1 l5 l15 running/total lastpid'");
        }
        String[] rt = f[3].split("/", 2);
        return new LoadAvg(decimal("loadavg", line, f[0]), decimal("loadavg", line, f[1]),
                decimal("loadavg", line, f[2]), (int) Text.number("loadavg", 1, line, rt[0]),
                (int) Text.number("loadavg", 1, line, rt[1]), (int) Text.number("loadavg", 1, line, f[4]));
    }

    /** {@code /proc/uptime}: {@code 378.37 564.48}. */
    public static Uptime uptime(String text) {
        String line = text.strip();
        String[] f = Text.fields(line);
        if (f.length < 1) {
            throw ParseException.at("uptime", 1, line, "empty");
        }
        return new Uptime(decimal("uptime", line, f[0]), f.length > 1 ? decimal("uptime", line, f[1]) : -1);
    }

    /**
     * {@code /proc/meminfo}, values in kB except the HugePages_* counts:
     * <pre>
     * MemTotal:       24668984 kB
     * MemAvailable:   23145000 kB
     * HugePages_Total:       0
     * </pre>
     */
    public static Map<String, Long> meminfo(String text) {
        return ProcFileParser.keyNumbers("meminfo", text);
    }

    /**
     * {@code /proc/stat} system lines:
     * <pre>
     * cpu  17223 0 2854 80635 285 0 65 32 0 0
     * ctxt 491750
     * btime 1795309669
     * processes 8482
     * procs_running 1
     * procs_blocked 0
     * </pre>
     */
    public static KernelStat stat(String text) {
        List<Long> cpu = new ArrayList<>();
        Map<String, Long> single = new LinkedHashMap<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            String[] f = Text.fields(line);
            if (f.length < 2) {
                continue;
            }
            if (f[0].equals("cpu")) {
                for (int i = 1; i < f.length; i++) {
                    cpu.add(Text.number("stat", n, line, f[i]));
                }
            } else if (f.length == 2 && !f[0].startsWith("cpu")) {
                single.put(f[0], Text.number("stat", n, line, f[1]));
            }
        }
        if (cpu.isEmpty() && single.isEmpty()) {
            throw new ParseException("stat: no 'cpu' or 'btime' line in \"" + Text.shorten(text) + "\"");
        }
        return new KernelStat(cpu, single.getOrDefault("btime", -1L), single.getOrDefault("processes", -1L),
                single.getOrDefault("procs_running", -1L), single.getOrDefault("procs_blocked", -1L),
                single.getOrDefault("ctxt", -1L));
    }

    /**
     * {@code /proc/pressure/{cpu,io,memory}}:
     * <pre>
     * some avg10=0.26 avg60=2.26 avg300=4.74 total=39704137
     * full avg10=0.00 avg60=0.00 avg300=0.00 total=0
     * </pre>
     */
    public static Pressure pressure(String text) {
        Pressure.Line some = null;
        Pressure.Line full = null;
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            String[] f = Text.fields(line);
            if (f.length == 0) {
                continue;
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq < 0) {
                    throw ParseException.at("pressure", n, line, "expected key=value, found '" + f[i] + "'");
                }
                kv.put(f[i].substring(0, eq), f[i].substring(eq + 1));
            }
            Pressure.Line parsed = new Pressure.Line(decimal("pressure", line, kv.getOrDefault("avg10", "-1")),
                    decimal("pressure", line, kv.getOrDefault("avg60", "-1")),
                    decimal("pressure", line, kv.getOrDefault("avg300", "-1")),
                    Text.number("pressure", n, line, kv.getOrDefault("total", "-1")));
            switch (f[0]) {
                case "some" -> some = parsed;
                case "full" -> full = parsed;
                default -> throw ParseException.at("pressure", n, line, "expected 'some' or 'full'");
            }
        }
        if (some == null) {
            throw new ParseException("pressure: no 'some' line in \"" + Text.shorten(text) + "\"");
        }
        return new Pressure(some, full);
    }

    /**
     * {@code /proc/locks}; a waiter is marked {@code ->} after the id:
     * <pre>
     * 1: POSIX  ADVISORY  WRITE 6601 00:1f:1234 0 EOF
     * 1: -> POSIX  ADVISORY  WRITE 6602 00:1f:1234 0 EOF
     * 2: FLOCK  ADVISORY  WRITE 812 fd:00:393 0 EOF
     * </pre>
     * The device and inode are printed as {@code major:minor:inode}.
     */
    public static List<FileLock> locks(String text) {
        List<FileLock> out = new ArrayList<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            List<String> f = new ArrayList<>(List.of(Text.fields(line)));
            if (f.isEmpty() || !f.get(0).endsWith(":")) {
                throw ParseException.at("locks", n, line, "expected 'N: ...'");
            }
            int id = (int) Text.number("locks", n, line, f.get(0).substring(0, f.get(0).length() - 1));
            boolean blocked = f.size() > 1 && f.get(1).equals("->");
            if (blocked) {
                f.remove(1);
            }
            if (f.size() < 8) {
                throw ParseException.at("locks", n, line, "expected 'N: KIND MODE ACCESS PID MAJ:MIN:INODE START END'");
            }
            String devInode = f.get(5);
            int last = devInode.lastIndexOf(':');
            if (last < 0) {
                throw ParseException.at("locks", n, line, "expected 'maj:min:inode', found '" + devInode + "'");
            }
            out.add(new FileLock(id, blocked, f.get(1), f.get(2), f.get(3), (int) Text.number("locks", n, line, f.get(4)),
                    devInode.substring(0, last), Text.number("locks", n, line, devInode.substring(last + 1)), f.get(6),
                    f.get(7)));
        }
        return out;
    }

    static double decimal(String kind, String line, String token) {
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw ParseException.at(kind, 1, line, "not a decimal: '" + token + "'");
        }
    }
}
