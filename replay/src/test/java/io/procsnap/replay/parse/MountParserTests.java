package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MountParserTests {

    @Test
    void mountinfoKeepsLineNumbersAndDecodesEscapes() {
        List<MountInfo> mounts = MountParser.mountinfo(Samples.text("mountinfo.txt"));
        assertEquals(22, mounts.size());
        MountInfo proc = mounts.get(0);
        assertEquals(0, proc.line());
        assertEquals(22, proc.mountId());
        assertEquals(27, proc.parentId());
        assertEquals("0:21", proc.majorMinor());
        assertEquals("/proc", proc.mountPoint());
        assertEquals("proc", proc.fstype());
        assertEquals("rw", proc.superOptions());
        MountInfo space = mounts.stream().filter(m -> m.mountPoint().endsWith("with space")).findFirst().orElseThrow();
        assertEquals("/tmp/ps-sample/with space", space.mountPoint());
        assertEquals("tmpfs", space.fstype());
        assertEquals("rw,size=1024k", space.superOptions());
        MountInfo tab = mounts.stream().filter(m -> m.mountPoint().contains("\t")).findFirst().orElseThrow();
        assertEquals("/tmp/ps-sample/tab\tdir", tab.mountPoint());
        assertEquals("src x", tab.source());
        assertEquals(mounts.indexOf(tab), tab.line());
    }

    @Test
    void optionalFields() {
        MountInfo m = MountParser.mountinfo(
                "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue\n").get(0);
        assertEquals(List.of("master:1", "shared:7"), m.optionalFields());
        assertEquals("/dev/root", m.source());
        assertEquals("/mnt1", m.root());
    }

    @Test
    void mountinfoWithoutSeparator() {
        assertThrows(ParseException.class, () -> MountParser.mountinfo("22 27 0:21 / /proc rw,relatime proc proc rw\n"));
    }

    @Test
    void mounts() {
        List<MountLine> mounts = MountParser.mounts(Samples.text("mounts.txt"));
        MountLine tab = mounts.stream().filter(m -> m.source().equals("src x")).findFirst().orElseThrow();
        assertEquals("/tmp/ps-sample/tab\tdir", tab.mountPoint());
        assertEquals("rw,relatime,size=1024k", tab.options());
        assertEquals(new MountLine("proc", "/proc", "proc", "rw,relatime"), mounts.get(0));
    }

    @Test
    void backslashItselfAndNonEscapes() {
        assertEquals("a\\b", Text.unescapeOctal("a\\134b"));
        assertEquals("a\\9z", Text.unescapeOctal("a\\9z"));
        assertEquals("end\\04", Text.unescapeOctal("end\\04"));
    }
}
