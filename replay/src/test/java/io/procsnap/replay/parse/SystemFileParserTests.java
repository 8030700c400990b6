package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemFileParserTests {

    @Test
    void loadavg() {
        assertEquals(new LoadAvg(2.46, 1.48, 0.72, 9, 167, 14568), SystemFileParser.loadavg(Samples.text("loadavg.txt")));
        assertThrows(ParseException.class, () -> SystemFileParser.loadavg("1 2 3"));
    }

    @Test
    void uptime() {
        assertEquals(new Uptime(814.46, 1105.93), SystemFileParser.uptime(Samples.text("uptime.txt")));
    }

    @Test
    void meminfo() {
        Map<String, Long> m = SystemFileParser.meminfo(Samples.text("meminfo.txt"));
        assertEquals(24684092L, m.get("MemTotal"));
        assertEquals(24141820L, m.get("MemAvailable"));
        assertTrue(m.containsKey("HugePages_Total"));
    }

    @Test
    void kernelStat() {
        KernelStat s = SystemFileParser.stat(Samples.text("proc-stat.txt"));
        assertEquals(1795309669L, s.btime());
        assertEquals(9, s.procsRunning());
        assertEquals(0, s.procsBlocked());
        assertEquals(14572, s.processes());
        assertEquals(995732, s.contextSwitches());
        assertEquals(45726L, s.cpuTotal().get(0));
        assertThrows(ParseException.class, () -> SystemFileParser.stat("x\n"));
    }

    @Test
    void pressure() {
        Pressure cpu = SystemFileParser.pressure(Samples.text("pressure-cpu.txt"));
        assertEquals(128945947L, cpu.some().total());
        assertEquals(37.64, cpu.some().avg10());
        assertEquals(23.05, cpu.some().avg300());
        Pressure memory = SystemFileParser.pressure(Samples.text("pressure-memory.txt"));
        assertEquals(0, memory.full().total());
        Pressure oldCpu = SystemFileParser.pressure("some avg10=1.50 avg60=0.00 avg300=0.00 total=12\n");
        assertNull(oldCpu.full());
        assertThrows(ParseException.class, () -> SystemFileParser.pressure("half avg10=1\n"));
    }

    @Test
    void locksWithWaiters() {
        List<FileLock> locks = SystemFileParser.locks(Samples.text("locks.txt"));
        assertEquals(8, locks.size());
        FileLock holder = locks.get(0);
        assertEquals(new FileLock(1, false, "POSIX", "ADVISORY", "WRITE", 14789, "fe:00", 2149949, "0", "EOF"), holder);
        FileLock waiter = locks.get(1);
        assertTrue(waiter.blocked());
        assertEquals(14871, waiter.pid());
        assertEquals("FLOCK", locks.get(4).kind());
        assertTrue(locks.get(4).blocked());
    }
}
