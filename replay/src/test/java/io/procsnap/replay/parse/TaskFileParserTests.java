package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskFileParserTests {

    @Test
    void wchanSymbol() {
        assertEquals("do_msgsnd", TaskFileParser.wchan(Samples.bytes("wchan-msgsnd.txt")));
    }

    @Test
    void wchanZeroMeansNotWaiting() {
        assertEquals("", TaskFileParser.wchan(Samples.bytes("wchan-zombie.txt")));
        assertEquals("", TaskFileParser.wchan(""));
    }

    @Test
    void syscallRunning() {
        Syscall s = TaskFileParser.syscall(Samples.bytes("syscall-running.txt"));
        assertEquals(Syscall.Kind.RUNNING, s.kind());
        assertEquals("running", s.label());
        assertTrue(s.futexAddress("amd64").isEmpty());
    }

    @Test
    void syscallFutexGivesTheAddressFromArg1() {
        // 202 0x55cadf1cd168 0x189 0x0 0x0 0x0 0xffffffff 0x7f6fd2451dc0 0x7f6fd2cdcf16
        Syscall s = TaskFileParser.syscall(Samples.bytes("syscall-futex.txt"));
        assertEquals(Syscall.Kind.IN_SYSCALL, s.kind());
        assertEquals(202, s.number());
        assertEquals(6, s.args().size());
        assertEquals(0x55cadf1cd168L, s.futexAddress("amd64").getAsLong());
        assertEquals(0x189L, s.args().get(1));
        assertEquals(0xffffffffL, s.args().get(5));
        assertEquals(0x7f6fd2451dc0L, s.stackPointer());
        assertEquals(0x7f6fd2cdcf16L, s.instructionPointer());
        assertTrue(s.futexAddress("aarch64").isEmpty());
    }

    @Test
    void syscallMsgsnd() {
        Syscall s = TaskFileParser.syscall(Samples.bytes("syscall-msgsnd.txt"));
        assertEquals(69, s.number());
        assertEquals(2L, s.args().get(0));
        assertEquals(0x400L, s.args().get(2));
        assertTrue(s.futexAddress("amd64").isEmpty());
        assertEquals(2L, s.ipcId("amd64").getAsLong(), "msqid of the queue it sends to");
        assertTrue(s.ipcId("aarch64").isEmpty());
        assertTrue(s.connectFd("amd64").isEmpty());
    }

    @Test
    void syscallConnect() {
        Syscall s = TaskFileParser.syscall("42 0x5 0x7ffc1d2e3f40 0x6e 0x0 0x0 0x0 0x7ffc1d2e3f18 0x7f0a1b2c3d4e\n");
        assertEquals(5L, s.connectFd("amd64").getAsLong());
        assertTrue(s.ipcId("amd64").isEmpty());
    }

    @Test
    void syscallZombieIsNotInASyscall() {
        Syscall s = TaskFileParser.syscall(Samples.bytes("syscall-zombie.txt"));
        assertEquals(Syscall.Kind.NOT_IN_SYSCALL, s.kind());
        assertEquals("-1", s.label());
        assertEquals(0, s.stackPointer());
    }

    @Test
    void syscallKernelThreadShowsZeroes() {
        Syscall s = TaskFileParser.syscall(Samples.bytes("syscall-kthread.txt"));
        assertEquals(Syscall.Kind.IN_SYSCALL, s.kind());
        assertEquals(0, s.number());
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L), s.args());
    }

    @Test
    void syscallGarbage() {
        assertThrows(ParseException.class, () -> TaskFileParser.syscall("202 0xzz 0x1 0x2"));
        assertThrows(ParseException.class, () -> TaskFileParser.syscall(""));
    }

    @Test
    void stackFrames() {
        List<StackFrame> frames = TaskFileParser.stack(Samples.bytes("stack-msgsnd.txt"));
        assertEquals(3, frames.size());
        StackFrame top = frames.get(0);
        assertEquals("0", top.address());
        assertEquals("do_msgsnd", top.function());
        assertEquals("0x3e1", top.offset());
        assertEquals("0x5b0", top.size());
        assertEquals("", top.module());
        assertEquals("do_msgsnd+0x3e1/0x5b0", top.text());
        assertEquals("entry_SYSCALL_64_after_hwframe", frames.get(2).function());
    }

    @Test
    void stackFutexAndKernelThreadAndZombie() {
        assertEquals("futex_do_wait", TaskFileParser.stack(Samples.bytes("stack-futex.txt")).get(0).function());
        assertEquals(7, TaskFileParser.stack(Samples.bytes("stack-futex.txt")).size());
        assertEquals("kthreadd", TaskFileParser.stack(Samples.bytes("stack-kthread.txt")).get(0).function());
        assertEquals(List.of(), TaskFileParser.stack(Samples.bytes("stack-zombie.txt")));
    }

    @Test
    void stackModuleSuffix() {
        List<StackFrame> frames = TaskFileParser.stack("[<0>] txg_wait_open+0xc3/0x110 [zfs]\n[<0>] dmu_tx_wait+0x3a1/0x3b0 [zfs]\n");
        assertEquals("txg_wait_open", frames.get(0).function());
        assertEquals("zfs", frames.get(0).module());
        assertEquals("txg_wait_open+0xc3/0x110 [zfs]", frames.get(0).text());
    }

    @Test
    void stackUnterminatedAddress() {
        assertThrows(ParseException.class, () -> TaskFileParser.stack("[<0 do_msgsnd+0x1/0x2\n"));
    }

    @Test
    void cmdlineZombieIsEmpty() {
        assertEquals(List.of(), TaskFileParser.cmdline(Samples.bytes("cmdline-zombie.bin")));
    }

    @Test
    void cmdlineArgv() {
        assertEquals(List.of("./gen"), TaskFileParser.cmdline(Samples.bytes("cmdline-process.bin")));
        assertEquals(List.of("a", "", "b c"), TaskFileParser.cmdline("a\0\0b c\0".getBytes()));
        assertEquals(List.of("rewritten argv no nul"), TaskFileParser.cmdline("rewritten argv no nul".getBytes()));
    }
}
