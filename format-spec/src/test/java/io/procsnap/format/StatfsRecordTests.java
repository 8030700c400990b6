package io.procsnap.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatfsRecordTests {

    @Test
    void writesTheKeyValueLinesOfTheSpecInOrder() {
        StatfsRecord r = new StatfsRecord("/", "ext4", 0xef53, 4096, 4096, 65536000, 1000, 900, 16384000, 16000000,
                255, 4096, "statfs");
        assertEquals("mount_point: /\nfstype: ext4\nf_type: 0xef53\nbsize: 4096\nfrsize: 4096\nblocks: 65536000\n"
                + "bfree: 1000\nbavail: 900\nfiles: 16384000\nffree: 16000000\nnamemax: 255\nflags: 4096\n"
                + "flags_source: statfs\n", new String(r.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void countsAreUnsigned() {
        // fuse and overlay file systems may report 2^64-1 free inodes
        StatfsRecord r = new StatfsRecord("/mnt", "fuse", 0x65735546L, 4096, 4096, 0, 0, 0, -1L, -1L, 255, 0,
                "mountinfo");
        String text = new String(r.toBytes(), StandardCharsets.UTF_8);
        assertEquals(true, text.contains("\nfiles: 18446744073709551615\nffree: 18446744073709551615\n"), text);
    }
}
