package io.procsnap.replay.analysis;

import java.time.Instant;

/**
 * One {@code ps} row: a process, or one thread with {@code -L}.
 *
 * @param tid        thread id; equals pid for process rows
 * @param nlwp       threads in the process
 * @param uid        real uid, -1 unknown
 * @param cpuSeconds user + system CPU seconds, -1 unknown
 * @param userSeconds   user CPU seconds (stat utime), -1 unknown
 * @param systemSeconds system CPU seconds (stat stime), -1 unknown
 * @param start      start time (boot time + stat starttime), null when unknown
 * @param cmdline    command line, or {@code [comm]} for kernel threads and when not captured
 * @param path       archive directory of the row ({@code proc/4} or {@code proc/4/task/8})
 */
public record ProcessRow(int pid, int tid, int ppid, long uid, char state, String wchan, String syscall, WaitKind waitKind,
                         long nlwp, double cpuSeconds, double userSeconds, double systemSeconds, Instant start, String comm, String cmdline, String path) {
}
