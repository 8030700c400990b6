package io.procsnap.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Validates written manifests against format-spec/manifest.schema.json with a small validator for
 * the keywords that schema uses (type, required, properties, additionalProperties, const, minimum,
 * minLength, pattern); an unknown keyword fails the test so the schema cannot drift past it.
 */
class ManifestSchemaTests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KNOWN = List.of("$schema", "$id", "title", "description", "type", "required",
            "properties", "additionalProperties", "const", "minimum", "minLength", "pattern", "items");

    @TempDir
    Path dir;

    @Test
    void writtenManifestMatchesTheSchema() throws IOException {
        Path file = TestArchives.write(dir.resolve("m.tar.zst"), ArchiveWriter.Options.defaults(), w -> { });
        JsonNode manifest = JSON.readTree(manifestBytes(file));
        assertEquals(List.of(), validate(schema(), manifest, "$"));
    }

    @Test
    void manifestWithUnknownHostStillMatches() throws IOException {
        Manifest m = new Manifest(1, "procsnap", "0", null, null, null, -1, Map.of(), null, Map.of());
        Path file = dir.resolve("n.tar.zst");
        try (var out = Files.newOutputStream(file); var w = ArchiveWriter.open(out, m)) {
            w.flush();
        }
        assertEquals(List.of(), validate(schema(), JSON.readTree(manifestBytes(file)), "$"));
    }

    @Test
    void manifestWithATriggerMatches() throws IOException {
        Manifest m = new Manifest(1, "procsnap", "0", null, null, java.time.Instant.EPOCH, -1, Map.of(), null, Map.of(),
                new Manifest.Trigger("probe-failed", "probe exited 1", java.time.Instant.parse("2026-01-02T03:04:05Z"),
                        null, Map.of("exit", "1"), List.of("procs-blocked: 20")));
        Path file = dir.resolve("t.tar.zst");
        try (var out = Files.newOutputStream(file); var w = ArchiveWriter.open(out, m)) {
            w.flush();
        }
        JsonNode manifest = JSON.readTree(manifestBytes(file));
        assertEquals(List.of(), validate(schema(), manifest, "$"));
        ((ObjectNode) manifest.get("trigger")).putArray("also").add(3);
        ((ObjectNode) manifest.get("trigger")).remove("name");
        List<String> problems = validate(schema(), manifest, "$");
        assertEquals(2, problems.size(), problems::toString);
    }

    @Test
    void validatorRejectsWhatTheSchemaForbids() throws IOException {
        Path file = TestArchives.write(dir.resolve("m.tar.zst"), ArchiveWriter.Options.defaults(), w -> { });
        ObjectNode bad = (ObjectNode) JSON.readTree(manifestBytes(file));
        bad.put("format_version", "1");
        ((ObjectNode) bad.get("host")).put("boot_id", "not-a-uuid");
        bad.remove("platform");
        List<String> problems = validate(schema(), bad, "$");
        assertEquals(4, problems.size(), problems::toString); // format_version fails both const and type
    }

    /** The manifest as stored, read with commons-compress over a zstd stream (a second, independent reader). */
    private static byte[] manifestBytes(Path archive) throws IOException {
        try (InputStream in = new ZstdInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e = tar.getNextEntry();
            assertEquals("manifest.json", e.getName());
            return tar.readAllBytes();
        }
    }

    private static JsonNode schema() throws IOException {
        Path root = Path.of(System.getProperty("project.root", "../"));
        Path schema = root.resolve("format-spec/manifest.schema.json");
        if (!Files.exists(schema)) {
            schema = Path.of("manifest.schema.json");
        }
        return JSON.readTree(schema.toFile());
    }

    static List<String> validate(JsonNode schema, JsonNode value, String at) {
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            assertTrue(KNOWN.contains(k), "schema keyword " + k + " at " + at + " not supported by this test");
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(at + ": expected " + schema.get("const") + ", found " + value);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(at + ": expected type " + schema.get("type") + ", found " + value.getNodeType());
            return problems;
        }
        if (schema.has("minimum") && value.isNumber() && value.asLong() < schema.get("minimum").asLong()) {
            problems.add(at + ": " + value + " below minimum " + schema.get("minimum"));
        }
        if (value.isTextual() && schema.has("minLength") && value.asText().length() < schema.get("minLength").asInt()) {
            problems.add(at + ": shorter than " + schema.get("minLength"));
        }
        if (value.isTextual() && schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText())
                .matcher(value.asText()).find()) {
            problems.add(at + ": " + value + " does not match " + schema.get("pattern"));
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                problems.addAll(validate(schema.get("items"), value.get(i), at + "[" + i + "]"));
            }
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    problems.add(at + ": missing required " + r.asText());
                }
            }
            JsonNode props = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            for (Map.Entry<String, JsonNode> f : value.properties()) {
                if (props.has(f.getKey())) {
                    problems.addAll(validate(props.get(f.getKey()), f.getValue(), at + "." + f.getKey()));
                } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                    problems.add(at + ": unexpected field " + f.getKey());
                } else if (additional != null && additional.isObject()) {
                    problems.addAll(validate(additional, f.getValue(), at + "." + f.getKey()));
                }
            }
        }
        return problems;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "null" -> value.isNull();
            case "array" -> value.isArray();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }
}
