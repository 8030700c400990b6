package io.procsnap.format.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatfsRecordTests {

    @Test
    void writesTheKeyValueLinesOfTheSpecInOrder() {
        StatfsRecord r = new StatfsRecord("/", "ext4", 0xef53, 4096, 4096, 65536000, 1000, 900, 16384000, 16000000,
                255, "4096", "statfs");
        assertEquals("mount_point: /\nfstype: ext4\nf_type: 0xef53\nbsize: 4096\nfrsize: 4096\nblocks: 65536000\n"
                + "bfree: 1000\nbavail: 900\nfiles: 16384000\nffree: 16000000\nnamemax: 255\nflags: 4096\n"
                + "flags_source: statfs\n", new String(r.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void countsAreUnsigned() {
        // fuse and overlay file systems may report 2^64-1 free inodes
        StatfsRecord r = new StatfsRecord("/mnt", "fuse", 0x65735546L, 4096, 4096, 0, 0, 0, -1L, -1L, 255, "0",
                "mountinfo");
        String text = new String(r.toBytes(), StandardCharsets.UTF_8);
        assertEquals(true, text.contains("\nfiles: 18446744073709551615\nffree: 18446744073709551615\n"), text);
    }

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
    void parsesWhatItWrites() {
        StatfsRecord r = new StatfsRecord("/mnt/a b: c", "ext4", 0xef53, 4096, 1024, 100, 10, 5, 64, 32, 255, "4097",
                "mountinfo");
        assertEquals(r, StatfsRecord.parse(r.toBytes()));
    }

    @Test
    void fullFilesystemOfAHandWrittenRecord() {
        StatfsRecord s = StatfsRecord.parse(FULL);
        assertEquals("/tank/my data: x", s.mountPoint());
        assertEquals("zfs", s.fstype());
        assertEquals(-1, s.fType());
        assertEquals(81824L * 131072, s.totalBytes());
        assertEquals(0, s.availableBytes());
        assertEquals(1.0, s.usedFraction());
        assertEquals("rw,noatime", s.flags());
        assertNull(s.flagsSource());
    }

    @Test
    void rootReserveCountsAsUsedLikeDf() {
        StatfsRecord s = StatfsRecord.parse("blocks: 100\nbfree: 10\nbavail: 5\nbsize: 4096\n");
        assertEquals(90.0 / 95.0, s.usedFraction(), 1e-9);
        assertEquals(-1, s.frsize());
        assertEquals(4096, s.blockSize());
    }

    @Test
    void readOnlyFromTheFlagWordOrFromOptionWords() {
        assertTrue(StatfsRecord.parse("blocks: 1\nflags: 4097\n").readOnly());
        assertFalse(StatfsRecord.parse("blocks: 1\nflags: 4096\n").readOnly());
        assertTrue(StatfsRecord.parse("blocks: 1\nflags: ro,relatime\n").readOnly());
        assertFalse(StatfsRecord.parse(FULL).readOnly());
    }

    @Test
    void emptyFilesystemHasNoFraction() {
        assertTrue(Double.isNaN(StatfsRecord.parse("mount_point: /proc\nblocks: 0\nbfree: 0\nbavail: 0\n")
                .usedFraction()));
    }

    @Test
    void unsignedCountsWrapAsTheKernelPrintsThem() {
        assertEquals(-1L, StatfsRecord.parse("blocks: 1\nffree: 18446744073709551615\n").ffree());
    }

    @Test
    void notStatfsSaysWhereAndWhat() {
        RecordFormatException e = assertThrows(RecordFormatException.class, () -> StatfsRecord.parse("hello\n"));
        assertEquals("statfs: line 1: expected 'key: value' in \"hello\"", e.getMessage());
        e = assertThrows(RecordFormatException.class, () -> StatfsRecord.parse("blocks: many\n"));
        assertEquals("statfs: line 0: not a number: 'many' in \"blocks: many\"", e.getMessage());
        assertThrows(RecordFormatException.class, () -> StatfsRecord.parse("fstype: ext4\n"));
    }
}
