package io.procsnap.capture.collect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FilesystemSourceTests {
    @Test
    void parsesMountinfoLinesKeepingLineNumbers() {
        // verbatim from a Debian 12 host, plus one escaped mount point and one damaged line
        String mountinfo = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
                + "garbage\n"
                + "36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 - nfs4 srv:/x rw,vers=4.2\n";
        List<FilesystemSource.Mount> m = FilesystemSource.parse(mountinfo);
        assertEquals(3, m.size());
        assertEquals(new FilesystemSource.Mount("/", "ext4", "rw,relatime"), m.get(0));
        assertNull(m.get(1));
        assertEquals(new FilesystemSource.Mount("/mnt/with space", "nfs4", "rw,noatime"), m.get(2));
    }

    @Test
    void optionalFieldsBeforeTheSeparatorAreSkipped() {
        List<FilesystemSource.Mount> m = FilesystemSource.parse(
                "40 22 0:34 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 master:2 - cgroup2 cgroup2 rw\n");
        assertEquals("cgroup2", m.get(0).fstype());
    }
}
