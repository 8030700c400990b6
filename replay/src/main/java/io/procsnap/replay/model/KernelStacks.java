package io.procsnap.replay.model;

import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.replay.parse.ParseException;
import io.procsnap.replay.parse.StackFrame;
import io.procsnap.replay.parse.sunos.MdbParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The kernel threads the {@code mdb -k} dcmds of a SunOS capture show, by thread address (mdb reads
 * kernel memory without taking process locks, so it sees the threads of a process whose /proc files
 * hung): {@code ::ps -t} gives each process's threads, {@code ::walk thread | ::findstack -v} each
 * thread's stack, {@code ::stacks} one stack per group of threads (only its first thread's address).
 * An LWP's {@code pr_addr} (its kthread_t) finds its stack here, and the stack names its wait channel.
 */
final class KernelStacks {
    private static final String MDB_PS = BuiltinCommand.MDB_PS.commandName();
    private static final String MDB_FINDSTACK = BuiltinCommand.MDB_FINDSTACK.commandName();
    private static final String MDB_STACKS = BuiltinCommand.MDB_STACKS.commandName();
    private static final String MDB_STACKS_TXG = BuiltinCommand.MDB_STACKS_TXG.commandName();

    /**
     * Frames that say how a thread sleeps, not where: the wait site is the first frame below them
     * ({@code swtch}, {@code cv_wait} ... then {@code txg_wait_open}).
     */
    private static final Set<String> SLEEP_FRAMES = Set.of("_resume_from_idle", "resume", "resume_from_intr", "swtch",
            "swtch_to", "cv_wait", "cv_wait_sig", "cv_wait_sig_swap", "cv_wait_sig_swap_core", "cv_timedwait",
            "cv_timedwait_hires", "cv_timedwait_sig", "cv_timedwait_sig_hires", "cv_reltimedwait",
            "cv_reltimedwait_sig", "cv_waituntil_sig", "cv_block", "sema_p", "sema_p_sig", "turnstile_block", "mutex_vector_enter",
            "rw_enter_sleep", "shuttle_swtch", "shuttle_resume", "shuttle_sleep", "sleepq_block", "_sys_rtt",
            "thread_start", "idle");

    /** One kernel thread as mdb printed it; -1 and empty where it did not say. */
    record KernelThread(long address, int pid, int lwpid, String processName, String state, List<String> frames,
                        String stackSource) {
        KernelThread {
            frames = List.copyOf(frames);
        }

        /** The wait site: the first frame that is not a sleep primitive, without module and offset; empty if none. */
        String site() {
            for (String f : frames) {
                String fn = function(f);
                if (!SLEEP_FRAMES.contains(fn)) {
                    return fn;
                }
            }
            return "";
        }

        /** The frames as stack lines for the model ({@code txg_wait_open+0x83}, module in its column). */
        List<StackFrame> stackFrames() {
            List<StackFrame> out = new ArrayList<>(frames.size());
            for (String f : frames) {
                String module = "";
                String s = f;
                int tick = s.indexOf('`');
                if (tick >= 0) {
                    module = s.substring(0, tick);
                    s = s.substring(tick + 1);
                }
                int plus = s.indexOf('+');
                out.add(new StackFrame(Long.toHexString(address), plus < 0 ? s : s.substring(0, plus),
                        plus < 0 ? "" : s.substring(plus + 1), "", module));
            }
            return out;
        }
    }

    private final Map<Long, KernelThread> byAddress;
    private final Map<Integer, List<KernelThread>> byPid;
    private final Map<Integer, MdbParser.Process> processes;
    private final List<String> problems;

    private KernelStacks(Map<Long, KernelThread> byAddress, Map<Integer, List<KernelThread>> byPid,
                         Map<Integer, MdbParser.Process> processes, List<String> problems) {
        this.byAddress = byAddress;
        this.byPid = byPid;
        this.processes = processes;
        this.problems = problems;
    }

    /** {@code zfs`txg_wait_open+0x83} -> {@code txg_wait_open}. */
    static String function(String frame) {
        String s = frame.strip();
        int tick = s.indexOf('`');
        if (tick >= 0) {
            s = s.substring(tick + 1);
        }
        int plus = s.indexOf('+');
        if (plus >= 0) {
            s = s.substring(0, plus);
        }
        int paren = s.indexOf('(');
        return paren >= 0 ? s.substring(0, paren) : s;
    }

    static KernelStacks of(Map<String, CommandOutput> commands) {
        List<String> problems = new ArrayList<>();
        Map<Long, String> stackSource = new LinkedHashMap<>();
        Map<Long, List<String>> frames = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        Map<Long, Integer> lwpids = new LinkedHashMap<>();
        for (String name : List.of(MDB_STACKS, MDB_STACKS_TXG)) {
            for (MdbParser.StackGroup g : parse(commands, name, MdbParser::stacks, problems)) {
                frames.putIfAbsent(g.thread(), g.frames());
                stackSource.putIfAbsent(g.thread(), ArchivePath.command(name, ArchivePath.Stream.STDOUT));
            }
        }
        // ::findstack is per thread and has the arguments: it wins over a group's representative stack
        for (MdbParser.ThreadStack t : parse(commands, MDB_FINDSTACK, MdbParser::findstack, problems)) {
            frames.put(t.thread(), t.frames().stream().map(MdbParser.Frame::symbol).toList());
            stackSource.put(t.thread(), ArchivePath.command(MDB_FINDSTACK, ArchivePath.Stream.STDOUT));
            int slash = t.process().lastIndexOf('/');
            if (slash > 0) {
                names.put(t.thread(), t.process().substring(0, slash));
                try {
                    lwpids.put(t.thread(), Integer.parseInt(t.process().substring(slash + 1)));
                } catch (NumberFormatException e) {
                    // "(dd/?)": no lwpid
                }
            }
        }
        Map<Long, KernelThread> byAddress = new LinkedHashMap<>();
        Map<Integer, List<KernelThread>> byPid = new TreeMap<>();
        Map<Integer, MdbParser.Process> processes = new TreeMap<>();
        for (MdbParser.Process p : parse(commands, MDB_PS, MdbParser::ps, problems)) {
            processes.put(p.pid(), p);
            List<KernelThread> threads = new ArrayList<>();
            for (MdbParser.Thread t : p.threads()) {
                int lwpid = t.lwpid() >= 0 ? t.lwpid() : lwpids.getOrDefault(t.addr(), -1);
                KernelThread k = new KernelThread(t.addr(), p.pid(), lwpid, p.name(), t.state(),
                        frames.getOrDefault(t.addr(), List.of()), stackSource.get(t.addr()));
                threads.add(k);
                byAddress.put(t.addr(), k);
            }
            byPid.put(p.pid(), threads);
        }
        for (Map.Entry<Long, List<String>> f : frames.entrySet()) {
            byAddress.computeIfAbsent(f.getKey(), a -> new KernelThread(a, -1, lwpids.getOrDefault(a, -1),
                    names.getOrDefault(a, ""), "", f.getValue(), stackSource.get(a)));
        }
        return new KernelStacks(byAddress, byPid, processes, problems);
    }

    private static <T> List<T> parse(Map<String, CommandOutput> commands, String name, Function<String, List<T>> parser,
                                     List<String> problems) {
        CommandOutput c = commands.get(name);
        if (c == null || !c.stdout().present()) {
            return List.of();
        }
        try {
            return parser.apply(c.stdout().value());
        } catch (ParseException e) {
            problems.add(c.stdout().path() + ": unparseable: " + e.getMessage());
            return List.of();
        }
    }

    /** The thread at a kthread_t address ({@code pr_addr}), or null. */
    KernelThread thread(long address) {
        return address == -1 ? null : byAddress.get(address);
    }

    /** The threads {@code ::ps -t} lists for a process, in its order; empty when it was not run or lists none. */
    List<KernelThread> threadsOf(int pid) {
        return byPid.getOrDefault(pid, List.of());
    }

    /** The process {@code ::ps -t} shows for a pid, or null. */
    MdbParser.Process process(int pid) {
        return processes.get(pid);
    }

    /** The pids {@code ::ps -t} lists. */
    Set<Integer> pids() {
        return byPid.keySet();
    }

    boolean isEmpty() {
        return byAddress.isEmpty();
    }

    List<String> problems() {
        return problems;
    }
}
