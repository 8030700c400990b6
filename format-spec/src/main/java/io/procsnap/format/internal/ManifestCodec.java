package io.procsnap.format.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.Manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} to and from {@link Manifest}; the only class that touches Jackson, and only its
 * streaming core (jackson-core: the capture bundle carries no jackson-databind). Field names are
 * snake_case as listed in manifest.schema.json.
 */
public final class ManifestCodec {
    /** The value of the {@code format} field that marks a procsnap manifest. */
    public static final String FORMAT_NAME = "procsnap-archive";
    /** Streaming (jackson-core only), for both directions. */
    private static final JsonFactory JSON = new JsonFactory();

    private ManifestCodec() {
    }

    /**
     * Writes the manifest with jackson-core's streaming generator and the same pretty printer that
     * {@code ObjectMapper} with {@code INDENT_OUTPUT} uses, so the bytes are those of the databind
     * tree it replaced, field for field (ManifestCodecTests compares them).
     */
    public static byte[] encode(Manifest m) {
        java.io.StringWriter out = new java.io.StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", FORMAT_NAME);
            g.writeNumberField("format_version", m.formatVersion());
            g.writeNumberField("format_minor", Manifest.FORMAT_MINOR); // what this writer writes: 1.1
            string(g, "tool", m.tool());
            string(g, "tool_version", m.toolVersion());
            Manifest.Host h = m.host() == null ? new Manifest.Host(null, null, null, null) : m.host();
            g.writeObjectFieldStart("host");
            string(g, "hostname", h.hostname());
            string(g, "kernel_release", h.kernelRelease());
            string(g, "boot_id", h.bootId());
            string(g, "machine_id", h.machineId());
            g.writeEndObject();
            Manifest.Captor c = m.capturedBy() == null ? new Manifest.Captor(-1, -1, -1) : m.capturedBy();
            g.writeObjectFieldStart("captured_by");
            g.writeNumberField("uid", c.uid());
            g.writeNumberField("gid", c.gid());
            g.writeNumberField("euid", c.euid());
            g.writeEndObject();
            string(g, "start_utc", m.startUtc() == null ? null : m.startUtc().toString());
            g.writeNumberField("start_boot_ns", m.startBootNanos());
            strings(g, "options", m.options());
            Manifest.Platform p = m.platform() == null ? new Manifest.Platform(null, 100, 4096, null) : m.platform();
            g.writeObjectFieldStart("platform");
            string(g, "arch", p.arch());
            g.writeNumberField("clock_ticks", p.clockTicks());
            g.writeNumberField("page_size", p.pageSize());
            string(g, "runtime", p.runtime());
            optional(g, "os", p.os());
            optional(g, "os_release", p.osRelease());
            optional(g, "release", p.release());
            optional(g, "isa", p.isa());
            optional(g, "reader_data_model", p.readerDataModel());
            optional(g, "byte_order", p.byteOrder());
            optional(g, "zone", p.zone());
            g.writeEndObject();
            strings(g, "notes", m.notes());
            if (m.trigger() != null) {
                g.writeFieldName("trigger");
                trigger(g, m.trigger());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("manifest does not serialize", e);
        }
        return (out + "\n").getBytes(StandardCharsets.UTF_8);
    }

    // ---- the optional "trigger" object (procsnap watch); begin ----

    /** The trigger as one line of JSON, the manifest's {@code trigger} object (the watcher hands it to its capture). */
    public static String encodeTrigger(Manifest.Trigger t) {
        java.io.StringWriter out = new java.io.StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            trigger(g, t);
        } catch (IOException e) {
            throw new IllegalStateException("trigger does not serialize", e);
        }
        return out.toString();
    }

    /** Parses what {@link #encodeTrigger} wrote, as {@link #decode} reads the manifest's {@code trigger}. */
    public static Manifest.Trigger decodeTrigger(String json) throws FormatException {
        try (JsonParser p = JSON.createParser(json)) {
            return trigger(p.nextToken() == null ? null : JsonValues.value(p));
        } catch (IOException e) {
            throw new FormatException(Kind.CORRUPT, "trigger is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void trigger(JsonGenerator g, Manifest.Trigger t) throws IOException {
        g.writeStartObject();
        string(g, "name", t.name());
        string(g, "summary", t.summary());
        string(g, "since_utc", t.since() == null ? null : t.since().toString());
        string(g, "fired_utc", t.fired() == null ? null : t.fired().toString());
        strings(g, "values", t.values());
        g.writeArrayFieldStart("also");
        for (String line : t.also()) {
            g.writeString(line);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The {@code trigger} object as parsed by {@link #value}; null when absent. Unknown fields are ignored. */
    private static Manifest.Trigger trigger(Object node) throws FormatException {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Map)) {
            throw new FormatException(Kind.CORRUPT, "manifest.json trigger is not an object");
        }
        Map<?, ?> t = (Map<?, ?>) node;
        String name = text(t, "name");
        if (name == null) {
            throw new FormatException(Kind.CORRUPT, "manifest.json trigger has no name");
        }
        if (t.get("values") != null && !(t.get("values") instanceof Map)) {
            throw new FormatException(Kind.CORRUPT, "manifest.json trigger.values is not an object");
        }
        Object also = t.get("also");
        if (also != null && !(also instanceof List)) {
            throw new FormatException(Kind.CORRUPT, "manifest.json trigger.also is not an array");
        }
        List<String> lines = new ArrayList<>();
        if (also != null) {
            ((List<?>) also).forEach(a -> lines.add(a == null ? "" : String.valueOf(a)));
        }
        return new Manifest.Trigger(name, text(t, "summary"), instant("trigger.since_utc", text(t, "since_utc")),
                instant("trigger.fired_utc", text(t, "fired_utc")), strings(t.get("values")), lines);
    }

    // ---- the optional "trigger" object; end ----

    /** A string field written only when it has a value (the platform's SunOS keys: Linux manifests stay as they were). */
    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** A string field; null is written as JSON null (as {@code ObjectNode.put(name, null)} did). */
    private static void string(JsonGenerator g, String name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    /** A map of strings as an object with its keys in sorted order. */
    private static void strings(JsonGenerator g, String name, Map<String, String> values) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            string(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** A manifest and the minor version it declares ({@code format_minor}, 0 when absent as in 1.0). */
    public record Decoded(Manifest manifest, int minor) {
    }

    /**
     * Parses and checks a manifest: the {@code format} marker and a supported {@code format_version}
     * first, so a newer archive is reported as such rather than as garbage. Read with jackson-core's
     * streaming parser into plain maps (a manifest is a few hundred bytes), so the format library needs
     * no jackson-databind: the capture bundle leaves its 4.6 MB out.
     */
    public static Manifest decode(byte[] json) throws FormatException {
        return decodeVersioned(json).manifest();
    }

    /**
     * {@link #decode}, also returning the minor version; a minor newer than {@link Manifest#FORMAT_MINOR}
     * is refused like a newer major: it may store what this reader would misread.
     */
    public static Decoded decodeVersioned(byte[] json) throws FormatException {
        Object parsed;
        try (JsonParser p = JSON.createParser(json)) {
            parsed = p.nextToken() == null ? null : JsonValues.value(p);
            if (p.nextToken() != null) {
                throw new FormatException(Kind.CORRUPT, "manifest.json is not valid JSON at line "
                        + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr()
                        + ": more after the object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new FormatException(Kind.CORRUPT, "manifest.json is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new FormatException(Kind.CORRUPT, "manifest.json is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(parsed instanceof Map)) {
            throw new FormatException(Kind.CORRUPT, "manifest.json is not a JSON object");
        }
        Map<?, ?> root = (Map<?, ?>) parsed;
        Object format = root.get("format");
        if (!FORMAT_NAME.equals(format)) {
            throw new FormatException(Kind.NOT_AN_ARCHIVE, "manifest.json has format "
                    + show(format) + ", expected \"" + FORMAT_NAME + "\"");
        }
        Object v = root.get("format_version");
        if (!(v instanceof Integer)) {
            throw new FormatException(Kind.CORRUPT, "manifest.json has no integer format_version (found "
                    + show(v) + ")");
        }
        int version = (Integer) v;
        if (version != Manifest.FORMAT_VERSION) {
            throw new FormatException(Kind.UNSUPPORTED_VERSION, "archive format version " + version
                    + " found in manifest.json; this reader supports version " + SUPPORTED);
        }
        Object minorValue = root.get("format_minor");
        if (minorValue != null && (!(minorValue instanceof Integer) || (Integer) minorValue < 0)) {
            throw new FormatException(Kind.CORRUPT, "manifest.json format_minor is not a non-negative integer (found "
                    + show(minorValue) + ")");
        }
        int minor = minorValue == null ? 0 : (Integer) minorValue;
        if (minor > Manifest.FORMAT_MINOR) {
            throw new FormatException(Kind.UNSUPPORTED_VERSION, "archive format version " + version + "." + minor
                    + " found in manifest.json; this reader supports version " + SUPPORTED);
        }
        Map<?, ?> host = object(root, "host");
        Map<?, ?> by = object(root, "captured_by");
        Map<?, ?> platform = object(root, "platform");
        Instant start = instant("start_utc", text(root, "start_utc"));
        return new Decoded(new Manifest(version, text(root, "tool"), text(root, "tool_version"),
                new Manifest.Host(text(host, "hostname"), text(host, "kernel_release"), text(host, "boot_id"),
                        text(host, "machine_id")),
                new Manifest.Captor(number(by, "uid", -1), number(by, "gid", -1), number(by, "euid", -1)),
                start, number(root, "start_boot_ns", -1), strings(root.get("options")),
                new Manifest.Platform(text(platform, "arch"), (int) number(platform, "clock_ticks", 100),
                        (int) number(platform, "page_size", 4096), text(platform, "runtime"), text(platform, "os"),
                        text(platform, "os_release"), text(platform, "release"), text(platform, "isa"),
                        text(platform, "reader_data_model"), text(platform, "byte_order"), text(platform, "zone")),
                strings(root.get("notes")), trigger(root.get("trigger"))), minor);
    }

    /** An ISO-8601 instant field, null when absent; {@code CORRUPT} naming the field when malformed. */
    private static Instant instant(String field, String text) throws FormatException {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new FormatException(Kind.CORRUPT, "manifest.json " + field + " is not an ISO-8601 instant: "
                    + Bytes.quote(text));
        }
    }

    /** What {@link #decodeVersioned} accepts, for messages: "1 (1.0 to 1.1)". */
    private static final String SUPPORTED = Manifest.FORMAT_VERSION + " (" + Manifest.FORMAT_VERSION + ".0 to "
            + Manifest.FORMAT_VERSION + "." + Manifest.FORMAT_MINOR + ")";

    /** A value as the message shows it: JSON text for strings, nothing for a missing field. */
    private static String show(Object v) {
        if (v instanceof String) {
            StringBuilder sb = new StringBuilder("\"");
            com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString((String) v, sb);
            return sb.append('"').toString();
        }
        return v == null ? "" : String.valueOf(v);
    }

    private static Map<?, ?> object(Map<?, ?> n, String field) {
        Object v = n.get(field);
        return v instanceof Map ? (Map<?, ?>) v : Map.of();
    }

    /** A field as text (numbers and booleans as written), null when missing or null. */
    private static String text(Map<?, ?> n, String field) {
        Object v = n.get(field);
        return v == null || v instanceof Map || v instanceof List ? null : String.valueOf(v);
    }

    /** A whole number field; {@code otherwise} when missing or not a number (as JsonNode.asLong did). */
    private static long number(Map<?, ?> n, String field, long otherwise) {
        Object v = n.get(field);
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        if (v instanceof String) {
            try {
                return Long.parseLong(((String) v).trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    /** An object of strings; null values become "" (as before), nested values their text. */
    private static Map<String, String> strings(Object n) {
        Map<String, String> m = new LinkedHashMap<>();
        if (n instanceof Map) {
            ((Map<?, ?>) n).forEach((k, v) -> m.put((String) k, v == null ? "" : v instanceof Map || v instanceof List ? "" : String.valueOf(v)));
        }
        return m;
    }
}
