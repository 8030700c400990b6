package io.procsnap.replay.analysis;

import io.procsnap.replay.parse.Syscall;

import java.util.Map;

/**
 * Names of the x86_64 system calls a blocked thread is commonly found in. Numbers come from
 * {@code arch/x86/entry/syscalls/syscall_64.tbl}; anything not listed prints as its number.
 */
public final class SyscallNames {
    private static final Map<Integer, String> X86_64 = Map.ofEntries(
            Map.entry(0, "read"), Map.entry(1, "write"), Map.entry(2, "open"), Map.entry(3, "close"),
            Map.entry(4, "stat"), Map.entry(5, "fstat"), Map.entry(7, "poll"), Map.entry(9, "mmap"), Map.entry(10, "mprotect"), Map.entry(11, "munmap"),
            Map.entry(12, "brk"), Map.entry(28, "madvise"), Map.entry(16, "ioctl"),
            Map.entry(17, "pread64"), Map.entry(18, "pwrite64"), Map.entry(19, "readv"), Map.entry(20, "writev"),
            Map.entry(23, "select"), Map.entry(34, "pause"), Map.entry(35, "nanosleep"), Map.entry(42, "connect"),
            Map.entry(43, "accept"), Map.entry(44, "sendto"), Map.entry(45, "recvfrom"), Map.entry(46, "sendmsg"),
            Map.entry(47, "recvmsg"), Map.entry(56, "clone"), Map.entry(57, "fork"), Map.entry(58, "vfork"),
            Map.entry(59, "execve"), Map.entry(61, "wait4"), Map.entry(64, "semget"), Map.entry(65, "semop"),
            Map.entry(68, "msgget"), Map.entry(69, "msgsnd"), Map.entry(70, "msgrcv"), Map.entry(72, "fcntl"),
            Map.entry(73, "flock"), Map.entry(74, "fsync"), Map.entry(75, "fdatasync"), Map.entry(76, "truncate"),
            Map.entry(77, "ftruncate"), Map.entry(82, "rename"), Map.entry(83, "mkdir"), Map.entry(84, "rmdir"),
            Map.entry(87, "unlink"), Map.entry(130, "rt_sigsuspend"), Map.entry(128, "rt_sigtimedwait"),
            Map.entry(137, "statfs"), Map.entry(138, "fstatfs"), Map.entry(162, "sync"), Map.entry(165, "mount"),
            Map.entry(166, "umount2"), Map.entry(202, "futex"), Map.entry(220, "semtimedop"),
            Map.entry(230, "clock_nanosleep"), Map.entry(232, "epoll_wait"), Map.entry(247, "waitid"),
            Map.entry(257, "openat"), Map.entry(262, "newfstatat"), Map.entry(270, "pselect6"),
            Map.entry(271, "ppoll"), Map.entry(281, "epoll_pwait"), Map.entry(288, "accept4"),
            Map.entry(306, "syncfs"), Map.entry(332, "statx"), Map.entry(435, "clone3"),
            Map.entry(441, "epoll_pwait2"), Map.entry(449, "futex_wait"));

    /**
     * SunOS system call numbers (the same on every ISA: illumos-gate usr/src/uts/common/sys/syscall.h), the
     * ones a blocked LWP is commonly in; a capture of a SunOS machine names its arch {@code sunos-ISA}.
     * {@code msgsys}, {@code semsys} and {@code shmsys} multiplex msgsnd/msgrcv, semop, ... by their first argument.
     */
    private static final Map<Integer, String> SUNOS = Map.ofEntries(Map.entry(1, "exit"), Map.entry(3, "read"),
            Map.entry(4, "write"), Map.entry(5, "open"), Map.entry(6, "close"), Map.entry(18, "stat"),
            Map.entry(28, "fstat"), Map.entry(29, "pause"), Map.entry(34, "nice"), Map.entry(36, "sync"),
            Map.entry(49, "msgsys"), Map.entry(52, "shmsys"), Map.entry(53, "semsys"), Map.entry(54, "ioctl"),
            Map.entry(58, "fdsync"), Map.entry(59, "execve"), Map.entry(62, "fcntl"), Map.entry(65, "unlinkat"),
            Map.entry(66, "fstatat"), Map.entry(68, "openat"), Map.entry(77, "lwp_park"), Map.entry(81, "getdents"),
            Map.entry(96, "sigsuspend"), Map.entry(107, "waitid"), Map.entry(121, "readv"), Map.entry(122, "writev"),
            Map.entry(144, "sigtimedwait"), Map.entry(167, "lwp_wait"), Map.entry(170, "lwp_cond_wait"),
            Map.entry(173, "pread"), Map.entry(174, "pwrite"), Map.entry(182, "port"), Map.entry(183, "pollsys"),
            Map.entry(199, "nanosleep"), Map.entry(201, "door"), Map.entry(210, "lwp_mutex_timedlock"),
            Map.entry(222, "pread64"), Map.entry(223, "pwrite64"), Map.entry(225, "open64"),
            Map.entry(234, "accept"), Map.entry(235, "connect"), Map.entry(237, "recv"), Map.entry(238, "recvfrom"),
            Map.entry(239, "recvmsg"), Map.entry(240, "send"), Map.entry(241, "sendmsg"), Map.entry(242, "sendto"));

    private SyscallNames() {
    }

    /** {@code futex}, {@code msgsnd}, ...; the number as text when unknown; {@code running} or {@code -} otherwise. */
    public static String name(Syscall syscall, String arch) {
        if (syscall == null) {
            return "?";
        }
        return switch (syscall.kind()) {
            case RUNNING -> "running";
            case NOT_IN_SYSCALL -> "-";
            case IN_SYSCALL -> name(syscall.number(), arch);
        };
    }

    public static String name(int number, String arch) {
        if (arch != null && arch.startsWith("sunos")) {
            String n = SUNOS.get(number);
            return n != null ? n : Integer.toString(number);
        }
        if (arch == null || arch.equals("amd64") || arch.equals("x86_64")) {
            String n = X86_64.get(number);
            if (n != null) {
                return n;
            }
        }
        return Integer.toString(number);
    }

    /** The number of a named x86_64 syscall, or -1. */
    public static int number(String name) {
        for (Map.Entry<Integer, String> e : X86_64.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return -1;
    }
}
