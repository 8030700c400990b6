package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProcFileParserTests {

    @Test
    void io() {
        ProcIo io = ProcFileParser.io(Samples.text("io.txt"));
        assertEquals(new ProcIo(3980, 18, 8, 1, 0, 4096, 0), io);
    }

    @Test
    void limitsWithMultiWordNamesAndUnlimited() {
        List<Limit> limits = ProcFileParser.limits(Samples.text("limits.txt"));
        assertEquals(16, limits.size());
        assertEquals(new Limit("Max cpu time", Limit.UNLIMITED, Limit.UNLIMITED, "seconds"), limits.get(0));
        Limit files = limits.stream().filter(l -> l.name().equals("Max open files")).findFirst().orElseThrow();
        assertEquals(20000, files.soft());
        assertEquals(20000, files.hard());
        assertEquals("files", files.units());
        assertEquals("us", limits.get(15).units());
    }

    @Test
    void cgroupV1AndV2Lines() {
        List<CgroupLine> lines = ProcFileParser.cgroup(Samples.text("cgroup.txt"));
        assertEquals(new CgroupLine(9, "name=systemd", "/"), lines.get(0));
        assertEquals(new CgroupLine(0, "", "/"), lines.get(lines.size() - 1));
        assertEquals("/a:b", ProcFileParser.cgroup("0::/a:b\n").get(0).path());
        assertThrows(ParseException.class, () -> ProcFileParser.cgroup("nonsense\n"));
    }

    @Test
    void statm() {
        assertEquals(new Statm(4719, 413, 383, 1, 0, 4185, 0), ProcFileParser.statm(Samples.text("statm.txt")));
        assertThrows(ParseException.class, () -> ProcFileParser.statm("1 2 3"));
    }

    @Test
    void oomScore() {
        assertEquals(666, ProcFileParser.oomScore("666\n"));
        assertThrows(ParseException.class, () -> ProcFileParser.oomScore("1 2\n"));
    }

    @Test
    void schedSkipsTheTitleLineWhoseCommHasAColon() {
        Map<String, String> sched = ProcFileParser.sched(Samples.text("sched.txt"));
        assertEquals("802672.448191", sched.get("se.exec_start"));
        assertEquals(false, sched.keySet().stream().anyMatch(k -> k.contains("#threads")));
        assertEquals(true, sched.containsKey("nr_switches"));
    }
}
