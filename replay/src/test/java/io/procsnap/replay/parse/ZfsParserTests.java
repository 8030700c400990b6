package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZfsParserTests {

    @Test
    void zpoolList() {
        List<ZpoolListRow> rows = ZfsParser.zpoolList(Samples.text("zpool-list-Hp.txt"));
        assertEquals(2, rows.size());
        ZpoolListRow tank = rows.get(0);
        assertEquals(new ZpoolListRow("tank", 10737418240L, 10724835328L, 12582912L, 62, 99, "1.00", "ONLINE", "-"), tank);
        assertEquals(25, rows.get(1).capacityPercent());
    }

    @Test
    void zpoolListBeforeCheckpointColumn() {
        ZpoolListRow tank = ZfsParser.zpoolList(Samples.text("zpool-list-Hp-0.7.txt")).get(0);
        assertEquals(62, tank.fragmentationPercent());
        assertEquals(99, tank.capacityPercent());
        assertEquals("ONLINE", tank.health());
    }

    @Test
    void zpoolListWrongShape() {
        assertThrows(ParseException.class, () -> ZfsParser.zpoolList("tank  10G  9G\n"));
    }

    @Test
    void zfsList() {
        List<ZfsListRow> rows = ZfsParser.zfsList(Samples.text("zfs-list-Hp.txt"));
        assertEquals(3, rows.size());
        assertEquals(new ZfsListRow("tank/data", 10724720640L, 0, 10724720640L, "/tank/data"), rows.get(1));
        assertEquals("tank", rows.get(1).pool());
        assertEquals("none", rows.get(2).mountPoint());
    }

    @Test
    void zpoolStatusSuspendedAndHealthy() {
        List<ZpoolStatus> pools = ZfsParser.zpoolStatus(Samples.text("zpool-status-v.txt"));
        assertEquals(2, pools.size());
        ZpoolStatus tank = pools.get(0);
        assertEquals("tank", tank.pool());
        assertEquals("SUSPENDED", tank.state());
        assertEquals("One or more devices are faulted in response to IO failures.", tank.status());
        assertTrue(tank.scan().startsWith("scrub repaired 0B"));
        assertEquals("List of errors unavailable: pool I/O is currently suspended", tank.errors());
        assertEquals(6, tank.devices().size());
        ZpoolStatus.Device sdb = tank.devices().get(2);
        assertEquals(new ZpoolStatus.Device("sdb", "FAULTED", 3, 103, 0, 2, "too many errors"), sdb);
        assertEquals(0, tank.devices().get(0).depth());
        assertEquals("insufficient replicas", tank.devices().get(0).note());
        assertEquals("logs", tank.devices().get(4).name());
        assertEquals(-1, tank.devices().get(4).readErrors());
        ZpoolStatus backup = pools.get(1);
        assertEquals("ONLINE", backup.state());
        assertEquals("No known data errors", backup.errors());
        assertEquals(2, backup.devices().size());
    }

    @Test
    void zpoolStatusContinuationLinesAndNoPools() {
        String text = "  pool: p\n state: DEGRADED\nstatus: One or more devices is currently being resilvered.  The pool will\n"
                + "\tcontinue to function, possibly in a degraded state.\nconfig:\n\n\tNAME STATE READ WRITE CKSUM\n"
                + "\tp    DEGRADED 1.2K 0 0\n\nerrors: No known data errors\n";
        ZpoolStatus p = ZfsParser.zpoolStatus(text).get(0);
        assertTrue(p.status().endsWith("The pool will continue to function, possibly in a degraded state."), p.status());
        assertEquals(1200, p.devices().get(0).readErrors());
        assertEquals(List.of(), ZfsParser.zpoolStatus("no pools available\n"));
    }

    @Test
    void txgs() {
        List<TxgRow> rows = ZfsParser.txgs(Samples.text("zfs-txgs.txt"));
        assertEquals(3, rows.size());
        assertEquals(8721, rows.get(0).txg());
        assertEquals('C', rows.get(0).state());
        assertEquals(67108864L, rows.get(0).ndirty());
        assertEquals('O', rows.get(2).state());
        assertThrows(ParseException.class, () -> ZfsParser.txgs("1 2 3\n"));
    }

    @Test
    void poolState() {
        assertEquals("SUSPENDED", ZfsParser.poolState(Samples.text("zfs-pool-state.txt")));
        assertThrows(ParseException.class, () -> ZfsParser.poolState(""));
    }
}
