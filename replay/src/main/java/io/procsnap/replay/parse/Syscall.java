package io.procsnap.replay.parse;

import java.util.List;

/**
 * {@code /proc/PID/task/TID/syscall}: what the task is doing in the kernel (see proc(5)).
 * <ul>
 *   <li>{@code running}: on a CPU, {@link Kind#RUNNING};</li>
 *   <li>{@code -1 0x7ffd... 0x55...}: blocked but not in a system call, {@link Kind#NOT_IN_SYSCALL};</li>
 *   <li>{@code 202 0x7f1c2c0009d0 0x80 0x2 0x0 0x0 0x0 0x7f.. 0x7f..}: blocked in system call 202
 *       (futex on x86_64) with its six arguments, then stack and instruction pointers, {@link Kind#IN_SYSCALL}.</li>
 * </ul>
 *
 * @param kind   one of the three shapes above
 * @param number syscall number, -1 when not in a syscall or running
 * @param args   the arguments as unsigned values (up to six; empty when not in a syscall)
 * @param stackPointer       user stack pointer, or -1 when running
 * @param instructionPointer user instruction pointer, or -1 when running
 */
public record Syscall(Kind kind, int number, List<Long> args, long stackPointer, long instructionPointer) {
    public Syscall {
        args = List.copyOf(args);
    }

    public enum Kind { RUNNING, NOT_IN_SYSCALL, IN_SYSCALL }

    /** x86_64 syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl) the analyses look at. */
    public static final int X86_64_FUTEX = 202;
    public static final int X86_64_MSGSND = 69;
    public static final int X86_64_MSGRCV = 70;
    public static final int X86_64_SEMOP = 65;
    public static final int X86_64_SEMTIMEDOP = 220;
    public static final int X86_64_CONNECT = 42;

    /** Argument {@code i} (0-based), or empty when absent. */
    public java.util.OptionalLong arg(int i) {
        return i < args.size() ? java.util.OptionalLong.of(args.get(i)) : java.util.OptionalLong.empty();
    }

    /**
     * The futex address (arg1, the first argument) when blocked in futex on x86_64, else empty.
     * {@code arch} is {@code os.arch} of the captured machine ({@code amd64} or {@code x86_64}).
     */
    public java.util.OptionalLong futexAddress(String arch) {
        if (kind == Kind.IN_SYSCALL && x86(arch) && number == X86_64_FUTEX) {
            return arg(0);
        }
        return java.util.OptionalLong.empty();
    }

    /** The SysV id (msqid or semid, arg1) when blocked in msgsnd, msgrcv, semop or semtimedop on x86_64. */
    public java.util.OptionalLong ipcId(String arch) {
        if (kind == Kind.IN_SYSCALL && x86(arch) && (number == X86_64_MSGSND || number == X86_64_MSGRCV
                || number == X86_64_SEMOP || number == X86_64_SEMTIMEDOP)) {
            return arg(0);
        }
        return java.util.OptionalLong.empty();
    }

    /** The socket fd (arg1) when blocked in connect on x86_64. */
    public java.util.OptionalLong connectFd(String arch) {
        if (kind == Kind.IN_SYSCALL && x86(arch) && number == X86_64_CONNECT) {
            return arg(0);
        }
        return java.util.OptionalLong.empty();
    }

    private static boolean x86(String arch) {
        return arch == null || arch.equals("amd64") || arch.equals("x86_64");
    }

    /** A short label used for grouping: {@code running}, {@code -1}, or the number. */
    public String label() {
        return switch (kind) {
            case RUNNING -> "running";
            case NOT_IN_SYSCALL -> "-1";
            case IN_SYSCALL -> Integer.toString(number);
        };
    }
}
