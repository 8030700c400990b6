package io.procsnap.replay.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the capture's {@code cmd/<name>/status} JSON (written by the capture's CommandRunner):
 * <pre>
 * {"argv":["zpool","list","-Hp"],"found":true,"path":"/usr/sbin/zpool","wrapper":[],"exit":null,"signal":9,
 *  "timedOut":true,"killed":true,"leftBehind":true,"elapsedNanos":10000321000,"stdoutBytes":0,
 *  "stdoutTruncated":false,"stderrBytes":0,"stderrTruncated":false,"startError":null}
 * </pre>
 * Key names are matched ignoring case, {@code _} and {@code -} ({@code exit_code} = {@code exitCode}).
 * {@code absent} (inverse of found), {@code exitCode}, {@code truncated}, {@code elapsedMillis}/{@code elapsedMs}
 * and {@code elapsedSeconds} are accepted too.
 */
public final class CommandStatusParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandStatusParser() {
    }

    public static CommandStatus parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ParseException("cmd status: not JSON: " + e.getOriginalMessage() + " in \"" + Text.shorten(text) + "\"", e);
        }
        if (root == null || !root.isObject()) {
            throw new ParseException("cmd status: expected a JSON object in \"" + Text.shorten(text) + "\"");
        }
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            byKey.put(normalize(e.getKey()), e.getValue());
            fields.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        List<String> argv = new ArrayList<>();
        JsonNode a = byKey.get("argv");
        if (a != null && a.isArray()) {
            a.forEach(x -> argv.add(x.asText()));
        }
        boolean found = byKey.containsKey("found") ? bool(byKey.get("found"))
                : !(byKey.containsKey("absent") && bool(byKey.get("absent")));
        Integer exit = integer(byKey.containsKey("exitcode") ? byKey.get("exitcode") : byKey.get("exit"));
        Integer signal = integer(byKey.get("signal"));
        long elapsed = -1;
        if (number(byKey.get("elapsednanos"))) {
            elapsed = byKey.get("elapsednanos").asLong();
        } else if (number(byKey.get("elapsedmillis")) || number(byKey.get("elapsedms"))) {
            JsonNode ms = byKey.containsKey("elapsedmillis") ? byKey.get("elapsedmillis") : byKey.get("elapsedms");
            elapsed = Math.round(ms.asDouble() * 1e6);
        } else if (number(byKey.get("elapsedseconds")) || number(byKey.get("elapsed"))) {
            JsonNode s = byKey.containsKey("elapsedseconds") ? byKey.get("elapsedseconds") : byKey.get("elapsed");
            elapsed = Math.round(s.asDouble() * 1e9);
        }
        boolean timedOut = bool(byKey.containsKey("timedout") ? byKey.get("timedout") : byKey.get("timeout"));
        boolean truncated = bool(byKey.get("truncated")) || bool(byKey.get("stdouttruncated"))
                || bool(byKey.get("stderrtruncated"));
        return new CommandStatus(argv, found, exit, signal, timedOut, bool(byKey.get("killed")),
                bool(byKey.get("leftbehind")), elapsed, truncated, fields);
    }

    public static CommandStatus parse(byte[] bytes) {
        return parse(Text.decode(bytes));
    }

    private static String normalize(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static boolean bool(JsonNode n) {
        return n != null && (n.isBoolean() ? n.booleanValue() : n.isTextual() && n.asText().equals("true"));
    }

    private static boolean number(JsonNode n) {
        return n != null && n.isNumber();
    }

    private static Integer integer(JsonNode n) {
        return n != null && n.isNumber() ? n.intValue() : null;
    }
}
