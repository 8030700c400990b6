package io.procsnap.replay.parse.sunos;

import io.procsnap.replay.parse.ParseException;
import io.procsnap.replay.parse.ZfsTableParser;
import io.procsnap.replay.parse.ZpoolListRow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SunosTextParserTests {
    static String text(String name) {
        try (InputStream in = SunosTextParserTests.class.getResourceAsStream("/parse/sunos/text/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void stacksGroupsAndFrames() {
        List<MdbParser.StackGroup> g = MdbParser.stacks(text("mdb-stacks.txt"));
        assertEquals(2, g.size());
        assertEquals(0xfffffe0c1e2a7c20L, g.get(0).thread());
        assertEquals("SLEEP", g.get(0).state());
        assertEquals("CV", g.get(0).syncObject());
        assertEquals(1, g.get(0).count());
        assertTrue(g.get(0).has("txg_wait_open"));
        assertTrue(g.get(1).has("pr_p_lock"));
        assertEquals(2, g.get(1).count());
        assertEquals("swtch+0x18a", g.get(1).frames().get(0));
        assertThrows(ParseException.class, () -> MdbParser.stacks("                 swtch+0x18a\n"));
    }

    @Test
    void findstackThreadsFramesAndArguments() {
        List<MdbParser.ThreadStack> t = MdbParser.findstack(text("mdb-findstack-v.txt"));
        assertEquals(2, t.size());
        assertEquals("dd/1", t.get(0).process());
        assertEquals("", t.get(1).process());
        assertEquals("_resume_from_idle+0x12b", t.get(0).frames().get(0).symbol());
        MdbParser.Frame cv = t.get(0).frames().get(2);
        assertEquals("cv_wait+0x89", cv.symbol());
        assertEquals("fffffe0c1aa4d8c6, fffffe0c1aa4d880", cv.arguments());
        assertThrows(ParseException.class, () -> MdbParser.findstack("  fffffe00f5a1e920 swtch+0x18a()\n"));
    }

    @Test
    void psProcessesAndThreads() {
        List<MdbParser.Process> p = MdbParser.ps(text("mdb-ps-t.txt"));
        assertEquals(3, p.size());
        MdbParser.Process dd = p.get(1);
        assertEquals(4211, dd.pid());
        assertEquals("dd", dd.name());
        assertEquals(0xfffffe0c1c5e3020L, dd.addr());
        assertEquals(3, dd.threads().size());
        assertEquals("TS_ONPROC", dd.threads().get(2).state());
        assertEquals(0xfffffe0c1e2a7c20L, dd.threads().get(0).addr());
        assertThrows(ParseException.class, () -> MdbParser.ps("\tT  0xfffffe0c1e2a7c20 <TS_SLEEP>\n"));
    }

    @Test
    void kstatP() {
        List<SunosStatParser.Kstat> k = SunosStatParser.kstat(text("kstat-p.txt"));
        assertEquals(7, k.size());
        assertEquals(new SunosStatParser.Kstat("zfs", 0, "arcstats", "size", "2147483648"), k.get(2));
        assertEquals(-1, k.get(0).longValue());
        assertEquals(4294967296L, k.get(5).longValue());
        assertThrows(ParseException.class, () -> SunosStatParser.kstat("zfs:0:arcstats size 1\n"));
    }

    @Test
    void ipcsQueuesByHeaderNames() {
        List<SunosStatParser.MsgQueue> q = SunosStatParser.ipcsQueues(text("ipcs-qaA.txt"));
        assertEquals(2, q.size());
        SunosStatParser.MsgQueue full = q.get(0);
        assertEquals(0x2c4, full.key());
        assertEquals(128, full.qnum());
        assertEquals(16384, full.cbytes());
        assertEquals(16384, full.qbytes());
        assertEquals(2210, full.lspid());
        assertEquals("zone1", full.zone());
        assertEquals("no-entry", q.get(1).stime());
        assertEquals("user.snmp", q.get(1).project());
        assertThrows(ParseException.class, () -> SunosStatParser.ipcsQueues("q 0 0x1 --rw 1\n"));
    }

    @Test
    void vmstatRows() {
        List<Map<String, Long>> rows = SunosStatParser.vmstat(text("vmstat.txt"));
        assertEquals(2, rows.size());
        assertEquals(10132L, rows.get(1).get("swap"));
        assertEquals(230L, rows.get(1).get("sy"));
        assertEquals(35L, rows.get(1).get("cpu.sy"));
        assertEquals(1L, rows.get(1).get("w"));
        assertThrows(ParseException.class, () -> SunosStatParser.vmstat(" 0 0 0 1\n"));
    }

    @Test
    void zpoolListOfSolarisAndIllumos() {
        List<ZpoolListRow> solaris = ZfsTableParser.zpoolList(text("zpool-list-solaris11.txt"), List.of());
        assertEquals(74, solaris.get(1).capacityPercent());
        assertEquals(Math.round(25.9 * (1L << 30)), solaris.get(1).free());
        List<ZpoolListRow> illumos = ZfsTableParser.zpoolList(text("zpool-list-illumos.txt"), List.of());
        assertEquals(99, illumos.get(1).capacityPercent());
        assertEquals(63, illumos.get(1).fragmentationPercent());
        assertEquals(104L << 20, illumos.get(1).free());
    }
}
