package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatParserTests {

    @Test
    void commWithSpacesAndParenthesesRunsToTheLastParenthesis() {
        ProcStat s = ProcStatParser.parse(Samples.text("stat-comm-spaces-and-paren.txt"));
        assertEquals(14088, s.pid());
        assertEquals("we ird) (name", s.comm());
        assertEquals('S', s.state());
        assertEquals(1, s.ppid());
        assertEquals(14078, s.pgrp());
        assertEquals(3, s.numThreads());
        assertEquals(80288, s.startTime());
        assertEquals(19329024, s.vsize());
        assertEquals(382, s.rss());
        assertEquals(52, s.fieldCount());
        assertFalse(s.kernelThread());
    }

    @Test
    void threadCommWithParenthesis() {
        ProcStat s = ProcStatParser.parse(Samples.text("stat-comm-paren.txt"));
        assertEquals(14092, s.pid());
        assertEquals("cond) waiter", s.comm());
        assertEquals(0, s.processor());
        assertEquals(3, s.numThreads());
        assertEquals(0, s.utime());
    }

    @Test
    void kernelThreadHasPfKthread() {
        ProcStat s = ProcStatParser.parse(Samples.text("stat-kthread.txt"));
        assertEquals(2, s.pid());
        assertEquals("kthreadd", s.comm());
        assertEquals(0, s.ppid());
        assertTrue(s.kernelThread());
        assertEquals(0, s.vsize());
    }

    @Test
    void zombie() {
        ProcStat s = ProcStatParser.parse(Samples.text("stat-zombie.txt"));
        assertEquals(14089, s.pid());
        assertEquals('Z', s.state());
        assertTrue(s.zombie());
        assertEquals(14088, s.ppid());
        assertEquals(0, s.rss());
    }

    @Test
    void oldKernelWithFewerFieldsLeavesTheRestUnknown() {
        // The real line of this kernel cut after field 39, as kernels before 2.6.18 printed it.
        ProcStat s = ProcStatParser.parse(Samples.text("stat-old-kernel-39-fields.txt"));
        assertEquals(39, s.fieldCount());
        assertEquals(0, s.processor());
        assertEquals(-1, s.delayacctBlkioTicks());
        assertEquals(80288, s.startTime());
    }

    @Test
    void veryShortLineStillGivesPidCommState() {
        ProcStat s = ProcStatParser.parse("1 (init) S 0 1 1");
        assertEquals("init", s.comm());
        assertEquals(-1, s.utime());
        assertEquals(-1, s.startTime());
        assertFalse(s.kernelThread());
    }

    @Test
    void commWithANewlineOrOnlyParentheses() {
        // prctl(PR_SET_NAME) accepts any byte but NUL; stat prints comm raw
        assertEquals("a\nb", ProcStatParser.parse("5 (a\nb) S 1 2 3\n").comm());
        ProcStat odd = ProcStatParser.parse("6 ()) () R 1 6 6\n");
        assertEquals(")) (", odd.comm());
        assertEquals('R', odd.state());
        assertEquals(1, odd.ppid());
    }

    @Test
    void missingParenthesisFailsWithTheText() {
        ParseException e = assertThrows(ParseException.class, () -> ProcStatParser.parse("6581 cat R 1"));
        assertTrue(e.getMessage().contains("6581 cat R 1"), e.getMessage());
    }

    @Test
    void garbageNumberFailsWithTheToken() {
        ParseException e = assertThrows(ParseException.class, () -> ProcStatParser.parse("6581 (cat) R x1 2"));
        assertTrue(e.getMessage().contains("'x1'"), e.getMessage());
    }

    @Test
    void liveSelfStatParses() throws Exception {
        ProcStat s = ProcStatParser.parse(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/stat")));
        assertEquals(ProcessHandle.current().pid(), s.pid());
        assertTrue(s.fieldCount() >= 44, "fields: " + s.fieldCount());
    }
}
