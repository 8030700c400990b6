package io.procsnap.format.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestCodec() {
    }

    public static byte[] encode(Manifest m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT_NAME);
        root.put("format_version", m.formatVersion());
        root.put("tool", m.tool());
        root.put("tool_version", m.toolVersion());
        Manifest.Host h = m.host() == null ? new Manifest.Host(null, null, null, null) : m.host();
        ObjectNode host = root.putObject("host");
        host.put("hostname", h.hostname());
        host.put("kernel_release", h.kernelRelease());
        host.put("boot_id", h.bootId());
        host.put("machine_id", h.machineId());
        Manifest.Captor c = m.capturedBy() == null ? new Manifest.Captor(-1, -1, -1) : m.capturedBy();
        ObjectNode by = root.putObject("captured_by");
        by.put("uid", c.uid());
        by.put("gid", c.gid());
        by.put("euid", c.euid());
        root.put("start_utc", m.startUtc() == null ? null : m.startUtc().toString());
        root.put("start_boot_ns", m.startBootNanos());
        ObjectNode options = root.putObject("options");
        new TreeMap<>(m.options()).forEach(options::put);
        Manifest.Platform p = m.platform() == null ? new Manifest.Platform(null, 100, 4096, null) : m.platform();
        ObjectNode platform = root.putObject("platform");
        platform.put("arch", p.arch());
        platform.put("clock_ticks", p.clockTicks());
        platform.put("page_size", p.pageSize());
        platform.put("runtime", p.runtime());
        ObjectNode notes = root.putObject("notes");
        new TreeMap<>(m.notes()).forEach(notes::put);
        try {
            return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest does not serialize", e);
        }
    }

    /**
     * Parses and checks a manifest: the {@code format} marker and a supported {@code format_version}
     * first, so a newer archive is reported as such rather than as garbage.
     */
    public static Manifest decode(byte[] json) throws FormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
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
