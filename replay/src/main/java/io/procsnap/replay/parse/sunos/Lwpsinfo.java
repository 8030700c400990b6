package io.procsnap.replay.parse.sunos;

/**
 * {@code /proc/PID/lwp/LWPID/lwpsinfo} (and each entry of {@code lpsinfo}, and {@code psinfo}'s
 * {@code pr_lwp}): what ps(1) shows of one LWP. Fields the kernel leaves zero because it cannot fill them
 * are -1 here: {@code addr}/{@code wchan} for a 32-bit reader ("cannot represent 64-bit addr in 32
 * bits", prsubr.c), {@code lastOnprocNanos} on illumos; {@code name} is empty on illumos (zeroed).
 *
 * @param state       numeric state: 1 SSLEEP, 2 SRUN, 3 SZOMB, 4 SSTOP, 5 SIDL, 6 SONPROC, 7 SWAIT
 * @param sname       printable state: S R Z T I O W, or ? (a zombie process's pr_lwp says Z)
 * @param syncObject  {@code pr_stype}: 0 none, 1 mutex, 2 rwlock, 3 cv, 4 sema, 5 user, 6 user_pi, 7 shuttle
 * @param pctcpu      percent of recent CPU, from the 16-bit binary fraction (0x8000 = 100)
 */
public record Lwpsinfo(int lwpid, long addr, long wchan, int syncObject, int state, char sname, int nice,
                       int syscall, int pri, double pctcpu, Timestruc start, Timestruc time, String clname,
                       String name, int onpro, int bindpro, int bindpset, int lgrp, long lastOnprocNanos) {

    /** The sync object type as mdb names it in ::stacks (CV, MX, RW, SEMA, USER, USER_PI, SHUTTLE). */
    public String syncObjectName() {
        return switch (syncObject) {
            case 0 -> "";
            case 1 -> "MX";
            case 2 -> "RW";
            case 3 -> "CV";
            case 4 -> "SEMA";
            case 5 -> "USER";
            case 6 -> "USER_PI";
            case 7 -> "SHUTTLE";
            default -> "?" + syncObject;
        };
    }

    public boolean hasWchan() {
        return wchan != -1;
    }

    /** The wait channel as mdb prints addresses ({@code ffffff0d4ccb7b8e}), empty when unknown. */
    public String wchanHex() {
        return wchan == -1 ? "" : Long.toHexString(wchan);
    }
}
