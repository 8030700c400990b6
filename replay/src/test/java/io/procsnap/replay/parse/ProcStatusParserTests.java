package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProcStatusParserTests {

    @Test
    void processFields() {
        ProcStatus s = ProcStatusParser.parse(Samples.bytes("status-process.txt"));
        assertEquals("we ird) (name", s.name());
        assertEquals('S', s.state());
        assertEquals("S (sleeping)", s.stateText());
        assertEquals(14088, s.tgid());
        assertEquals(14088, s.pid());
        assertEquals(1, s.ppid());
        assertEquals(List.of(0L, 0L, 0L, 0L), s.uids());
        assertEquals(0, s.uid());
        assertEquals(3, s.threads());
        assertEquals(true, s.vmRssKb() > 0);
        assertEquals(true, s.voluntaryCtxtSwitches() >= 0);
        assertEquals("0-1", s.fields().get("Cpus_allowed_list"));
    }

    @Test
    void kernelThreadHasNoVmLines() {
        ProcStatus s = ProcStatusParser.parse(Samples.bytes("status-kthread.txt"));
        assertEquals("kthreadd", s.name());
        assertEquals(0, s.ppid());
        assertEquals(-1, s.vmRssKb());
        assertEquals("1", s.fields().get("Kthread"));
    }

    @Test
    void zombie() {
        ProcStatus s = ProcStatusParser.parse(Samples.bytes("status-zombie.txt"));
        assertEquals('Z', s.state());
        assertEquals("Z (zombie)", s.stateText());
        assertEquals(14088, s.ppid());
        assertEquals(-1, s.vmRssKb());
        assertEquals(1, s.threads());
    }

    @Test
    void notAStatusFile() {
        assertThrows(ParseException.class, () -> ProcStatusParser.parse("hello world\n"));
    }
}
