package io.procsnap.replay.model;

import io.procsnap.replay.parse.ProcStat;
import io.procsnap.replay.parse.ProcStatus;
import io.procsnap.replay.parse.StackFrame;
import io.procsnap.replay.parse.Syscall;

import java.util.List;

/**
 * One thread, {@code proc/PID/task/TID}. The main-pass values are {@code samples().get(0)}; the
 * accessors {@link #stat()}, {@link #wchan()}, ... return them directly.
 *
 * @param pid       thread group id (the process)
 * @param tid       thread id
 * @param directory the {@code proc/PID/task/TID} directory entry (owner, status)
 * @param status    parsed {@code proc/PID/task/TID/status}, without its text ({@link ProcStatus#withoutText()};
 *                  {@link Snapshot#content(String)} reads the file)
 * @param samples   sample 0 (main pass) first, then repeated samples in order; never empty
 */
public record ThreadInfo(int pid, int tid, EntryRef directory, Sourced<ProcStatus> status, List<TaskSample> samples) {
    public ThreadInfo {
        samples = List.copyOf(samples);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("thread " + tid + " without sample 0");
        }
    }

    public TaskSample main() {
        return samples.get(0);
    }

    public Sourced<ProcStat> stat() {
        return main().stat();
    }

    /** Wait channel symbol; value {@code ""} means the kernel printed {@code 0} (not waiting). */
    public Sourced<String> wchan() {
        return main().wchan();
    }

    public Sourced<Syscall> syscall() {
        return main().syscall();
    }

    public Sourced<List<StackFrame>> stack() {
        return main().stack();
    }

    /** comm from stat, else from status, else {@code "?"}. */
    public String comm() {
        if (stat().present()) {
            return stat().value().comm();
        }
        return status.present() ? status.value().name() : "?";
    }

    /** State letter from stat, else from status, else {@code '?'}. */
    public char state() {
        if (stat().present()) {
            return stat().value().state();
        }
        return status.present() ? status.value().state() : '?';
    }

    /** The group leader: tid == pid. */
    public boolean leader() {
        return pid == tid;
    }

    /** utime in ticks, -1 when stat is missing. */
    public long utime() {
        return stat().present() ? stat().value().utime() : -1;
    }

    public long stime() {
        return stat().present() ? stat().value().stime() : -1;
    }
}
