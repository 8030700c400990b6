package io.procsnap.replay.parse;

import java.util.List;

/**
 * {@code /proc/stat}: the system-wide lines the analyses use; absent numbers are -1.
 * <pre>
 * cpu  1337 0 1234 70000 120 0 33 0 0 0
 * btime 1763770000
 * processes 6601
 * procs_running 1
 * procs_blocked 0
 * </pre>
 *
 * @param cpuTotal the aggregate {@code cpu} line's jiffies (user nice system idle iowait irq softirq steal ...)
 */
public record KernelStat(List<Long> cpuTotal, long btime, long processes, long procsRunning, long procsBlocked,
                         long contextSwitches) {
    public KernelStat {
        cpuTotal = List.copyOf(cpuTotal);
    }
}
