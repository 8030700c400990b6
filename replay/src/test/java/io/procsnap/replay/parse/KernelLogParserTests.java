package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KernelLogParserTests {

    @Test
    void linesWithAndWithoutTimestamps() {
        List<DmesgLine> lines = KernelLogParser.lines(Samples.text("dmesg.txt"));
        assertEquals(10, lines.size());
        assertEquals(0.0, lines.get(0).seconds());
        assertEquals(1230.551210, lines.get(1).seconds(), 1e-9);
        assertEquals("INFO: task txg_sync:1021 blocked for more than 122 seconds.", lines.get(1).text());
        assertEquals(-1, lines.get(9).seconds());
    }

    @Test
    void hungTasksIncludingACommWithASpace() {
        List<HungTask> hung = KernelLogParser.hungTasks(KernelLogParser.lines(Samples.text("dmesg.txt")));
        assertEquals(2, hung.size());
        assertEquals(new HungTask("txg_sync", 1021, 122, 1230.551210, 1), hung.get(0));
        assertEquals("java worker", hung.get(1).comm());
        assertEquals(4711, hung.get(1).pid());
        assertEquals(245, hung.get(1).blockedSeconds());
    }
}
