package io.procsnap.format.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandStatusTests {

    @Test
    void writesTheShapeOfTheSpecByteForByte() {
        CommandStatus s = new CommandStatus(List.of("dmesg"), true, "/usr/bin/dmesg", List.of("/usr/bin/nice", "-n", "19"),
                0, null, false, false, false, 4_120_000L, 1_048_576, true, 0, false, null, Map.of());
        assertEquals("{\"argv\":[\"dmesg\"],\"found\":true,\"path\":\"/usr/bin/dmesg\",\"wrapper\":[\"/usr/bin/nice\","
                + "\"-n\",\"19\"],\"exit\":0,\"signal\":null,\"timedOut\":false,\"killed\":false,\"leftBehind\":false,"
                + "\"elapsedNanos\":4120000,\"stdoutBytes\":1048576,\"stdoutTruncated\":true,\"stderrBytes\":0,"
                + "\"stderrTruncated\":false,\"startError\":null}", new String(s.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void parsesWhatItWrites() {
        CommandStatus s = new CommandStatus(List.of("my \"tool\"", "a\\b\n\u0001"), false, null, List.of(), null, 9, true,
                true, true, 10_000_321_000L, 0, false, 12, true, "EACCES", Map.of());
        CommandStatus back = CommandStatus.parse(s.toBytes());
        assertEquals(s.argv(), back.argv());
        assertEquals(new CommandStatus(s.argv(), false, null, List.of(), null, 9, true, true, true, 10_000_321_000L, 0,
                false, 12, true, "EACCES", back.fields()), back);
    }

    @Test
    void hungCommandLeftBehind() {
        CommandStatus s = CommandStatus.parse("""
                {"argv":["zpool","list","-Hp"],"found":true,"exitCode":null,"signal":9,"timedOut":true,
                 "killed":true,"leftBehind":true,"elapsedNanos":10000321000,"truncated":false}""");
        assertEquals(List.of("zpool", "list", "-Hp"), s.argv());
        assertTrue(s.found());
        assertNull(s.exitCode());
        assertEquals(9, s.signal());
        assertTrue(s.timedOut());
        assertTrue(s.leftBehind());
        assertEquals(10_000_321_000L, s.elapsedNanos());
        assertFalse(s.succeeded());
        assertFalse(s.truncated());
    }

    @Test
    void theCaptureWritesThisShape() {
        CommandStatus s = CommandStatus.parse("{\"argv\":[\"dmesg\"],\"found\":true,\"path\":\"/usr/bin/dmesg\","
                + "\"wrapper\":[],\"exit\":0,\"signal\":null,\"timedOut\":false,\"killed\":false,\"leftBehind\":false,"
                + "\"elapsedNanos\":4120000,\"stdoutBytes\":1048576,\"stdoutTruncated\":true,\"stderrBytes\":0,"
                + "\"stderrTruncated\":false,\"startError\":null}");
        assertEquals(0, s.exitCode());
        assertNull(s.signal());
        assertTrue(s.truncated());
        assertTrue(s.succeeded());
        assertEquals("/usr/bin/dmesg", s.path());
        assertEquals("/usr/bin/dmesg", s.fields().get("path"));
        assertEquals(1_048_576L, s.stdoutBytes());
        assertEquals(4_120_000L, s.elapsedNanos());
    }

    @Test
    void snakeCaseAndMillis() {
        CommandStatus s = CommandStatus.parse(
                "{\"argv\":[\"df\"],\"found\":true,\"exit_code\":0,\"timed_out\":false,\"elapsed_ms\":12.5}");
        assertEquals(0, s.exitCode());
        assertEquals(12_500_000L, s.elapsedNanos());
        assertEquals(-1, s.stdoutBytes());
        assertTrue(s.succeeded());
    }

    @Test
    void absentProgram() {
        CommandStatus s = CommandStatus.parse("{\"argv\":[\"zpool\",\"list\"],\"absent\":true}");
        assertFalse(s.found());
        assertFalse(s.succeeded());
        assertEquals("true", s.fields().get("absent"));
    }

    @Test
    void notJson() {
        RecordFormatException e = assertThrows(RecordFormatException.class, () -> CommandStatus.parse("exit 0"));
        assertTrue(e.getMessage().startsWith("cmd status: not JSON: "), e.getMessage());
        e = assertThrows(RecordFormatException.class, () -> CommandStatus.parse("[1,2]"));
        assertEquals("cmd status: expected a JSON object in \"[1,2]\"", e.getMessage());
    }
}
