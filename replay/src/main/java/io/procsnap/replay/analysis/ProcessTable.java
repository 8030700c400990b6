package io.procsnap.replay.analysis;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.ThreadInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The {@code ps} analysis: rows for processes or threads, filtered and sorted. */
public final class ProcessTable {
    /** The rows of the capture's file table the table reads: those of {@link Threads#ROWS} and the command lines. */
    public static final Set<KernelFile> ROWS = Stream.concat(Threads.ROWS.stream(), Stream.of(KernelFile.CMDLINE))
            .collect(Collectors.toUnmodifiableSet());

    private ProcessTable() {
    }

    public static List<ProcessRow> rows(Snapshot snapshot, PsQuery query) {
        Optional<Instant> boot = snapshot.bootTime();
        List<ProcessRow> rows = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            if (!query.pids().isEmpty() && !query.pids().contains(p.pid())) {
                continue;
            }
            String cmdline = !p.commandLine().isEmpty() ? p.commandLine()
                    : p.cmdline().present() || p.kernelThread() ? "[" + p.comm() + "]"
                    : "? (" + p.cmdline().whyMissing() + ")";
            if (query.threads() && !p.threads().isEmpty()) {
                for (ThreadInfo t : p.threads()) {
                    ThreadView v = Threads.view(snapshot, p, t, t.main());
                    rows.add(row(snapshot, boot, p, v, cmdline));
                }
            } else {
                ThreadView v = processView(snapshot, p);
                rows.add(row(snapshot, boot, p, v, cmdline));
            }
        }
        return rows.stream().filter(r -> keep(query, r)).sorted(order(query.sort())).toList();
    }

    /** The process as its own row: the leader's thread view, or the process files when no task was captured. */
    private static ThreadView processView(Snapshot snapshot, ProcessInfo p) {
        for (ThreadInfo t : p.threads()) {
            if (t.leader()) {
                ThreadView leader = Threads.view(snapshot, p, t, t.main());
                // process CPU time covers all threads; take it from proc/PID/stat
                return new ThreadView(leader.pid(), leader.tid(), leader.processComm(), p.comm(), p.state(),
                        leader.wchan(), leader.syscall(), leader.syscallArgs(), leader.stack(), leader.waitClass(),
                        p.utime(), p.stime(), p.startTicks(), leader.ageSeconds(), p.directory().path());
            }
        }
        return Threads.leaderOnly(snapshot, p);
    }

    private static ProcessRow row(Snapshot snapshot, Optional<Instant> boot, ProcessInfo p, ThreadView v,
                                  String cmdline) {
        double cpu = v.cpuTicks() < 0 ? -1 : (double) v.cpuTicks() / snapshot.clockTicks();
        Instant start = boot.isPresent() && v.startTicks() >= 0
                ? boot.get().plusMillis(v.startTicks() * 1000 / snapshot.clockTicks()) : null;
        double hz = snapshot.clockTicks();
        return new ProcessRow(p.pid(), v.tid(), p.ppid(), p.uid(), v.state(), v.wchan(), v.syscall(), v.waitClass().kind(),
                p.threadCount(), cpu, v.utime() < 0 ? -1 : v.utime() / hz, v.stime() < 0 ? -1 : v.stime() / hz, start,
                v.comm(), cmdline, v.path());
    }

    private static boolean keep(PsQuery q, ProcessRow r) {
        if (!q.states().isEmpty() && !q.states().contains(r.state())) {
            return false;
        }
        return q.comm() == null || r.comm().contains(q.comm());
    }

    static Comparator<ProcessRow> order(List<String> keys) {
        Comparator<ProcessRow> c = (a, b) -> 0;
        for (String key : keys) {
            boolean desc = key.startsWith("-");
            Comparator<ProcessRow> k = switch (desc ? key.substring(1) : key) {
                case "pid" -> Comparator.comparingInt(ProcessRow::pid);
                case "tid" -> Comparator.comparingInt(ProcessRow::tid);
                case "state" -> Comparator.comparing(ProcessRow::state);
                case "comm" -> Comparator.comparing(ProcessRow::comm);
                case "cpu" -> Comparator.comparingDouble(ProcessRow::cpuSeconds);
                case "start" -> Comparator.comparing(ProcessRow::start, Comparator.nullsFirst(Comparator.naturalOrder()));
                case "wchan" -> Comparator.comparing(ProcessRow::wchan);
                case "syscall" -> Comparator.comparing(ProcessRow::syscall);
                default -> throw new IllegalArgumentException("unknown sort key " + key);
            };
            c = c.thenComparing(desc ? k.reversed() : k);
        }
        return c.thenComparingInt(ProcessRow::pid).thenComparingInt(ProcessRow::tid);
    }
}
