package io.procsnap.capture.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The reader child's answers as the tools print them (GNU coreutils here; illumos ls and od print the same columns). */
class ChildReadsTests {

    @Test
    void odHexBackToBytes() {
        assertArrayEquals(new byte[] {0x61, 0x62, 0x63, 0x00, (byte) 0xff},
                ChildReads.hex(List.of(" 61 62 63 00 ff")));
        assertArrayEquals(new byte[0], ChildReads.hex(List.of()));
        assertEquals(32, ChildReads.hex(List.of(" 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f",
                " 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f")).length);
    }

    @Test
    void lsModesAsStMode() {
        assertEquals(040555, ChildReads.mode("dr-xr-xr-x"));
        assertEquals(040755, ChildReads.mode("drwxr-xr-x+"));
        assertEquals(0100644, ChildReads.mode("-rw-r--r--"));
        assertEquals(0104755, ChildReads.mode("-rwsr-xr-x"));
        assertEquals(041777, ChildReads.mode("drwxrwxrwt"));
    }

    @Test
    void linksOfLsLn() {
        assertArrayEquals(new String[] {"a.out", "/usr/sbin/dd"},
                ChildReads.link("lrwxrwxrwx   1 100      10             0 Nov 22 01:16 a.out -> /usr/sbin/dd"));
        assertArrayEquals(new String[] {"1", "/tank/data/a -> b"},
                ChildReads.link("lrwxrwxrwx 1 0 0 15 Dec  5 08:50 1 -> /tank/data/a -> b"));
        assertNull(ChildReads.link("total 0"));
        assertNull(ChildReads.link("-rw-r--r-- 1 0 0  5 Dec  5 08:50 f"));
    }

    @Test
    void errnoFromTheToolsMessage() {
        assertEquals("No such file or directory",
                ChildReads.errorText(new ReaderChild.Answer(List.of("od: /proc/9/psinfo: No such file or directory"), 1)));
        assertEquals("Permission denied", ChildReads.errorText(new ReaderChild.Answer(
                List.of("ls: cannot open directory '/proc/9/path': Permission denied"), 2)));
        assertEquals("ENOENT", IoFailure.nameOf(ChildReads.errorText(new ReaderChild.Answer(
                List.of("od: cannot open /x: No such file or directory"), 2))));
        assertEquals("garbled", ChildReads.errorText(new ReaderChild.Answer(List.of("garbled"), 2)));
    }
}
