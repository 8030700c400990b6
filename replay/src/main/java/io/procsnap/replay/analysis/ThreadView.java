package io.procsnap.replay.analysis;

import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;

import java.util.List;

/**
 * One thread as the analyses see it: the main pass flattened to plain values, with its wait classified.
 * Missing values are {@code "?"} (text) or -1 (numbers).
 *
 * @param pid          process (thread group) id
 * @param tid          thread id
 * @param processComm  comm of the process (the group leader)
 * @param comm         comm of the thread
 * @param state        state letter from stat (R, S, D, Z, T, t, I, X), {@code '?'} when unknown
 * @param wchan        wait channel, {@code "-"} when not waiting, {@code "?"} when unknown
 * @param syscall      syscall name ({@code futex}, {@code msgsnd}), {@code running}, {@code -} when not in one
 * @param syscallArgs  the syscall's arguments, empty when unknown
 * @param stack        kernel stack function names, innermost first; empty when unknown
 * @param waitClass    the classified wait
 * @param utime        user CPU ticks, -1 unknown
 * @param stime        system CPU ticks, -1 unknown
 * @param startTicks   start time in ticks after boot (stat field 22), -1 unknown
 * @param ageSeconds   seconds alive at capture time, NaN unknown: an upper bound for how long it has waited
 * @param path         archive path of the thread directory ({@code proc/4/task/8})
 */
public record ThreadView(int pid, int tid, String processComm, String comm, char state, String wchan, String syscall,
                         List<Long> syscallArgs, List<String> stack, WaitClass waitClass, long utime, long stime,
                         long startTicks, double ageSeconds, String path) {
    public ThreadView {
        syscallArgs = List.copyOf(syscallArgs);
        stack = List.copyOf(stack);
    }

    /**
     * Evidence path of one of this thread's files ({@link KernelFile#THREAD_WCHAN}, {@code THREAD_SYSCALL}, ...); a
     * SunOS LWP ({@code proc/PID/lwp/LWPID}) has one file for its state, wait channel and system call, its lwpsinfo.
     */
    public String file(KernelFile name) {
        return ArchivePath.under(path, path.contains(SUNOS_LWP) ? KernelFile.LWPSINFO : name);
    }

    private static final String SUNOS_LWP = "/".concat(KernelFile.LWPS.file()).concat("/");

    /** Argument {@code i} of the current syscall, or -1. */
    public long arg(int i) {
        return i < syscallArgs.size() ? syscallArgs.get(i) : -1;
    }

    /** {@code comm[pid]} or {@code comm[pid]/tid} for a non-leader thread. */
    public String label() {
        return pid == tid ? comm + "[" + pid + "]" : processComm + "[" + pid + "]/" + comm + "[" + tid + "]";
    }

    /** The stack as one string, {@code do_msgsnd;do_syscall_64;...}, or {@code "?"}. */
    public String stackText() {
        return stack.isEmpty() ? "?" : String.join(";", stack);
    }

    /** CPU ticks used (user + system), -1 when unknown. */
    public long cpuTicks() {
        return utime < 0 || stime < 0 ? -1 : utime + stime;
    }
}
