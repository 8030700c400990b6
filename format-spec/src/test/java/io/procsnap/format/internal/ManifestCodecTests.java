package io.procsnap.format.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procsnap.format.Manifest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ManifestCodec#encode} writes with the streaming generator; these manifests prove its bytes are
 * those of the databind tree ({@code ObjectMapper} with {@code INDENT_OUTPUT}) it replaced: nulls,
 * empty and missing parts, escapes, non-ASCII, extreme numbers.
 */
class ManifestCodecTests {

    /** The encoder as it was before the streaming one, kept here as the reference. */
    private static byte[] databind(Manifest m) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("format", ManifestCodec.FORMAT_NAME);
        root.put("format_version", m.formatVersion());
        root.put("format_minor", Manifest.FORMAT_MINOR); // format 1.1 added it right after format_version
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
        return (mapper.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void same(Manifest m) throws Exception {
        assertEquals(new String(databind(m), StandardCharsets.UTF_8),
                new String(ManifestCodec.encode(m), StandardCharsets.UTF_8));
        assertArrayEquals(databind(m), ManifestCodec.encode(m));
    }

    @Test
    void typicalManifest() throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("timeout", "2s");
        options.put("skip", "filesystems,commands");
        options.put("a", "");
        same(new Manifest(Manifest.FORMAT_VERSION, "procsnap", "1.0.0",
                new Manifest.Host("host", "6.1.0", "0d5e8c0a", "4c4c45"), new Manifest.Captor(0, 0, 0),
                Instant.parse("2026-11-22T01:00:00.123456789Z"), 123_456_000_000L, options,
                new Manifest.Platform("amd64", 100, 4096, "OpenJDK 21"), Map.of("note", "x")));
    }

    @Test
    void nullsAndEmptyParts() throws Exception {
        same(new Manifest(Manifest.FORMAT_VERSION, null, null, null, null, null, -1, Map.of(), null, Map.of()));
        same(new Manifest(Manifest.FORMAT_VERSION, "t", "v", new Manifest.Host(null, "k", null, null),
                new Manifest.Captor(Long.MAX_VALUE, Long.MIN_VALUE, -1), null, Long.MIN_VALUE, Map.of(),
                new Manifest.Platform(null, Integer.MAX_VALUE, Integer.MIN_VALUE, null), Map.of()));
    }

    @Test
    void aManifestWithoutFormatMinorIsFormat10AndANewerMinorIsRefused() throws Exception {
        String v11 = new String(ManifestCodec.encode(io.procsnap.format.TestArchives.manifest()), StandardCharsets.UTF_8);
        assertTrue(v11.contains("\"format_minor\" : 1,"), v11);
        assertEquals(0, ManifestCodec.decodeVersioned(v11.replace("  \"format_minor\" : 1,\n", "")
                .getBytes(StandardCharsets.UTF_8)).minor());
        assertEquals(1, ManifestCodec.decodeVersioned(v11.getBytes(StandardCharsets.UTF_8)).minor());
        FormatException e = org.junit.jupiter.api.Assertions.assertThrows(FormatException.class, () -> ManifestCodec
                .decode(v11.replace("\"format_minor\" : 1", "\"format_minor\" : 2").getBytes(StandardCharsets.UTF_8)));
        assertEquals(io.procsnap.format.ArchiveException.Kind.UNSUPPORTED_VERSION, e.kind());
        assertTrue(e.getMessage().contains("version 1.2 found in manifest.json; this reader supports version 1 (1.0 to 1.1)"),
                e.getMessage());
    }

    @Test
    void escapesAndNonAscii() throws Exception {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("z\"q\\uote", "tab\there\nnewline\u0001\u001f\u007f");
        notes.put("ümlaut", "日本語 \uD83D\uDE00 </script>");
        notes.put("", "/slash");
        same(new Manifest(Manifest.FORMAT_VERSION, "proc\u00e9snap", "1.0\u2028",
                new Manifest.Host("h\u0000st", "k", "b", "m"), new Manifest.Captor(1, 2, 3),
                Instant.EPOCH, 0, notes, new Manifest.Platform("arm64", 250, 65536, "r"), notes));
    }

    /** decode reads what encode wrote (streaming parser, no databind), every field back. */
    @Test
    void decodeReadsWhatEncodeWrote() throws Exception {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("priority", "capture: nice -n 10; commands: nice -n 19");
        notes.put("\u00fcml\"aut", "\uD83D\uDE00\n\t");
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "procsnap", "1.0.0",
                new Manifest.Host("host", "6.1.0", "0d5e8c0a", null), new Manifest.Captor(0, 5, Long.MAX_VALUE),
                Instant.parse("2026-11-22T01:00:00.123456789Z"), Long.MIN_VALUE, Map.of("skip", "commands"),
                new Manifest.Platform("aarch64", 100, 65536, "OpenJDK 17"), notes);
        assertEquals(m, ManifestCodec.decode(ManifestCodec.encode(m)));
    }

    /** A SunOS capture's platform keys round-trip; a Linux manifest has none of them (its bytes are as before). */
    @Test
    void sunosPlatformKeys() throws Exception {
        Manifest.Platform sunos = new Manifest.Platform("amd64", 100, 4096, "OpenJDK 21", Manifest.Platform.SUNOS,
                "5.11", "OmniOS v11 r151046", "amd64", "64", "LITTLE_ENDIAN", "global");
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "procsnap", "1.0.0", new Manifest.Host("zone1", "5.11", null, null),
                new Manifest.Captor(0, 0, 0), Instant.EPOCH, -1, Map.of("platform", "sunos"), sunos, Map.of());
        Manifest back = ManifestCodec.decode(ManifestCodec.encode(m));
        assertEquals(m, back);
        assertEquals(true, back.platform().isSunos());
        String json = new String(ManifestCodec.encode(m), StandardCharsets.UTF_8);
        assertEquals(true, json.contains("\"reader_data_model\" : \"64\"") && json.contains("\"byte_order\" : \"LITTLE_ENDIAN\""), json);
        Manifest linux = new Manifest(Manifest.FORMAT_VERSION, "procsnap", "1.0.0", null, null, null, -1, Map.of(),
                new Manifest.Platform("amd64", 100, 4096, "r"), Map.of());
        assertEquals(false, new String(ManifestCodec.encode(linux), StandardCharsets.UTF_8).contains("\"os\""));
        assertEquals(false, ManifestCodec.decode(ManifestCodec.encode(linux)).platform().isSunos());
    }

    @Test
    void decodeRefusesWhatIsNoManifest() {
        assertEquals("manifest.json is not valid JSON at line 1, column 2: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])",
                refused("{").getMessage());
        assertEquals("manifest.json is not a JSON object", refused("[1]").getMessage());
        assertEquals("manifest.json has format \"tar\", expected \"procsnap-archive\"", refused("{\"format\": \"tar\"}").getMessage());
        assertEquals("manifest.json has no integer format_version (found \"1\")",
                refused("{\"format\": \"procsnap-archive\", \"format_version\": \"1\"}").getMessage());
        assertEquals(io.procsnap.format.ArchiveException.Kind.UNSUPPORTED_VERSION,
                refused("{\"format\": \"procsnap-archive\", \"format_version\": 9}").kind());
        assertEquals("manifest.json is not valid JSON at line 1, column 4: more after the object", refused("{} {}").getMessage());
    }

    private static FormatException refused(String json) {
        return org.junit.jupiter.api.Assertions.assertThrows(FormatException.class,
                () -> ManifestCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Manifest withTrigger(Manifest.Trigger t) {
        return new Manifest(Manifest.FORMAT_VERSION, "procsnap", "1", new Manifest.Host("h", "k", null, null),
                new Manifest.Captor(0, 0, 0), Instant.EPOCH, 5, Map.of(), null, Map.of("n", "v"), t);
    }

    @Test
    void triggerRoundTripsAndComesLast() throws Exception {
        Manifest.Trigger t = new Manifest.Trigger("msgq-full", "SysV queue 7 at 100% of its byte limit for 12 s",
                Instant.parse("2026-11-22T01:00:00.5Z"), Instant.parse("2026-11-22T01:00:12Z"),
                Map.of("msqid", "7", "cbytes", "16384", "odd \"key\"", "tab\tline\n"),
                List.of("procs-blocked: 12 tasks blocked", "ümlaut"));
        byte[] json = ManifestCodec.encode(withTrigger(t));
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.indexOf("\"trigger\"") > text.indexOf("\"notes\""), text);
        Manifest back = ManifestCodec.decode(json);
        assertEquals(t, back.trigger());
        assertEquals(t, ManifestCodec.decodeTrigger(ManifestCodec.encodeTrigger(t)));
        assertEquals(new Manifest.Trigger("x", null, null, null, Map.of(), List.of()),
                ManifestCodec.decodeTrigger(ManifestCodec.encodeTrigger(new Manifest.Trigger("x", null, null, null,
                        null, null))));
    }

    @Test
    void noTriggerWritesNoFieldAndReadsAsNull() throws Exception {
        byte[] json = ManifestCodec.encode(withTrigger(null));
        assertTrue(!new String(json, StandardCharsets.UTF_8).contains("trigger"));
        assertNull(ManifestCodec.decode(json).trigger());
        // the encoder without a trigger is still the databind reference, byte for byte
        same(withTrigger(null));
    }

    @Test
    void badTriggersAreCorruptWithTheField() throws Exception {
        FormatException e = assertThrows(FormatException.class, () -> ManifestCodec.decodeTrigger("{\"summary\":\"x\"}"));
        assertEquals("manifest.json trigger has no name", e.getMessage());
        e = assertThrows(FormatException.class, () -> ManifestCodec.decodeTrigger("{\"name\":\"x\",\"since_utc\":\"yesterday\"}"));
        assertEquals("manifest.json trigger.since_utc is not an ISO-8601 instant: 'yesterday'", e.getMessage());
        e = assertThrows(FormatException.class, () -> ManifestCodec.decodeTrigger("[1]"));
        assertEquals("manifest.json trigger is not an object", e.getMessage());
        assertThrows(FormatException.class, () -> ManifestCodec.decodeTrigger("{\"name\":"));
        // unknown fields are skipped, as in the rest of the manifest
        assertEquals("y", ManifestCodec.decodeTrigger("{\"name\":\"y\",\"future\":{\"a\":[1,2]},\"values\":{}}").name());
    }
}
