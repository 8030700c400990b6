package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatfsParserTests {
    private static final String FULL = """
            mount_point: /tank/my data: x
            fstype: zfs
            bsize: 131072
            frsize: 131072
            blocks: 81824
            bfree: 0
            bavail: 0
            files: 1000
            ffree: 0
            namemax: 255
            flags: rw,noatime
            """;

    @Test
    void fullFilesystem() {
        Statfs s = StatfsParser.parse(FULL);
        assertEquals("/tank/my data: x", s.mountPoint());
        assertEquals("zfs", s.fstype());
        assertEquals(81824L * 131072, s.totalBytes());
        assertEquals(0, s.availableBytes());
        assertEquals(1.0, s.usedFraction());
        assertEquals("rw,noatime", s.flags());
    }

    @Test
    void rootReserveCountsAsUsedLikeDf() {
        Statfs s = StatfsParser.parse("blocks: 100\nbfree: 10\nbavail: 5\nbsize: 4096\n");
        assertEquals(90.0 / 95.0, s.usedFraction(), 1e-9);
        assertEquals(-1, s.frsize());
        assertEquals(4096, s.blockSize());
    }

    @Test
    void readOnlyFromTheFlagWordOrFromOptionWords() {
        assertTrue(StatfsParser.parse("blocks: 1\nflags: 4097\n").readOnly());
        assertEquals(false, StatfsParser.parse("blocks: 1\nflags: 4096\n").readOnly());
        assertTrue(StatfsParser.parse("blocks: 1\nflags: ro,relatime\n").readOnly());
        assertEquals(false, StatfsParser.parse(FULL).readOnly());
    }

    @Test
    void emptyFilesystemHasNoFraction() {
        assertTrue(Double.isNaN(StatfsParser.parse("mount_point: /proc\nblocks: 0\nbfree: 0\nbavail: 0\n").usedFraction()));
    }

    @Test
    void notStatfs() {
        assertThrows(ParseException.class, () -> StatfsParser.parse("hello\n"));
        assertThrows(ParseException.class, () -> StatfsParser.parse("blocks: many\n"));
    }
}
