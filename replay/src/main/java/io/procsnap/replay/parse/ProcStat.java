package io.procsnap.replay.parse;

/**
 * One {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat} line (see proc(5)). Fields that an
 * older kernel does not print are {@code -1}; {@link #fieldCount()} says how many fields were present.
 *
 * @param pid        field 1
 * @param comm       field 2 without the parentheses (may contain spaces and {@code )})
 * @param state      field 3: R, S, D, Z, T, t, X, I, ...
 * @param ppid       field 4
 * @param pgrp       field 5
 * @param session    field 6
 * @param ttyNr      field 7
 * @param flags      field 9 (PF_* flags; {@link #PF_KTHREAD} marks kernel threads)
 * @param minflt     field 10
 * @param majflt     field 12
 * @param utime      field 14, clock ticks
 * @param stime      field 15, clock ticks
 * @param cutime     field 16
 * @param cstime     field 17
 * @param priority   field 18
 * @param nice       field 19
 * @param numThreads field 20
 * @param startTime  field 22: start time in clock ticks since boot
 * @param vsize      field 23, bytes
 * @param rss        field 24, pages
 * @param processor  field 39, last CPU
 * @param delayacctBlkioTicks field 42: aggregated block I/O delay, clock ticks
 * @param fieldCount number of fields found on the line
 */
public record ProcStat(int pid, String comm, char state, int ppid, int pgrp, int session, int ttyNr, long flags,
                       long minflt, long majflt, long utime, long stime, long cutime, long cstime, long priority,
                       long nice, long numThreads, long startTime, long vsize, long rss, long processor,
                       long delayacctBlkioTicks, int fieldCount) {

    /** PF_KTHREAD from include/linux/sched.h. */
    public static final long PF_KTHREAD = 0x00200000L;

    /** True for kernel threads (PF_KTHREAD set, or, when flags are missing, ppid 2 / pid 2). */
    public boolean kernelThread() {
        if (flags >= 0) {
            return (flags & PF_KTHREAD) != 0;
        }
        return pid == 2 || ppid == 2;
    }

    public boolean zombie() {
        return state == 'Z';
    }

    /** utime + stime in clock ticks. */
    public long cpuTicks() {
        return Math.max(0, utime) + Math.max(0, stime);
    }
}
