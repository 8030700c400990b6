package io.procsnap.format.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.Manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} to and from {@link Manifest}; the only class that touches Jackson. Field names
 * are snake_case as listed in manifest.schema.json.
 */
public final class ManifestCodec {
    /** The value of the {@code format} field that marks a procsnap manifest. */
    public static final String FORMAT_NAME = "procsnap-archive";
    /** Streaming (jackson-core only) for {@link #encode}. */
    private static final JsonFactory JSON = new JsonFactory();

    private ManifestCodec() {
    }

    /** Holder: databind is initialised on first {@link #decode}, never by the writer. */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /**
     * Writes the manifest with jackson-core's streaming generator and the same pretty printer that
     * {@code ObjectMapper} with {@code INDENT_OUTPUT} uses, so the bytes are those of the databind
     * tree it replaced, field for field. The writer side (on a capture's critical path before the first
     * read) thus never initialises databind (ObjectMapper, TypeFactory, StdDateFormat...); only
     * {@link #decode} does, through {@link Mapper}.
     */
    public static byte[] encode(Manifest m) {
        java.io.StringWriter out = new java.io.StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", FORMAT_NAME);
            g.writeNumberField("format_version", m.formatVersion());
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
            g.writeEndObject();
            strings(g, "notes", m.notes());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("manifest does not serialize", e);
        }
        return (out + "\n").getBytes(StandardCharsets.UTF_8);
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

    /**
     * Parses and checks a manifest: the {@code format} marker and a supported {@code format_version}
     * first, so a newer archive is reported as such rather than as garbage.
     */
    public static Manifest decode(byte[] json) throws FormatException {
        JsonNode root;
        try {
            root = Mapper.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new FormatException(Kind.CORRUPT, "manifest.json is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new FormatException(Kind.CORRUPT, "manifest.json is not a JSON object");
        }
        if (!FORMAT_NAME.equals(root.path("format").asText(null))) {
            throw new FormatException(Kind.NOT_AN_ARCHIVE, "manifest.json has format "
                    + root.path("format") + ", expected \"" + FORMAT_NAME + "\"");
        }
        JsonNode v = root.get("format_version");
        if (v == null || !v.canConvertToInt()) {
            throw new FormatException(Kind.CORRUPT, "manifest.json has no integer format_version (found "
                    + v + ")");
        }
        if (v.intValue() != Manifest.FORMAT_VERSION) {
            throw new FormatException(Kind.UNSUPPORTED_VERSION, "archive format version " + v.intValue()
                    + " found in manifest.json; this reader supports version " + Manifest.FORMAT_VERSION);
        }
        JsonNode host = root.path("host");
        JsonNode by = root.path("captured_by");
        JsonNode platform = root.path("platform");
        Instant start = null;
        String startText = text(root, "start_utc");
        if (startText != null) {
            try {
                start = Instant.parse(startText);
            } catch (DateTimeParseException e) {
                throw new FormatException(Kind.CORRUPT, "manifest.json start_utc is not an ISO-8601 instant: "
                        + Bytes.quote(startText));
            }
        }
        return new Manifest(v.intValue(), text(root, "tool"), text(root, "tool_version"),
                new Manifest.Host(text(host, "hostname"), text(host, "kernel_release"), text(host, "boot_id"),
                        text(host, "machine_id")),
                new Manifest.Captor(by.path("uid").asLong(-1), by.path("gid").asLong(-1), by.path("euid").asLong(-1)),
                start, root.path("start_boot_ns").asLong(-1), strings(root.path("options")),
                new Manifest.Platform(text(platform, "arch"), platform.path("clock_ticks").asInt(100),
                        platform.path("page_size").asInt(4096), text(platform, "runtime")),
                strings(root.path("notes")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.properties().forEach(e -> m.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return m;
    }
}
