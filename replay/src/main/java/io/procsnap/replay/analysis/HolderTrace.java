package io.procsnap.replay.analysis;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.LockClass;
import io.procsnap.replay.model.FdLink;
import io.procsnap.replay.model.Mount;
import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * From a process whose {@code /proc} read hung to the likely holder of the lock the read waits for, and
 * on to what the holder waits for (capture/LOCK-CLASSES.md). The lock classes of the hung files say
 * which lock:
 * <ul>
 * <li>{@link LockClass#EXEC_UPDATE}: held for writing only by {@code execve} of a thread of the same
 * process, from {@code exec_mmap} on; there it waits for the old mm's mmap lock, so the chain goes on as
 * for MMAP. The holder is the target's thread in D (its syscall is of the same class, so rarely
 * readable).</li>
 * <li>{@link LockClass#MMAP}: held for reading for long by another process's read of
 * {@code /proc/PID/mem} (a fault without retry: {@code __access_remote_vm}), seen as a file descriptor
 * on {@code /proc/PID/mem}; a writer ({@code /proc/PID/clear_refs}, an mmap of the target) queues
 * behind it and every later reader behind the writer; a ptrace tracer peeks the same way.</li>
 * </ul>
 * Then what the holder waits on: a FUSE request, an NFS server, a page of a file (its wait class), and
 * the mounts and daemons that serve it: FUSE mounts of {@code proc/self/mountinfo} and the processes
 * with {@code /dev/fuse} open, NFS mounts. Every step carries the archive paths it was read from.
 *
 * @param classes   the lock classes of the hung reads
 * @param steps     the chain after the process, in order: holders, then what they wait on
 * @param mounts    mounts behind the last holder's wait (mountinfo lines), most likely first
 * @param daemons   processes serving those mounts (FUSE daemons)
 */
public record HolderTrace(Set<LockClass> classes, List<Step> steps, List<Mount> mounts, List<ProcessInfo> daemons) {
    private static final Pattern PROC_FILE = Pattern.compile("^/proc/(\\d+)(?:/task/\\d+)?/(mem|clear_refs)$");

    /**
     * One link of the chain.
     *
     * @param thread   the thread (a holder, or a waiter queued between holders)
     * @param holder   true for a holder of the lock, false for a queued waiter (named, not followed)
     * @param why      one line: what it holds or waits for and how that is known
     * @param evidence archive paths of the facts
     */
    public record Step(ThreadView thread, boolean holder, String why, List<String> evidence) {
        public Step {
            evidence = List.copyOf(evidence);
        }
    }

    public HolderTrace {
        classes = Set.copyOf(classes);
        steps = List.copyOf(steps);
        mounts = List.copyOf(mounts);
        daemons = List.copyOf(daemons);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    public List<ThreadView> holders() {
        return steps.stream().filter(Step::holder).map(Step::thread).toList();
    }

    /**
     * The trace for process {@code pid} whose reads of {@code hungFiles} (paths below {@code proc/PID}:
     * {@code stat}, {@code task/311/wchan}) hung; {@code threads} are the machine's threads (without the
     * capture's own).
     */
    public static HolderTrace of(Snapshot s, List<ThreadView> threads, int pid, List<String> hungFiles) {
        Set<LockClass> classes = EnumSet.noneOf(LockClass.class);
        hungFiles.forEach(f -> classes.addAll(KernelFile.locksUnderProcess(f)));
        List<Step> steps = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        if (classes.contains(LockClass.EXEC_UPDATE) || classes.contains(LockClass.EXEC_CREDENTIALS)) {
            for (ThreadView t : threads) {
                if (t.pid() == pid && t.state() == 'D' && seen.add(t.path())) {
                    boolean execve = "execve".equals(t.syscall()) || "execveat".equals(t.syscall());
                    steps.add(new Step(t, true, t.label() + " is in D" + (execve ? " in " + t.syscall() : "")
                            + ": the exec lock (EXEC_UPDATE) is held for writing only by an execve of the process's own "
                            + "thread, which in exec_mmap waits for the process's mmap lock",
                            List.of(t.path() + "/status")));
                }
            }
        }
        if (classes.contains(LockClass.MMAP) || !steps.isEmpty()) {
            mmapHolders(s, threads, pid, steps, seen);
        }
        List<Mount> mounts = new ArrayList<>();
        List<ProcessInfo> daemons = new ArrayList<>();
        ThreadView last = steps.stream().filter(Step::holder).reduce((a, b) -> b).map(Step::thread).orElse(null);
        if (last != null && steps.stream().anyMatch(st -> st.holder() && st.thread().pid() != pid)) {
            behind(s, last, mounts, daemons);
        }
        return new HolderTrace(classes, steps, mounts, daemons);
    }

    /** Other processes with the target's mem (holders) or clear_refs (queued writers) open, and its tracer. */
    private static void mmapHolders(Snapshot s, List<ThreadView> threads, int pid, List<Step> steps, Set<String> seen) {
        for (ProcessInfo p : s.processes()) {
            if (p.pid() == pid) {
                continue;
            }
            for (FdLink fd : p.fds()) {
                if (fd.target() == null) {
                    continue;
                }
                Matcher m = PROC_FILE.matcher(fd.target());
                if (!m.matches() || Integer.parseInt(m.group(1)) != pid) {
                    continue;
                }
                boolean mem = m.group(2).equals("mem");
                for (ThreadView t : waiting(threads, p.pid())) {
                    if (!seen.add(t.path())) {
                        continue;
                    }
                    steps.add(new Step(t, mem, t.label() + " has " + fd.target() + " open (fd " + fd.fd() + ") and is in "
                            + t.state() + " in " + t.syscall() + (t.wchan().equals("?") ? "" : " at " + t.wchan())
                            + (mem ? ": a read of /proc/PID/mem faults in the target's pages without retry and keeps its "
                            + "mmap lock (MMAP) while the page is read"
                            : ": a writer of the target's mmap lock, queued; later readers queue behind it"),
                            List.of(fd.source().path(), t.file(KernelFile.THREAD_WCHAN), t.file(KernelFile.THREAD_STACK))));
                }
            }
        }
        s.process(pid).ifPresent(target -> {
            int tracer = tracerPid(target);
            if (tracer > 0) {
                for (ThreadView t : waiting(threads, tracer)) {
                    if (seen.add(t.path())) {
                        steps.add(new Step(t, true, t.label() + " traces the process (TracerPid " + tracer
                                + "): a ptrace peek faults in its pages holding its mmap lock",
                                List.of(target.status().source().path(), t.file(KernelFile.THREAD_WCHAN))));
                    }
                }
            }
        });
    }

    /** The threads of {@code pid} that wait in D (or all of them, the leader first, when none does). */
    private static List<ThreadView> waiting(List<ThreadView> threads, int pid) {
        List<ThreadView> of = threads.stream().filter(t -> t.pid() == pid).toList();
        List<ThreadView> d = of.stream().filter(t -> t.state() == 'D').toList();
        return d.isEmpty() ? of.stream().limit(1).toList() : d;
    }

    private static int tracerPid(ProcessInfo p) {
        if (!p.status().present()) {
            return 0;
        }
        for (String line : p.status().value().text().split("\n")) {
            if (line.startsWith("TracerPid:")) {
                try {
                    return Integer.parseInt(line.substring(10).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /**
     * What {@code holder} waits on and who serves it: for a FUSE request or a page of a file, the FUSE
     * mounts and the processes holding {@code /dev/fuse}; for NFS, the NFS mounts (a hung statfs first).
     */
    private static void behind(Snapshot s, ThreadView holder, List<Mount> mounts, List<ProcessInfo> daemons) {
        WaitKind kind = holder.waitClass().kind();
        boolean nfs = kind == WaitKind.NFS;
        boolean fileWait = kind == WaitKind.FUSE || kind == WaitKind.IO || nfs || pageWait(holder);
        if (!fileWait) {
            return;
        }
        for (Mount m : s.mounts()) {
            String type = m.fstype().toLowerCase(Locale.ROOT);
            if (nfs ? type.startsWith("nfs") : type.startsWith("fuse") && !type.equals("fusectl")) {
                mounts.add(m);
            }
        }
        if (!nfs) {
            for (ProcessInfo p : s.processes()) {
                if (p.fds().stream().anyMatch(fd -> "/dev/fuse".equals(fd.target()))) {
                    daemons.add(p);
                }
            }
        }
    }

    /**
     * A wait for a page of a file in a fault ({@code filemap_fault}, {@code folio_wait_bit_common},
     * {@code __folio_lock}, {@code wait_on_page_bit}) at the wait channel or in the stack: the file's
     * read has not completed.
     */
    static boolean pageWait(ThreadView t) {
        if (PAGE_WAIT.matcher(t.wchan()).find()) {
            return true;
        }
        return t.stack().stream().anyMatch(f -> PAGE_WAIT.matcher(f).find());
    }

    private static final Pattern PAGE_WAIT = Pattern.compile("^(filemap_fault|folio_wait_bit|__folio_lock|folio_lock|"
            + "__lock_page|wait_on_page_bit|__filemap_get_folio|do_read_cache)");

    /** One line: what the last holder waits on. */
    public String waitsOn() {
        List<ThreadView> h = holders();
        if (h.isEmpty()) {
            return "";
        }
        ThreadView t = h.get(h.size() - 1);
        String what = switch (t.waitClass().kind()) {
            case FUSE -> "a FUSE request";
            case NFS -> "an NFS server";
            case IO -> "a page of a file (" + t.waitClass().site() + ")";
            default -> pageWait(t) ? "a page of a file whose read does not complete (" + t.waitClass().site() + ")"
                    : t.waitClass().kind().label() + " (" + t.waitClass().site() + ")";
        };
        return t.label() + " waits for " + what;
    }

    /** The mounts and daemons as text: "FUSE mount /x (fuse.hangfs, mountinfo line 3) served by python3[40]". */
    public String behindText() {
        if (mounts.isEmpty() && daemons.isEmpty()) {
            return "";
        }
        String m = mounts.stream().map(x -> x.mountPoint() + " (" + x.fstype() + ", mountinfo line " + x.info().line() + ")")
                .collect(Collectors.joining(", "));
        String d = daemons.stream().map(p -> p.comm() + "[" + p.pid() + "]").collect(Collectors.joining(", "));
        return (mounts.isEmpty() ? "" : (mounts.size() == 1 ? "mount " : "one of the mounts ") + m)
                + (daemons.isEmpty() ? "" : (mounts.isEmpty() ? "" : ", ") + "served by "
                + (daemons.size() == 1 ? "FUSE daemon " : "one of the FUSE daemons ") + d + " (/dev/fuse open)");
    }

    /** Evidence of the mounts and daemons: mountinfo, the daemons' /dev/fuse fds. */
    public List<String> behindEvidence(Snapshot s) {
        List<String> e = new ArrayList<>();
        mounts.forEach(m -> e.add(m.source().path()));
        for (ProcessInfo p : daemons) {
            p.fds().stream().filter(fd -> "/dev/fuse".equals(fd.target())).findFirst().ifPresent(fd -> e.add(fd.source().path()));
        }
        return e;
    }
}
