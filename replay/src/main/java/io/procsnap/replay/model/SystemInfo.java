package io.procsnap.replay.model;

import io.procsnap.replay.parse.DmesgLine;
import io.procsnap.replay.parse.FileLock;
import io.procsnap.replay.parse.HungTask;
import io.procsnap.replay.parse.KernelStat;
import io.procsnap.replay.parse.LoadAvg;
import io.procsnap.replay.parse.Pressure;
import io.procsnap.replay.parse.TcpSocket;
import io.procsnap.replay.parse.UnixSocket;
import io.procsnap.replay.parse.Uptime;

import java.util.List;
import java.util.Map;

/**
 * Machine-wide files.
 *
 * @param uptime      {@code proc/uptime}
 * @param loadavg     {@code proc/loadavg}
 * @param meminfo     {@code proc/meminfo}, values in kB (or counts for HugePages_*), in file order
 * @param stat        {@code proc/stat}
 * @param pressure    {@code proc/pressure/*} (cpu, io, memory, irq) keyed by resource name
 * @param unixSockets {@code proc/net/unix}
 * @param tcpSockets  {@code proc/net/tcp} followed by {@code proc/net/tcp6}
 * @param locks       {@code proc/locks}
 * @param dmesg       kernel log lines from {@code cmd/dmesg/stdout}
 * @param hungTasks   "INFO: task X:PID blocked for more than N seconds." reports from that log
 */
public record SystemInfo(Sourced<Uptime> uptime, Sourced<LoadAvg> loadavg, Sourced<Map<String, Long>> meminfo,
                         Sourced<KernelStat> stat, Map<String, Sourced<Pressure>> pressure,
                         Sourced<List<UnixSocket>> unixSockets, Sourced<List<TcpSocket>> tcpSockets,
                         Sourced<List<FileLock>> locks, Sourced<List<DmesgLine>> dmesg,
                         Sourced<List<HungTask>> hungTasks) {
    public SystemInfo {
        pressure = Map.copyOf(pressure);
    }
}
