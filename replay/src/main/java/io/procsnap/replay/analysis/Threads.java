package io.procsnap.replay.analysis;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.TaskSample;
import io.procsnap.replay.model.ThreadInfo;
import io.procsnap.replay.parse.ProcStat;
import io.procsnap.replay.parse.StackFrame;
import io.procsnap.replay.parse.Syscall;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds {@link ThreadView}s from a snapshot. */
public final class Threads {
    /**
     * The rows of the capture's file table the views read: the threads' and the processes' stat, status,
     * wchan, syscall and stack, and uptime and kernel stat for ages and start times.
     */
    public static final Set<KernelFile> ROWS = Set.of(KernelFile.PROCESS_STAT, KernelFile.PROCESS_STATUS,
            KernelFile.PROCESS_WCHAN, KernelFile.PROCESS_SYSCALL, KernelFile.PROCESS_STACK, KernelFile.THREAD_STAT,
            KernelFile.THREAD_STATUS, KernelFile.THREAD_WCHAN, KernelFile.THREAD_SYSCALL, KernelFile.THREAD_STACK,
            KernelFile.UPTIME, KernelFile.KERNEL_STAT);

    private Threads() {
    }

    /** Every thread of every process, sorted by (pid, tid); a process without task entries counts as its leader. */
    public static List<ThreadView> of(Snapshot snapshot) {
        List<ThreadView> out = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            if (p.threads().isEmpty()) {
                out.add(leaderOnly(snapshot, p));
                continue;
            }
            for (ThreadInfo t : p.threads()) {
                out.add(view(snapshot, p, t, t.main()));
            }
        }
        return out;
    }

    /** The view of one thread in one of its samples. */
    public static ThreadView view(Snapshot snapshot, ProcessInfo p, ThreadInfo t, TaskSample s) {
        ProcStat stat = s.stat().value();
        char state = stat != null ? stat.state() : t.state();
        String comm = stat != null ? stat.comm() : t.comm();
        return build(snapshot, p, t.tid(), comm, state, stat, s.wchan().present() ? s.wchan().value() : null,
                s.syscall().value(), s.stack().value(), t.directory().path());
    }

    /** The process's own files ({@code proc/PID/stat}, {@code wchan}, ...) as a view of its leader. */
    public static ThreadView leaderOnly(Snapshot snapshot, ProcessInfo p) {
        return build(snapshot, p, p.pid(), p.comm(), p.state(), p.stat().value(),
                p.wchan().present() ? p.wchan().value() : null, p.syscall().value(), p.stack().value(),
                p.directory().path());
    }

    private static ThreadView build(Snapshot snapshot, ProcessInfo p, int tid, String comm, char state, ProcStat stat,
                                    String wchan, Syscall syscall, List<StackFrame> frames, String path) {
        List<String> stack = frames == null ? List.of() : frames.stream().map(StackFrame::function).toList();
        int number = syscall != null && syscall.kind() == Syscall.Kind.IN_SYSCALL ? syscall.number() : -1;
        WaitClass wait = WaitClassifier.DEFAULT.classify(
                new WaitDetector.Evidence(state, wchan == null ? "" : wchan, stack, number, snapshot.arch()));
        long start = stat != null ? stat.startTime() : -1;
        double age = start >= 0 ? snapshot.ageSeconds(start) : Double.NaN;
        // a sleeping thread always has a wait channel: "0" then means the kernel hid it (non-root reader)
        boolean hidden = wchan != null && wchan.isEmpty() && (state == 'S' || state == 'D');
        return new ThreadView(p.pid(), tid, p.comm(), comm, state,
                wchan == null || hidden ? "?" : wchan.isEmpty() ? "-" : wchan,
                SyscallNames.name(syscall, snapshot.arch()),
                syscall == null ? List.of() : syscall.args(), stack, wait,
                stat != null ? stat.utime() : -1, stat != null ? stat.stime() : -1, start, age, path);
    }
}
