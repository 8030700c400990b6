package io.procsnap.replay.parse.sunos;

import java.util.List;

/**
 * {@code /proc/PID/lwp/LWPID/lwpstatus} ({@code lwpstatus_t}) up to {@code pr_instr}; the register sets
 * after it are ISA-specific and not read.
 *
 * @param flags   PR_STOPPED 0x1, PR_ISTOP 0x2, PR_DSTOP 0x4, PR_ASLEEP 0x10 (sleeping in a system
 *                call), PR_AGENT 0x80, PR_DETACH 0x100, PR_DAEMON 0x200, PR_IDLE 0x400
 * @param why     stop reason (PR_REQUESTED 1 ... PR_BRAND 9), 0 when running
 * @param syscall system call number when in one, else 0
 * @param sysargs the first {@code nsysarg} arguments (at most 8)
 */
public record Lwpstatus(int flags, int lwpid, int why, int what, int cursig, int syscall, int nsysarg, int errno,
                        List<Long> sysargs, long rval1, long rval2, String clname, Timestruc tstamp, Timestruc utime,
                        Timestruc stime, int errpriv, long ustack, long instr) {
    public Lwpstatus {
        sysargs = List.copyOf(sysargs);
    }

    /** PR_ASLEEP: sleeping in a system call. */
    public boolean asleep() {
        return (flags & 0x10) != 0;
    }

    /** PR_STOPPED. */
    public boolean stopped() {
        return (flags & 0x1) != 0;
    }
}
