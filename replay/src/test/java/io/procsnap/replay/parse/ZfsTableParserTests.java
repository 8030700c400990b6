package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verbatim zfs-fuse 0.7 output of a filled 128 MiB file-vdev pool on this machine (README). */
class ZfsTableParserTests {
    private static final List<String> POOL_COLUMNS = List.of("name,size,allocated,free,capacity,dedupratio,health".split(","));

    @Test
    void zpoolListHWithColumnsInUnits() {
        ZpoolListRow p = ZfsTableParser.zpoolList(Samples.text("zpool-list-H-zfs-fuse.txt"), POOL_COLUMNS).get(0);
        assertEquals(new ZpoolListRow("v15sunos", 123L << 20, Math.round(91.2 * (1 << 20)), Math.round(31.8 * (1 << 20)),
                -1, 74, "1.00", "ONLINE", "-"), p);
    }

    @Test
    void zpoolListWithHeaderNamesItsColumns() {
        ZpoolListRow p = ZfsTableParser.zpoolList(Samples.text("zpool-list-header-zfs-fuse.txt"), List.of()).get(0);
        assertEquals(74, p.capacityPercent());
        assertEquals(123L << 20, p.size());
        assertEquals("ONLINE", p.health());
    }

    @Test
    void zpoolGetAllGivesThePoolRow() {
        Map<String, Map<String, String>> props = ZfsTableParser.properties("zpool get", Samples.text("zpool-get-all-zfs-fuse.txt"));
        assertEquals("74%", props.get("v15sunos").get("capacity"));
        ZpoolListRow p = ZfsTableParser.poolFromProperties("v15sunos", props.get("v15sunos"));
        assertEquals(74, p.capacityPercent());
        assertEquals(Math.round(31.8 * (1 << 20)), p.free());
    }

    @Test
    void zfsListHAndExactZfsGet() {
        List<ZfsListRow> rows = ZfsTableParser.zfsList(Samples.text("zfs-list-H-zfs-fuse.txt"),
                List.of("name", "used", "available", "referenced", "mountpoint"));
        assertEquals(2, rows.size());
        assertEquals(0, rows.get(1).available());
        assertEquals("v15sunos/data", rows.get(1).name());
        Map<String, Map<String, String>> exact = ZfsTableParser.properties("zfs get", Samples.text("zfs-get-Hp-zfs-fuse.txt"));
        assertEquals("93667328", exact.get("v15sunos/data").get("used"));
        assertEquals("0", exact.get("v15sunos/data").get("available"));
    }

    @Test
    void unitsAndPercents() {
        assertEquals(557056, ZfsTableParser.bytes("t", "544K"));
        assertEquals(Math.round(90.6 * (1 << 20)), ZfsTableParser.bytes("t", "90.6M"));
        assertEquals(0, ZfsTableParser.bytes("t", "0"));
        assertEquals(0, ZfsTableParser.bytes("t", "0B"));
        assertEquals(1L << 40, ZfsTableParser.bytes("t", "1T"));
        assertEquals(-1, ZfsTableParser.bytes("t", "-"));
        assertEquals(-1, ZfsTableParser.bytes("t", "none"));
        assertEquals(74, ZfsTableParser.percent("t", "74%"));
        assertThrows(ParseException.class, () -> ZfsTableParser.bytes("t", "lots"));
        assertThrows(ParseException.class, () -> ZfsTableParser.bytes("t", "99999999999E"));
        assertThrows(ParseException.class, () -> ZfsTableParser.zpoolList("a\tb\tc\n", List.of()));
    }

    @Test
    void olderZfsRefusesP() {
        assertTrue(Samples.text("refused-zpool-list-Hp-zfs-fuse.txt").startsWith("invalid option 'p'"));
    }
}
