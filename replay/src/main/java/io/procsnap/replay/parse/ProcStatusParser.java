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
            int lineStart = pos;
            int lineEnd = nl < 0 ? length : nl;
            pos = nl < 0 ? length : nl + 1;
            n++;
            // the key is compared in place: a status has ~55 lines and only a dozen are read
            int colon = text.indexOf(':', lineStart);
            if (colon < 0 || colon >= lineEnd || colon == lineStart) {
                String line = text.substring(lineStart, lineEnd);
                if (line.isBlank()) {
                    continue;
                }
                throw ParseException.at(KIND, n, line, "no 'Key:'");
            }
            switch (key(text, lineStart, colon)) {
                case NAME -> name = name == null ? value(text, colon, lineEnd).intern() : name;
                case STATE -> stateText = value(text, colon, lineEnd).intern();
                case TGID -> tgid = first(n, text, lineStart, colon, lineEnd);
                case PID -> pid = first(n, text, lineStart, colon, lineEnd);
                case PPID -> ppid = first(n, text, lineStart, colon, lineEnd);
                case UID -> uids = all(n, text.substring(lineStart, lineEnd), colon - lineStart);
                case GID -> gids = all(n, text.substring(lineStart, lineEnd), colon - lineStart);
                case THREADS -> threads = first(n, text, lineStart, colon, lineEnd);
                case VMRSS -> vmRss = first(n, text, lineStart, colon, lineEnd);
                case VMSIZE -> vmSize = first(n, text, lineStart, colon, lineEnd);
                case VOLUNTARY -> voluntary = first(n, text, lineStart, colon, lineEnd);
                case NONVOLUNTARY -> nonvoluntary = first(n, text, lineStart, colon, lineEnd);
                case OTHER -> {
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

    /** The keys this parser reads. */
    private enum Key { NAME, STATE, TGID, PID, PPID, UID, GID, THREADS, VMRSS, VMSIZE, VOLUNTARY, NONVOLUNTARY, OTHER }

    private static final String[] KEY_NAMES = {"Name", "State", "Tgid", "Pid", "PPid", "Uid", "Gid", "Threads", "VmRSS",
            "VmSize", "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"};
    private static final Key[] KEYS = Key.values();

    private static Key key(String text, int start, int colon) {
        int length = colon - start;
        for (int k = 0; k < KEY_NAMES.length; k++) {
            String name = KEY_NAMES[k];
            if (name.length() == length && text.startsWith(name, start)) {
                return KEYS[k];
            }
        }
        return Key.OTHER;
    }

    /** The value after the colon, stripped. */
    private static String value(String text, int colon, int lineEnd) {
        return text.substring(colon + 1, lineEnd).strip();
    }

    /** First number of the value ({@code "1756 kB"} gives 1756), -1 when empty; scanned in place. */
    private static long first(int n, String text, int lineStart, int colon, int lineEnd) {
        int i = colon + 1;
        while (i < lineEnd && Text.isBlank(text.charAt(i))) {
            i++;
        }
        if (i >= lineEnd) {
            return -1;
        }
        int start = i;
        while (i < lineEnd && !Text.isBlank(text.charAt(i))) {
            i++;
        }
        return Text.number(KIND, n, text, lineStart, lineEnd, start, i);
    }

    private static List<Long> all(int n, String line, int colon) {
        List<Long> out = new ArrayList<>(4);
        for (String f : Text.fields(line.substring(colon + 1))) {
            out.add(Text.number(KIND, n, line, f));
        }
        return out;
    }
}
