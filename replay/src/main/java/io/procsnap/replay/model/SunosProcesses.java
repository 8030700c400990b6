package io.procsnap.replay.model;

import io.procsnap.format.Entry;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.parse.ProcStat;
import io.procsnap.replay.parse.ProcStatus;
import io.procsnap.replay.parse.StackFrame;
import io.procsnap.replay.parse.Syscall;
import io.procsnap.replay.parse.sunos.AbiHints;
import io.procsnap.replay.parse.sunos.LwpArray;
import io.procsnap.replay.parse.sunos.Lwpsinfo;
import io.procsnap.replay.parse.sunos.Lwpstatus;
import io.procsnap.replay.parse.sunos.MdbParser;
import io.procsnap.replay.parse.sunos.Psinfo;
import io.procsnap.replay.parse.sunos.Pstatus;
import io.procsnap.replay.parse.sunos.SunosProcParser;
import io.procsnap.replay.parse.sunos.Timestruc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The processes and LWPs of a SunOS capture in the model's terms: {@code proc/PID/psinfo} (else
 * {@code mdb ::ps -t}) gives a process's stat and status, {@code lpsinfo} / {@code lwp/LWPID/lwpsinfo} its
 * LWPs, {@code status} / {@code lstatus} / {@code lwpstatus} the system call arguments and CPU times, and
 * the mdb stacks the wait channel: an LWP's {@code pr_wchan} is an address, symbolised as the wait site of
 * the stack of its kernel thread ({@code pr_addr}) where mdb printed one ({@code txg_wait_open}), else
 * printed in hex as mdb prints addresses. Values keep the path of the file they came from.
 *
 * <p>A process whose psinfo read hung (p_lock) is still there: its directory entry lists it, and
 * {@code ::ps -t} with {@code ::findstack -v} give its threads and where they sleep.
 */
final class SunosProcesses {
    static final String PSINFO = KernelFile.PSINFO.file();
    static final String LPSINFO = KernelFile.LPSINFO.file();
    static final String STATUS = KernelFile.PSTATUS.file();
    static final String LSTATUS = KernelFile.LSTATUS.file();
    static final String LWPSINFO = KernelFile.LWPSINFO.file();
    static final String LWPSTATUS = KernelFile.LWPSTATUS.file();
    /** {@code path/a.out}, {@code path/cwd} and the {@code path/N} fd links. */
    static final String PATH = KernelFile.PATHS.file();

    /** SSYS in pr_flag: a system process. */
    private static final int SSYS = 0x1;

    private final SnapshotAssembler a;
    private final AbiHints hints;
    private final KernelStacks kernel;
    private final int clockTicks;
    private final int pageSize;

    SunosProcesses(SnapshotAssembler assembler, SunosHost host, KernelStacks kernel, int clockTicks, int pageSize) {
        this.a = assembler;
        this.hints = host.hints();
        this.kernel = kernel;
        this.clockTicks = clockTicks;
        this.pageSize = pageSize;
    }

    /** The files {@link #isSunosFile} can be true of by their name alone (besides those below {@link #LWP_SLASH}). */
    static final List<String> FILES_BY_NAME = List.of(PSINFO, LPSINFO, LSTATUS, STATUS);
    /** {@code lwp/}: a SunOS process's per-LWP directories. */
    static final String LWP_SLASH = KernelFile.LWPS.file() + "/";

    /** True for a file below {@code proc/PID} that only SunOS has, kept raw for this class. */
    static boolean isSunosFile(String underProcess, byte[] bytes) {
        if (underProcess.equals(PSINFO) || underProcess.equals(LPSINFO) || underProcess.equals(LSTATUS)) {
            return true;
        }
        if (underProcess.equals(STATUS)) {
            for (byte b : bytes) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
        return underProcess.startsWith(LWP_SLASH);
    }

    /** The LWPID of {@code lwp/LWPID/...}, else -1. */
    static int lwpOf(ArchivePath.ProcessFile file) {
        ArchivePath.LwpFile lwp = ArchivePath.lwpFile(file);
        return lwp == null ? -1 : lwp.lwpid();
    }

    List<ProcessInfo> processes() {
        List<ProcessInfo> out = new ArrayList<>(a.tids.size());
        for (int pid : a.tids.keySet()) {
            out.add(process(pid));
        }
        return out;
    }

    private String file(int pid, String name) {
        return ArchivePath.under(ArchivePath.processDirectory(pid), name);
    }

    private <T> Sourced<T> parse(String path, BiFunction<byte[], AbiHints, T> parser) {
        EntryRef ref = a.refOf(path);
        byte[] bytes = a.sunosFiles.get(path);
        if (!ref.usable() || bytes == null) {
            return Sourced.absent(ref);
        }
        try {
            return Sourced.of(parser.apply(bytes, hints), ref);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Sourced.unparseable(ref, String.valueOf(e.getMessage()));
        }
    }

    private ProcessInfo process(int pid) {
        String base = ArchivePath.processDirectory(pid);
        EntryRef dir = a.refOf(base);
        Entry dirEntry = a.entries.get(base);
        long uid = dirEntry == null ? -1 : dirEntry.header().uid();
        long gid = dirEntry == null ? -1 : dirEntry.header().gid();
        Sourced<Psinfo> psinfo = parse(file(pid, PSINFO), SunosProcParser::psinfo);
        Sourced<LwpArray<Lwpsinfo>> lpsinfo = parse(file(pid, LPSINFO), SunosProcParser::lpsinfo);
        Sourced<Pstatus> pstatus = parse(file(pid, STATUS), SunosProcParser::pstatus);
        Sourced<LwpArray<Lwpstatus>> lstatus = parse(file(pid, LSTATUS), SunosProcParser::lstatus);
        MdbParser.Process mdb = kernel.process(pid);
        EntryRef mdbRef = a.refOf(ArchivePath.command(BuiltinCommand.MDB_PS.commandName(), ArchivePath.Stream.STDOUT));

        Sourced<ProcStat> stat;
        Sourced<ProcStatus> status;
        if (psinfo.present()) {
            Psinfo p = psinfo.value();
            Timestruc[] cpu = pstatus.present() ? new Timestruc[] {pstatus.value().utime(), pstatus.value().stime()}
                    : new Timestruc[] {p.time(), Timestruc.ZERO};
            stat = Sourced.of(stat(p, p.lwp(), p.fname(), cpu), psinfo.source());
            status = Sourced.of(status(p, p.fname(), p.lwp().sname()), psinfo.source());
        } else if (mdb != null) {
            char state = mdb.threads().isEmpty() ? '?' : stateOf(mdb.threads().get(0).state());
            stat = Sourced.of(new ProcStat(pid, mdb.name(), state, mdb.ppid(), mdb.pgid(), mdb.sid(), 0, 0, -1, -1, -1,
                    -1, -1, -1, -1, -1, mdb.threads().size(), -1, -1, -1, -1, -1, 0), mdbRef);
            status = Sourced.of(new ProcStatus(mdb.name(), state, stateText(state), pid, pid, mdb.ppid(),
                    List.of(mdb.uid()), List.of(), mdb.threads().size(), -1, -1, -1, -1, ""), mdbRef);
        } else {
            stat = new Sourced<>(null, psinfo.source(), psinfo.problem());
            status = new Sourced<>(null, psinfo.source(), psinfo.problem());
        }
        Sourced<List<String>> cmdline = psinfo.map(p -> p.psargs().isBlank() ? List.<String>of()
                : Arrays.asList(p.psargs().strip().split("\\s+")));

        List<ThreadInfo> threads = threads(pid, psinfo, lpsinfo, lstatus, pstatus);
        ThreadInfo representative = threads.isEmpty() ? null : threads.get(0);
        if (psinfo.present()) {
            int rep = psinfo.value().lwp().lwpid();
            representative = threads.stream().filter(t -> t.tid() == rep).findFirst().orElse(representative);
        }
        Sourced<String> wchan = representative == null ? Sourced.absent(psinfo.source()) : representative.wchan();
        Sourced<Syscall> syscall = representative == null ? Sourced.absent(psinfo.source()) : representative.syscall();
        Sourced<List<StackFrame>> stack = representative == null ? Sourced.absent(psinfo.source())
                : representative.stack();
        List<FdLink> fds = new ArrayList<>();
        String fdDirectory = file(pid, PATH);
        for (int fd : a.fds.getOrDefault(pid, new TreeSet<>())) {
            Sourced<String> link = a.get(ArchivePath.under(fdDirectory, Integer.toString(fd)));
            fds.add(new FdLink(fd, link.value(), link.source()));
        }
        return new ProcessInfo(pid, dir, uid, gid, stat, status, cmdline, wchan, syscall, stack,
                notOnSunos(pid, KernelFile.CGROUP), notOnSunos(pid, KernelFile.IO), notOnSunos(pid, KernelFile.LIMITS),
                notOnSunos(pid, KernelFile.STATM), notOnSunos(pid, KernelFile.PROCESS_SCHED),
                notOnSunos(pid, KernelFile.OOM_SCORE),
                a.get(file(pid, PATH + "/a.out")), a.get(file(pid, PATH + "/cwd")), fds, threads);
    }

    /** A Linux file SunOS has no equivalent of: never captured, and says so. */
    private static <T> Sourced<T> notOnSunos(int pid, KernelFile linuxFile) {
        return Sourced.unavailable(EntryRef.missing(ArchivePath.under(ArchivePath.processDirectory(pid), linuxFile)),
                "a Linux file, not on SunOS");
    }

    /** One LWP's sources: its lwpsinfo (own file, lpsinfo entry or psinfo's pr_lwp) and lwpstatus. */
    private record LwpFiles(Sourced<Lwpsinfo> info, Sourced<Lwpstatus> status, KernelStacks.KernelThread kernel) {
    }

    private List<ThreadInfo> threads(int pid, Sourced<Psinfo> psinfo, Sourced<LwpArray<Lwpsinfo>> lpsinfo,
                                     Sourced<LwpArray<Lwpstatus>> lstatus, Sourced<Pstatus> pstatus) {
        Map<Integer, LwpFiles> lwps = new LinkedHashMap<>();
        TreeSet<Integer> ids = new TreeSet<>(a.tids.getOrDefault(pid, new TreeSet<>()));
        if (lpsinfo.present()) {
            lpsinfo.value().entries().forEach(l -> ids.add(l.lwpid()));
        }
        if (ids.isEmpty() && psinfo.present() && psinfo.value().lwp().lwpid() > 0) {
            ids.add(psinfo.value().lwp().lwpid());
        }
        List<KernelStacks.KernelThread> mdbThreads = kernel.threadsOf(pid);
        for (int i = 0; i < mdbThreads.size(); i++) {
            KernelStacks.KernelThread k = mdbThreads.get(i);
            // ::ps -t without L lines and ::findstack without "(name/lwpid)": LWPs in list order
            int id = k.lwpid() >= 0 ? k.lwpid() : i + 1;
            if (ids.isEmpty() || !lpsinfo.present() && !psinfo.present()) {
                ids.add(id);
            }
        }
        for (int id : ids) {
            String dir = ArchivePath.lwpDirectory(pid, id);
            Sourced<Lwpsinfo> info = parse(ArchivePath.under(dir, LWPSINFO), SunosProcParser::lwpsinfo);
            if (!info.present() && lpsinfo.present()) {
                info = pick(lpsinfo, id, Lwpsinfo::lwpid).orElse(info);
            }
            if (!info.present() && psinfo.present() && psinfo.value().lwp().lwpid() == id) {
                info = Sourced.of(psinfo.value().lwp(), psinfo.source());
            }
            Sourced<Lwpstatus> st = parse(ArchivePath.under(dir, LWPSTATUS), SunosProcParser::lwpstatus);
            if (!st.present() && lstatus.present()) {
                st = pick(lstatus, id, Lwpstatus::lwpid).orElse(st);
            }
            if (!st.present() && pstatus.present() && pstatus.value().lwp().lwpid() == id) {
                st = Sourced.of(pstatus.value().lwp(), pstatus.source());
            }
            KernelStacks.KernelThread k = info.present() ? kernel.thread(info.value().addr()) : null;
            for (int i = 0; k == null && i < mdbThreads.size(); i++) {
                KernelStacks.KernelThread m = mdbThreads.get(i);
                if ((m.lwpid() >= 0 ? m.lwpid() : i + 1) == id) {
                    k = m;
                }
            }
            lwps.put(id, new LwpFiles(info, st, k));
        }
        List<ThreadInfo> out = new ArrayList<>();
        for (Map.Entry<Integer, LwpFiles> e : lwps.entrySet()) {
            out.add(thread(pid, e.getKey(), e.getValue(), psinfo));
        }
        return out;
    }

    private static <T> java.util.Optional<Sourced<T>> pick(Sourced<LwpArray<T>> array, int id,
                                                            java.util.function.ToIntFunction<T> lwpid) {
        return array.value().entries().stream().filter(x -> lwpid.applyAsInt(x) == id).findFirst()
                .map(x -> Sourced.of(x, array.source()));
    }

    private ThreadInfo thread(int pid, int lwpid, LwpFiles f, Sourced<Psinfo> psinfo) {
        String dir = ArchivePath.lwpDirectory(pid, lwpid);
        EntryRef dirRef = a.entries.containsKey(dir) ? a.refOf(dir) : EntryRef.missing(dir);
        KernelStacks.KernelThread k = f.kernel();
        String stackPath = k != null && k.stackSource() != null ? k.stackSource()
                : ArchivePath.command(BuiltinCommand.MDB_FINDSTACK.commandName(), ArchivePath.Stream.STDOUT);
        Sourced<List<StackFrame>> stack = k != null && !k.frames().isEmpty()
                ? Sourced.of(k.stackFrames(), a.refOf(stackPath)) : Sourced.absent(a.refOf(stackPath));
        String site = k == null ? "" : k.site();
        Sourced<ProcStat> stat;
        Sourced<ProcStatus> status;
        Sourced<String> wchan;
        Sourced<Syscall> syscall;
        if (f.info().present()) {
            Lwpsinfo l = f.info().value();
            Psinfo p = psinfo.value();
            String comm = !l.name().isBlank() ? l.name() : p != null ? p.fname() : k != null ? k.processName() : "?";
            Timestruc[] cpu = f.status().present() ? new Timestruc[] {f.status().value().utime(), f.status().value().stime()}
                    : new Timestruc[] {l.time(), Timestruc.ZERO};
            stat = Sourced.of(stat(p, l, comm, cpu), f.info().source());
            status = p == null ? Sourced.absent(f.info().source()) : Sourced.of(status(p, comm, l.sname()), f.info().source());
            wchan = Sourced.of(!site.isEmpty() ? site : l.wchanHex(), f.info().source());
            syscall = Sourced.of(syscall(l.sname(), l.syscall(), f.status()), f.info().source());
        } else if (k != null) {
            EntryRef mdbRef = a.refOf(ArchivePath.command(BuiltinCommand.MDB_PS.commandName(), ArchivePath.Stream.STDOUT));
            char state = stateOf(k.state());
            stat = Sourced.of(new ProcStat(pid, k.processName(), state, -1, -1, -1, 0, 0, -1, -1, -1, -1, -1, -1, -1,
                    -1, -1, -1, -1, -1, -1, -1, 0), mdbRef);
            status = Sourced.absent(f.info().source());
            wchan = Sourced.of(site, a.refOf(stackPath));
            syscall = f.status().present() ? f.status().map(s -> syscall(state, s.syscall(), f.status()))
                    : Sourced.absent(f.status().source());
        } else {
            stat = new Sourced<>(null, f.info().source(), f.info().problem());
            status = new Sourced<>(null, f.info().source(), f.info().problem());
            wchan = new Sourced<>(null, f.info().source(), f.info().problem());
            syscall = Sourced.absent(f.status().source());
        }
        return new ThreadInfo(pid, lwpid, dirRef, status, List.of(new TaskSample(0, stat, wchan, syscall, stack)));
    }

    private static Syscall syscall(char sname, int number, Sourced<Lwpstatus> status) {
        if (sname == 'O') {
            return new Syscall(Syscall.Kind.RUNNING, -1, List.of(), -1, -1);
        }
        if (number <= 0) {
            return new Syscall(Syscall.Kind.NOT_IN_SYSCALL, -1, List.of(), -1, -1);
        }
        List<Long> args = status.present() && status.value().syscall() == number ? status.value().sysargs() : List.of();
        return new Syscall(Syscall.Kind.IN_SYSCALL, number, args, -1, -1);
    }

    /** psinfo/lwpsinfo as a stat line: times in clock ticks, sizes in bytes and pages, unknowns -1. */
    private ProcStat stat(Psinfo p, Lwpsinfo l, String comm, Timestruc[] cpu) {
        int pid = p != null ? p.pid() : -1;
        long flags = p != null && (p.flag() & SSYS) != 0 ? ProcStat.PF_KTHREAD : 0;
        return new ProcStat(pid, comm, stateOf(l.sname()), p == null ? -1 : p.ppid(), p == null ? -1 : p.pgid(),
                p == null ? -1 : p.sid(), p == null || p.ttydev() < 0 ? 0 : (int) p.ttydev(), flags, -1, -1,
                ticks(cpu[0]), ticks(cpu[1]), -1, -1, l.pri(), l.nice() - 20, p == null ? -1 : p.nlwp(), -1,
                p == null || p.sizeKb() < 0 ? -1 : p.sizeKb() * 1024, p == null || p.rssKb() < 0 ? -1 : p.rssKb() * 1024 / pageSize,
                l.onpro(), -1, 0);
    }

    private static ProcStatus status(Psinfo p, String name, char sname) {
        char state = stateOf(sname);
        return new ProcStatus(name, state, stateText(state), p.pid(), p.pid(), p.ppid(), List.of(p.uid(), p.euid()),
                List.of(p.gid(), p.egid()), p.nlwp(), p.rssKb(), p.sizeKb(), -1, -1, "");
    }

    private long ticks(Timestruc t) {
        long ms = t.millis();
        return ms < 0 || ms == Long.MAX_VALUE ? -1 : ms * clockTicks / 1000;
    }

    /** pr_sname as the model's state letter: O (on a CPU) is R; S, R, Z, T, I, W as they are. */
    static char stateOf(char sname) {
        return sname == 'O' ? 'R' : sname == 0 ? '?' : sname;
    }

    /** mdb's TS_* thread states as a state letter. */
    static char stateOf(String tsState) {
        return switch (tsState) {
            case "TS_SLEEP" -> 'S';
            case "TS_RUN", "TS_ONPROC" -> 'R';
            case "TS_ZOMB" -> 'Z';
            case "TS_STOPPED" -> 'T';
            case "TS_WAIT" -> 'W';
            default -> '?';
        };
    }

    private static String stateText(char state) {
        return state + switch (state) {
            case 'S' -> " (sleeping)";
            case 'R' -> " (running)";
            case 'Z' -> " (zombie)";
            case 'T' -> " (stopped)";
            case 'W' -> " (waiting for a CPU cap)";
            case 'I' -> " (idle)";
            default -> "";
        };
    }
}
