package io.procsnap.capture;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTests {
    @Test
    void units() {
        assertEquals(500_000_000L, Durations.parse("500ms"));
        assertEquals(2_000_000_000L, Durations.parse("2s"));
        assertEquals(1_500_000_000L, Durations.parse("1.5s"));
        assertEquals(120_000_000_000L, Durations.parse("2m"));
        assertEquals(3_000_000_000L, Durations.parse("3"));
        assertEquals(3_600_000_000_000L, Durations.parse("1h"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Durations.parse("0"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Durations.parse("-1s"));
        assertEquals("90s", Durations.format(90_000_000_000L));
        assertEquals("300ms", Durations.format(300_000_000L));
    }

    @Test
    void captorIdsFromProcSelfStatus() {
        String status = "Name:\tjava\nUid:\t1000\t1001\t1001\t1001\nGid:\t100\t100\t100\t100\n";
        assertEquals(1000, HostFacts.ids(status, "Uid:")[0]);
        assertEquals(1001, HostFacts.ids(status, "Uid:")[1]);
        assertEquals(100, HostFacts.ids(status, "Gid:")[0]);
        assertEquals(-1, HostFacts.ids(null, "Uid:")[0]);
    }
}
