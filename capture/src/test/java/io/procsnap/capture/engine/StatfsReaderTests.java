package io.procsnap.capture.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatfsReaderTests {
    @Test
    void flagsFromMountOptions() {
        assertEquals(0x1000 | 2 | 4 | 8, StatfsReader.flags("rw,nosuid,nodev,noexec,relatime"));
        assertEquals(1 | 1024, StatfsReader.flags("ro,noatime"));
    }

    @Test
    void errnoFromStatMessage() {
        assertEquals("EACCES", StatfsReader.errnoOf("stat: cannot read file system information for '/x': Permission denied\n"));
        assertEquals("ENOENT", StatfsReader.errnoOf("stat: cannot read file system information for '/gone': No such file or directory"));
    }
}
