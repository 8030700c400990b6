package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SysvIpcParserTests {

    @Test
    void fullMessageQueue() {
        List<MsgQueue> queues = SysvIpcParser.msg(Samples.text("sysvipc-msg.txt"));
        assertEquals(1, queues.size());
        MsgQueue q = queues.get(0);
        assertEquals(0x5eed0001L, q.key());
        assertEquals(2, q.msqid());
        assertEquals(0600, q.perms());
        assertEquals(16384, q.cbytes());
        assertEquals(16, q.qnum());
        assertEquals(14088, q.lspid());
        assertEquals(0, q.lrpid());
        assertEquals(0, q.rtime());
        assertEquals(1795310472L, q.ctime());
    }

    @Test
    void semaphoreSet() {
        SemSet s = SysvIpcParser.sem(Samples.text("sysvipc-sem.txt")).get(0);
        assertEquals(0x5eed0002L, s.key());
        assertEquals(0640, s.perms());
        assertEquals(3, s.nsems());
    }

    @Test
    void sharedMemoryWithRssAndSwap() {
        ShmSegment s = SysvIpcParser.shm(Samples.text("sysvipc-shm.txt")).get(0);
        assertEquals(8192, s.size());
        assertEquals(14088, s.cpid());
        assertEquals(14089, s.lpid());
        assertEquals(1, s.nattch());
        assertEquals(4096, s.rss());
        assertEquals(0, s.swap());
    }

    @Test
    void shmWithoutRssColumnsOfOlderKernels() {
        String old = "       key      shmid perms       size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime\n"
                + "         0      32768   600     393216  2266  1183      2  1000  1000  1000  1000 1700000000          0 1700000000\n";
        ShmSegment s = SysvIpcParser.shm(old).get(0);
        assertEquals(393216, s.size());
        assertEquals(-1, s.rss());
    }

    @Test
    void headerOnlyFilesHaveNoRows() {
        assertEquals(List.of(), SysvIpcParser.msg(Samples.text("sysvipc-msg-header-only.txt")));
        assertEquals(List.of(), SysvIpcParser.sem(Samples.text("sysvipc-sem-header-only.txt")));
        assertEquals(List.of(), SysvIpcParser.shm(Samples.text("sysvipc-shm-header-only.txt")));
        assertEquals(List.of(), SysvIpcParser.msg(""));
    }

    @Test
    void wrongHeaderOrShortRow() {
        assertThrows(ParseException.class, () -> SysvIpcParser.msg(Samples.text("sysvipc-sem.txt")));
        assertThrows(ParseException.class, () -> SysvIpcParser.msg(
                "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n1 2 600\n"));
    }

    @Test
    void sysctls() {
        assertEquals(16384, SysvIpcParser.sysctlNumber(Samples.text("sysctl-msgmnb.txt")));
        assertEquals(8192, SysvIpcParser.sysctlNumber(Samples.text("sysctl-msgmax.txt")));
        assertEquals(32000, SysvIpcParser.sysctlNumber(Samples.text("sysctl-msgmni.txt")));
        assertEquals(4096, SysvIpcParser.sysctlNumber(Samples.text("sysctl-shmmni.txt")));
        assertEquals(List.of(32000L, 1024000000L, 500L, 32000L), SysvIpcParser.sysctlNumbers(Samples.text("sysctl-sem.txt")));
        // Above Long.MAX_VALUE: the same 64 bits, read back with Long.toUnsignedString.
        assertEquals("18446744073692774399",
                Long.toUnsignedString(SysvIpcParser.sysctlNumber(Samples.text("sysctl-shmmax.txt"))));
        assertThrows(ParseException.class, () -> SysvIpcParser.sysctlNumber("1 2\n"));
    }
}
