package io.procsnap.replay.model;

import io.procsnap.format.Status;
import io.procsnap.replay.parse.CgroupLine;
import io.procsnap.replay.parse.Limit;
import io.procsnap.replay.parse.ProcIo;
import io.procsnap.replay.parse.ProcStat;
import io.procsnap.replay.parse.ProcStatus;
import io.procsnap.replay.parse.StackFrame;
import io.procsnap.replay.parse.Statm;
import io.procsnap.replay.parse.Syscall;

import java.util.List;
import java.util.Map;

/**
 * One process, {@code proc/PID}. Every file-backed value is a {@link Sourced} that keeps its archive path
 * and, when missing, why.
 *
 * @param pid       process id
 * @param directory the {@code proc/PID} directory entry
 * @param ownerUid  owner of {@code proc/PID} (what procps shows as the user), -1 unknown
 * @param ownerGid  group of {@code proc/PID}, -1 unknown
 * @param stat      parsed {@code proc/PID/stat}
 * @param status    parsed {@code proc/PID/status}
 * @param cmdline   argv from {@code proc/PID/cmdline}; empty list for kernel threads and zombies
 * @param wchan     {@code proc/PID/wchan}; {@code ""} when the kernel printed {@code 0}
 * @param syscall   {@code proc/PID/syscall}
 * @param stack     {@code proc/PID/stack}
 * @param cgroup    {@code proc/PID/cgroup}
 * @param io        {@code proc/PID/io}
 * @param limits    {@code proc/PID/limits}
 * @param statm     {@code proc/PID/statm}
 * @param sched     {@code proc/PID/sched} as {@code key -> value} text
 * @param oomScore  {@code proc/PID/oom_score}
 * @param exe       readlink of {@code proc/PID/exe}
 * @param cwd       readlink of {@code proc/PID/cwd}
 * @param fds       {@code proc/PID/fd/N} links, sorted by fd
 * @param threads   {@code proc/PID/task/TID}, sorted by tid (may be empty when the task directory was not captured)
 */
public record ProcessInfo(int pid, EntryRef directory, long ownerUid, long ownerGid, Sourced<ProcStat> stat,
                          Sourced<ProcStatus> status, Sourced<List<String>> cmdline, Sourced<String> wchan,
                          Sourced<Syscall> syscall, Sourced<List<StackFrame>> stack,
                          Sourced<List<CgroupLine>> cgroup, Sourced<ProcIo> io, Sourced<List<Limit>> limits,
                          Sourced<Statm> statm, Sourced<Map<String, String>> sched, Sourced<Long> oomScore,
                          Sourced<String> exe,
                          Sourced<String> cwd, List<FdLink> fds, List<ThreadInfo> threads) {
    public ProcessInfo {
        fds = List.copyOf(fds);
        threads = List.copyOf(threads);
    }

    /** comm from stat, else status Name, else {@code "?"}. */
    public String comm() {
        if (stat.present()) {
            return stat.value().comm();
        }
        return status.present() ? status.value().name() : "?";
    }

    /** State letter from stat, else status, else {@code '?'}. */
    public char state() {
        if (stat.present()) {
            return stat.value().state();
        }
        return status.present() ? status.value().state() : '?';
    }

    /** Parent pid from stat or status, -1 when unknown. */
    public int ppid() {
        if (stat.present()) {
            return stat.value().ppid();
        }
        return status.present() ? status.value().ppid() : -1;
    }

    /** Real uid from status, else the owner of {@code proc/PID}. */
    public long uid() {
        return status.present() && status.value().uid() >= 0 ? status.value().uid() : ownerUid;
    }

    public long gid() {
        return status.present() && status.value().gid() >= 0 ? status.value().gid() : ownerGid;
    }

    /** The command line joined by spaces, or empty (kernel threads, zombies, not captured). */
    public String commandLine() {
        return cmdline.present() ? String.join(" ", cmdline.value()) : "";
    }

    public boolean kernelThread() {
        return stat.present() && stat.value().kernelThread();
    }

    /** The process exited while it was being captured: its directory or stat read found it gone. */
    public boolean vanished() {
        return directory.status() == Status.VANISHED
                || stat.source().status() == Status.VANISHED;
    }

    public boolean zombie() {
        return state() == 'Z';
    }

    /** Start time in clock ticks since boot, -1 when unknown. */
    public long startTicks() {
        return stat.present() ? stat.value().startTime() : -1;
    }

    public long utime() {
        return stat.present() ? stat.value().utime() : -1;
    }

    public long stime() {
        return stat.present() ? stat.value().stime() : -1;
    }

    /** Thread count from status, else stat, else the captured task directories. */
    public long threadCount() {
        if (status.present() && status.value().threads() >= 0) {
            return status.value().threads();
        }
        if (stat.present() && stat.value().numThreads() >= 0) {
            return stat.value().numThreads();
        }
        return threads.size();
    }

    /** The fd whose link target is {@code socket:[inode]}, if any. */
    public java.util.Optional<FdLink> fdForSocket(long inode) {
        return fds.stream().filter(f -> f.socketInode() == inode).findFirst();
    }
}
