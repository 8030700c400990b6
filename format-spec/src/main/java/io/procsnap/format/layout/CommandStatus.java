package io.procsnap.format.layout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.procsnap.format.internal.JsonValues;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The content of a {@code cmd/<name>/status} entry (SPEC.md, "Entry paths"): how a command the capture
 * ran ended, as one JSON object. Its writer ({@link #toBytes}, used by the capture) and its parser
 * ({@link #parse}, used by replay) in one place.
 *
 * <pre>
 * {"argv":["zpool","list","-Hp"],"found":true,"path":"/usr/sbin/zpool","wrapper":[],"exit":null,"signal":9,
 *  "timedOut":true,"killed":true,"leftBehind":true,"elapsedNanos":10000321000,"stdoutBytes":0,
 *  "stdoutTruncated":false,"stderrBytes":0,"stderrTruncated":false,"startError":null}
 * </pre>
 *
 * @param argv            the command line as asked
 * @param found           whether the program was found on the search path
 * @param path            absolute path of the program found, or null
 * @param wrapper         what ran before the program ({@code nice -n 19 ...}, {@code timeout -s KILL N}), may be empty
 * @param exitCode        exit code, or null when it did not exit normally
 * @param signal          the signal that ended it (one the capture sent), or null
 * @param timedOut        it exceeded its timeout
 * @param killed          the capture sent SIGKILL
 * @param leftBehind      it did not exit even after SIGKILL (stuck in the kernel) and was left behind
 * @param elapsedNanos    wall time, -1 when unknown
 * @param stdoutBytes     bytes of stdout kept, -1 when unknown
 * @param stdoutTruncated stdout was cut at the size cap
 * @param stderrBytes     bytes of stderr kept, -1 when unknown
 * @param stderrTruncated stderr was cut at the size cap
 * @param startError      why it could not start (an errno name), or null
 * @param fields          as parsed: every top-level field as text, for keys this record does not name
 *                        (empty for a record to write)
 */
public record CommandStatus(List<String> argv, boolean found, String path, List<String> wrapper, Integer exitCode,
                            Integer signal, boolean timedOut, boolean killed, boolean leftBehind, long elapsedNanos,
                            long stdoutBytes, boolean stdoutTruncated, long stderrBytes, boolean stderrTruncated,
                            String startError, Map<String, String> fields) {
    public CommandStatus {
        argv = List.copyOf(argv);
        wrapper = List.copyOf(wrapper);
        fields = Map.copyOf(fields);
    }

    /** Found, exited 0, not timed out. */
    public boolean succeeded() {
        return found && !timedOut && exitCode != null && exitCode == 0;
    }

    /** stdout or stderr was cut at the size cap. */
    public boolean truncated() {
        return stdoutTruncated || stderrTruncated;
    }

    // ---- writer -----------------------------------------------------------------------------------

    /** The entry's bytes: one line of JSON, keys in the order of the example above. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"argv\":");
        strings(sb, argv);
        sb.append(",\"found\":").append(found);
        sb.append(",\"path\":");
        quote(sb, path);
        sb.append(",\"wrapper\":");
        strings(sb, wrapper);
        sb.append(",\"exit\":").append(exitCode);
        sb.append(",\"signal\":").append(signal);
        sb.append(",\"timedOut\":").append(timedOut);
        sb.append(",\"killed\":").append(killed);
        sb.append(",\"leftBehind\":").append(leftBehind);
        sb.append(",\"elapsedNanos\":").append(elapsedNanos);
        sb.append(",\"stdoutBytes\":").append(stdoutBytes);
        sb.append(",\"stdoutTruncated\":").append(stdoutTruncated);
        sb.append(",\"stderrBytes\":").append(stderrBytes);
        sb.append(",\"stderrTruncated\":").append(stderrTruncated);
        sb.append(",\"startError\":");
        quote(sb, startError);
        sb.append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void strings(StringBuilder sb, List<String> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, list.get(i));
        }
        sb.append(']');
    }

    private static void quote(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    // ---- parser -----------------------------------------------------------------------------------

    /** Streaming (jackson-core only): the format library has no jackson-databind. */
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Parses an entry's text. Key names are matched ignoring case, {@code _} and {@code -}
     * ({@code exit_code} = {@code exitCode}); {@code exitCode}, {@code absent} (inverse of found), a single
     * {@code truncated} (read as stdout's), {@code elapsedMillis}/{@code elapsedMs} and
     * {@code elapsedSeconds} are accepted too, as older and hand-written records use them.
     *
     * @throws RecordFormatException when the text is not a JSON object
     */
    public static CommandStatus parse(String text) {
        Object parsed;
        try (JsonParser p = JSON.createParser(text)) {
            parsed = p.nextToken() == null ? null : JsonValues.value(p);
        } catch (JsonProcessingException e) {
            throw new RecordFormatException("cmd status: not JSON: " + e.getOriginalMessage() + " in \""
                    + RecordFormatException.shorten(text) + "\"", e);
        } catch (IOException e) {
            throw new RecordFormatException("cmd status: not JSON: " + e.getMessage() + " in \""
                    + RecordFormatException.shorten(text) + "\"", e);
        }
        if (!(parsed instanceof Map)) {
            throw new RecordFormatException("cmd status: expected a JSON object in \""
                    + RecordFormatException.shorten(text) + "\"");
        }
        Map<String, Object> byKey = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) parsed).entrySet()) {
            String key = (String) e.getKey();
            byKey.put(normalize(key), e.getValue());
            fields.put(key, e.getValue() instanceof String ? (String) e.getValue() : json(e.getValue()));
        }
        boolean found = byKey.containsKey("found") ? bool(byKey.get("found"))
                : !(byKey.containsKey("absent") && bool(byKey.get("absent")));
        Integer exit = integer(byKey.containsKey("exitcode") ? byKey.get("exitcode") : byKey.get("exit"));
        boolean timedOut = bool(byKey.containsKey("timedout") ? byKey.get("timedout") : byKey.get("timeout"));
        return new CommandStatus(strings(byKey.get("argv")), found, text(byKey.get("path")),
                strings(byKey.get("wrapper")), exit, integer(byKey.get("signal")), timedOut, bool(byKey.get("killed")),
                bool(byKey.get("leftbehind")), elapsed(byKey), count(byKey.get("stdoutbytes")),
                bool(byKey.get("stdouttruncated")) || bool(byKey.get("truncated")), count(byKey.get("stderrbytes")),
                bool(byKey.get("stderrtruncated")), text(byKey.get("starterror")), fields);
    }

    public static CommandStatus parse(byte[] bytes) {
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    private static long elapsed(Map<String, Object> byKey) {
        if (byKey.get("elapsednanos") instanceof Number) {
            return ((Number) byKey.get("elapsednanos")).longValue();
        }
        Object ms = byKey.containsKey("elapsedmillis") ? byKey.get("elapsedmillis") : byKey.get("elapsedms");
        if (ms instanceof Number) {
            return Math.round(((Number) ms).doubleValue() * 1e6);
        }
        Object sec = byKey.containsKey("elapsedseconds") ? byKey.get("elapsedseconds") : byKey.get("elapsed");
        if (sec instanceof Number) {
            return Math.round(((Number) sec).doubleValue() * 1e9);
        }
        return -1;
    }

    private static String normalize(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List) {
            for (Object x : (List<?>) v) {
                out.add(x instanceof String ? (String) x : String.valueOf(x));
            }
        }
        return out;
    }

    private static String text(Object v) {
        return v instanceof String ? (String) v : null;
    }

    private static boolean bool(Object v) {
        return v instanceof Boolean ? (Boolean) v : "true".equals(v);
    }

    private static Integer integer(Object v) {
        return v instanceof Number ? ((Number) v).intValue() : null;
    }

    private static long count(Object v) {
        return v instanceof Number ? ((Number) v).longValue() : -1;
    }

    /** A parsed value as JSON text again ({@code true}, {@code 12.5}, {@code ["a"]}, {@code null}), for {@link #fields()}. */
    private static String json(Object v) {
        StringBuilder sb = new StringBuilder();
        json(sb, v);
        return sb.toString();
    }

    private static void json(StringBuilder sb, Object v) {
        if (v instanceof String) {
            quote(sb, (String) v);
        } else if (v instanceof List) {
            sb.append('[');
            String sep = "";
            for (Object x : (List<?>) v) {
                sb.append(sep);
                json(sb, x);
                sep = ",";
            }
            sb.append(']');
        } else if (v instanceof Map) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                sb.append(sep);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                json(sb, e.getValue());
                sep = ",";
            }
            sb.append('}');
        } else {
            sb.append(v);
        }
    }
}
