package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code /proc/PID/status}, {@code Key:\tvalue} lines:
 * <pre>
 * Name:	cat
 * State:	R (running)
 * Tgid:	6582
 * Pid:	6582
 * PPid:	6579
 * Uid:	0	0	0	0
 * Gid:	0	0	0	0
 * VmRSS:	    1756 kB
 * Threads:	1
 * voluntary_ctxt_switches:	0
 * nonvoluntary_ctxt_switches:	0
 * </pre>
 * Kernel threads and zombies have no Vm* lines; those values are -1.
 */
public final class ProcStatusParser {
    private static final String KIND = "status";

    private ProcStatusParser() {
    }

    /** Extracts the named fields in one pass without building a map (hot path: one call per thread). */
    public static ProcStatus parse(String text) {
        String name = null;
        String stateText = "";
        long tgid = -1;
        long pid = -1;
        long ppid = -1;
        List<Long> uids = List.of();
        List<Long> gids = List.of();
        long threads = -1;
        long vmRss = -1;
        long vmSize = -1;
        long voluntary = -1;
        long nonvoluntary = -1;
        int n = 0;
        int pos = 0;
        int length = text.length();
        while (pos < length) {
            int nl = text.indexOf('\n', pos);
            String line = text.substring(pos, nl < 0 ? length : nl);
            pos = nl < 0 ? length : nl + 1;
            n++;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                if (line.isBlank()) {
                    continue;
                }
                throw ParseException.at(KIND, n, line, "no 'Key:'");
            }
            switch (line.substring(0, colon)) {
                case "Name" -> name = name == null ? line.substring(colon + 1).strip().intern() : name;
                case "State" -> stateText = line.substring(colon + 1).strip().intern();
                case "Tgid" -> tgid = first(n, line, colon);
                case "Pid" -> pid = first(n, line, colon);
                case "PPid" -> ppid = first(n, line, colon);
                case "Uid" -> uids = all(n, line, colon);
                case "Gid" -> gids = all(n, line, colon);
                case "Threads" -> threads = first(n, line, colon);
                case "VmRSS" -> vmRss = first(n, line, colon);
                case "VmSize" -> vmSize = first(n, line, colon);
                case "voluntary_ctxt_switches" -> voluntary = first(n, line, colon);
                case "nonvoluntary_ctxt_switches" -> nonvoluntary = first(n, line, colon);
                default -> {
                    // kept in the text; fields() splits it on demand
                }
            }
        }
        if (name == null && pid < 0) {
            throw new ParseException(KIND + ": neither Name nor Pid in \"" + Text.shorten(text) + "\"");
        }
        char state = stateText.isEmpty() ? '?' : stateText.charAt(0);
        return new ProcStatus(name == null ? "" : name, state, stateText, (int) tgid, (int) pid, (int) ppid, uids,
                gids, threads, vmRss, vmSize, voluntary, nonvoluntary, text);
    }

    public static ProcStatus parse(byte[] bytes) {
        return parse(Text.decode(bytes));
    }

    /** The {@code Key:\tvalue} lines of a status text, in order (first occurrence wins). */
    static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        int n = 0;
        for (String line : Text.lines(text)) {
            n++;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                if (line.isBlank()) {
                    continue;
                }
                throw ParseException.at(KIND, n, line, "no 'Key:'");
            }
            fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return java.util.Collections.unmodifiableMap(fields);
    }

    /** First number of the value ({@code "1756 kB"} gives 1756), -1 when empty. */
    private static long first(int n, String line, int colon) {
        String[] f = Text.fields(line.substring(colon + 1));
        return f.length == 0 ? -1 : Text.number(KIND, n, line, f[0]);
    }

    private static List<Long> all(int n, String line, int colon) {
        List<Long> out = new ArrayList<>(4);
        for (String f : Text.fields(line.substring(colon + 1))) {
            out.add(Text.number(KIND, n, line, f));
        }
        return out;
    }
}
