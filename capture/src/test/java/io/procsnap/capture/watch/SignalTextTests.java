package io.procsnap.capture.watch;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watcher's parsers on verbatim kernel and coreutils text (this machine, kernel 6.18, unless noted). */
class SignalTextTests {

    @Test
    void procsBlockedFromProcStat() {
        String stat = """
                cpu  1083461 2161 406271 31097373 62361 0 12318 0 0 0
                cpu0 542316 1108 202964 15543846 31402 0 8270 0 0 0
                intr 174133457 0 9 0 0 0 0 0 0 0 0 0 0 0 0
                ctxt 318513431
                btime 1764905071
                processes 2254377
                procs_running 4
                procs_blocked 7
                softirq 82416012 0 17010651 4 5020393 0 0 1023 34123870 0 26260071
                """;
        assertEquals(7, SignalText.procsBlocked(stat));
        assertEquals(-1, SignalText.procsBlocked("cpu 1 2 3\n"));
        assertEquals(-1, SignalText.procsBlocked(null));
    }

    @Test
    void pressureFullAvg10() {
        String io = "some avg10=0.03 avg60=0.68 avg300=0.94 total=8479295\nfull avg10=31.50 avg60=0.02 avg300=0.13 total=3145991\n";
        assertEquals(31.5, SignalText.pressureFullAvg10(io));
        // /proc/pressure/cpu before 5.13: no full line
        assertTrue(Double.isNaN(SignalText.pressureFullAvg10("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")));
    }

    @Test
    void sysvMessageQueuesWithNegativeKeysAndHeaderOnly() {
        String msg = """
                       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime
                 305419896      32769   600        16384        128  4242  4241     0     0     0     0 1763772000 1763771990 1763771900
                -559038737          3   666            0          0     0     0     0     0     0     0          0          0 1763771000
                """;
        List<SignalText.MsgQueue> q = SignalText.msgQueues(msg);
        assertEquals(2, q.size());
        assertEquals(new SignalText.MsgQueue(305419896, 32769, 16384, 128, 4242, 4241), q.get(0));
        assertEquals(-559038737, q.get(1).key());
        assertEquals(List.of(), SignalText.msgQueues(msg.lines().findFirst().orElseThrow() + "\n"));
    }

    @Test
    void mountinfoWithEscapesOptionalFieldsAndReadOnly() {
        String mountinfo = """
                26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
                27 26 0:24 / /mnt/sandboxing/model_tools_env/v1/python ro,nosuid,nodev,relatime - tmpfs model_tools_unavailable ro,size=4k,mode=755
                44 26 254:0 /run/netns /run/netns rw,relatime shared:1 - ext4 /dev/vda rw,discard
                90 26 0:51 / /mnt/with\\040space rw,nosuid,nodev,relatime shared:7 master:2 - fuse.sshfs me@host:/x rw,user_id=0
                """;
        List<SignalText.Mount> m = SignalText.mounts(mountinfo);
        assertEquals(4, m.size());
        assertEquals(new SignalText.Mount("254:0", "/", false, "ext4", "/dev/vda"), m.get(0));
        assertTrue(m.get(1).readOnly());
        assertEquals("/mnt/with space", m.get(3).mountPoint());
        assertEquals("fuse.sshfs", m.get(3).fstype());
        assertEquals("me@host:/x", m.get(3).source());
    }

    @Test
    void statfsLinesAndErrorsOfStatDashF() {
        String out = """
                ef53 4096 4096 65536000 44000000 40000000 16384000 16000000 255 /
                stat: cannot read file system information for '/root/nope': Permission denied
                1021994 4096 4096 3085937 3085937 3085937 3085937 3085936 255 /mnt/with space
                """;
        List<SignalText.Statfs> s = SignalText.statfs(out);
        assertEquals(2, s.size());
        assertEquals(0xef53, s.get(0).type());
        assertEquals("/mnt/with space", s.get(1).name());
        // df: used / (used + avail) = 21,536,000 / 61,536,000
        assertEquals(35.0, Math.round(s.get(0).usedPercent() * 10) / 10.0);
        assertEquals(0.0, s.get(1).usedPercent());
        assertTrue(Double.isNaN(new SignalText.Statfs(0, 4096, 4096, 0, 0, 0, "/proc").usedPercent()));
    }

    @Test
    void kmsgRecordsKernelAndUser() {
        SignalText.KmsgRecord k = SignalText.kmsg("3,1290,9411239876,-;INFO: task cat:4242 blocked for more than 122 seconds.\n"
                + " SUBSYSTEM=fuse\n");
        assertEquals(0, k.facility());
        assertEquals(3, k.level());
        assertEquals(1290, k.seq());
        assertEquals(9411239876L, k.micros());
        assertEquals("INFO: task cat:4242 blocked for more than 122 seconds.", k.text());
        // written by a program into /dev/kmsg: facility user (1), 8 + level
        SignalText.KmsgRecord u = SignalText.kmsg("12,1291,9411240000,-;INFO: task fake:1 blocked for more than 1 seconds.\n");
        assertEquals(1, u.facility());
        assertNull(SignalText.kmsg("no prefix here"));
    }

    @Test
    void hungTaskReportText() {
        String[] t = SignalText.hungTask("INFO: task kworker/u4:2:1234 blocked for more than 120 seconds.");
        assertEquals(List.of("kworker/u4:2", "1234", "120"), List.of(t));
        assertNull(SignalText.hungTask("INFO: rcu_sched detected stalls on CPUs/tasks:"));
    }

    @Test
    void mountinfoEscapesAreUndoneAsTheCaptureDoes() {
        assertEquals("a b\tc\\d", io.procsnap.capture.collect.FilesystemSource.unescape("a\\040b\\011c\\134d"));
        assertEquals("x\\9y", io.procsnap.capture.collect.FilesystemSource.unescape("x\\9y"));
        assertEquals("end\\04", io.procsnap.capture.collect.FilesystemSource.unescape("end\\04"));
    }
}
