package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandStatusParserTests {

    @Test
    void hungCommandLeftBehind() {
        CommandStatus s = CommandStatusParser.parse("""
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
    }

    @Test
    void theCaptureWritesThisShape() {
        // CommandRunner.Result.statusJson() in the capture module
        CommandStatus s = CommandStatusParser.parse("{\"argv\":[\"dmesg\"],\"found\":true,\"path\":\"/usr/bin/dmesg\","
                + "\"wrapper\":[],\"exit\":0,\"signal\":null,\"timedOut\":false,\"killed\":false,\"leftBehind\":false,"
                + "\"elapsedNanos\":4120000,\"stdoutBytes\":1048576,\"stdoutTruncated\":true,\"stderrBytes\":0,"
                + "\"stderrTruncated\":false,\"startError\":null}");
        assertEquals(0, s.exitCode());
        assertNull(s.signal());
        assertTrue(s.truncated());
        assertTrue(s.succeeded());
        assertEquals("/usr/bin/dmesg", s.fields().get("path"));
        assertEquals(4_120_000L, s.elapsedNanos());
    }

    @Test
    void snakeCaseAndMillis() {
        CommandStatus s = CommandStatusParser.parse(
                "{\"argv\":[\"df\"],\"found\":true,\"exit_code\":0,\"timed_out\":false,\"elapsed_ms\":12.5}");
        assertEquals(0, s.exitCode());
        assertEquals(12_500_000L, s.elapsedNanos());
        assertTrue(s.succeeded());
    }

    @Test
    void absentProgram() {
        CommandStatus s = CommandStatusParser.parse("{\"argv\":[\"zpool\",\"list\"],\"absent\":true}");
        assertFalse(s.found());
        assertFalse(s.succeeded());
        assertEquals("true", s.fields().get("absent"));
    }

    @Test
    void notJson() {
        assertThrows(ParseException.class, () -> CommandStatusParser.parse("exit 0"));
        assertThrows(ParseException.class, () -> CommandStatusParser.parse("[1,2]"));
    }
}
