package io.procsnap.replay.model;

import io.procsnap.format.Entry;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.ArchivePath.Stream;
import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.format.layout.CommandStatus;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.StatfsRecord;
import io.procsnap.replay.parse.DmesgLine;
import io.procsnap.replay.parse.HungTask;
import io.procsnap.replay.parse.KernelLogParser;
import io.procsnap.replay.parse.MsgQueue;
import io.procsnap.replay.parse.MountInfo;
import io.procsnap.replay.parse.ParseException;
import io.procsnap.replay.parse.Pressure;
import io.procsnap.replay.parse.TcpSocket;
import io.procsnap.replay.parse.TxgRow;
import io.procsnap.replay.parse.ZfsListRow;
import io.procsnap.replay.parse.ZfsParser;
import io.procsnap.replay.parse.ZpoolListRow;
import io.procsnap.replay.parse.ZpoolStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** Turns what a {@link SnapshotAssembler} collected into the model records. */
final class SnapshotBuilder {
    private final SnapshotAssembler a;

    SnapshotBuilder(SnapshotAssembler assembler) {
        this.a = assembler;
    }

    List<ProcessInfo> processes() {
        List<ProcessInfo> out = new ArrayList<>(a.tids.size());
        for (Map.Entry<Integer, TreeSet<Integer>> e : a.tids.entrySet()) {
            out.add(process(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The parsed value of a row of the file table below {@code directory}. */
    private <T> Sourced<T> get(String directory, KernelFile file) {
        return a.get(ArchivePath.under(directory, file));
    }

    private ProcessInfo process(int pid, TreeSet<Integer> tidSet) {
        String base = ArchivePath.processDirectory(pid);
        EntryRef dir = a.refOf(base);
        Entry dirEntry = a.entries.get(base);
        long uid = dirEntry == null ? -1 : dirEntry.header().uid();
        long gid = dirEntry == null ? -1 : dirEntry.header().gid();
        List<ThreadInfo> threads = new ArrayList<>(tidSet.size());
        for (int tid : tidSet) {
            threads.add(thread(pid, tid));
        }
        if (threads.isEmpty() && a.entries.containsKey(ArchivePath.under(base, KernelFile.PROCESS_STAT))) {
            // No task directories captured: the process-level files describe the leader thread.
            threads.add(new ThreadInfo(pid, pid, dir, get(base, KernelFile.PROCESS_STATUS),
                    List.of(new TaskSample(0, get(base, KernelFile.PROCESS_STAT), get(base, KernelFile.PROCESS_WCHAN),
                            get(base, KernelFile.PROCESS_SYSCALL), get(base, KernelFile.PROCESS_STACK)))));
        }
        List<FdLink> fds = new ArrayList<>();
        String fdDirectory = ArchivePath.under(base, KernelFile.FDS);
        for (int fd : a.fds.getOrDefault(pid, new TreeSet<>())) {
            Sourced<String> link = a.get(ArchivePath.under(fdDirectory, Integer.toString(fd)));
            fds.add(new FdLink(fd, link.value(), link.source()));
        }
        return new ProcessInfo(pid, dir, uid, gid, get(base, KernelFile.PROCESS_STAT), get(base, KernelFile.PROCESS_STATUS),
                get(base, KernelFile.CMDLINE), get(base, KernelFile.PROCESS_WCHAN), get(base, KernelFile.PROCESS_SYSCALL),
                get(base, KernelFile.PROCESS_STACK), get(base, KernelFile.CGROUP), get(base, KernelFile.IO),
                get(base, KernelFile.LIMITS), get(base, KernelFile.STATM), get(base, KernelFile.PROCESS_SCHED),
                get(base, KernelFile.OOM_SCORE), get(base, KernelFile.EXE), get(base, KernelFile.CWD), fds, threads);
    }

    private ThreadInfo thread(int pid, int tid) {
        String main = ArchivePath.threadDirectory(pid, tid);
        List<TaskSample> samples = new ArrayList<>();
        for (int k = 0, last = a.mainPassOnly ? 0 : a.maxSample; k <= last; k++) {
            String base = k == 0 ? main : ArchivePath.inSample(k, main);
            if (k > 0 && !a.entries.containsKey(ArchivePath.under(base, KernelFile.THREAD_STAT))
                    && !a.entries.containsKey(ArchivePath.under(base, KernelFile.THREAD_WCHAN))
                    && !a.entries.containsKey(base)) {
                continue;
            }
            samples.add(new TaskSample(k, get(base, KernelFile.THREAD_STAT), get(base, KernelFile.THREAD_WCHAN),
                    get(base, KernelFile.THREAD_SYSCALL), get(base, KernelFile.THREAD_STACK)));
        }
        return new ThreadInfo(pid, tid, a.refOf(main), get(main, KernelFile.THREAD_STATUS), samples);
    }

    /** The processes of a SunOS capture (psinfo, lpsinfo, lwp/*, the mdb stacks). */
    List<ProcessInfo> sunosProcesses(SunosHost host, Map<String, CommandOutput> commands, int clockTicks, int pageSize) {
        return new SunosProcesses(a, host, KernelStacks.of(commands), clockTicks, pageSize).processes();
    }

    /**
     * SysV IPC of a SunOS capture: the message queues from {@code ipcs -qaA}; the queue's own byte limit
     * (QBYTES) stands for msgmnb when all queues share one; semaphores and shared memory are not read.
     */
    IpcState sunosIpc(Map<String, CommandOutput> commands) {
        Sourced<List<io.procsnap.replay.parse.sunos.SunosStatParser.MsgQueue>> rows = commandParse(commands,
                BuiltinCommand.IPCS, io.procsnap.replay.parse.sunos.SunosStatParser::ipcsQueues);
        Sourced<List<MsgQueue>> queues = rows.map(rs -> rs.stream().map(SnapshotBuilder::msgQueue).toList());
        Sourced<Long> qbytes = rows.map(rs -> rs.stream().map(r -> r.qbytes()).distinct().count() == 1
                && rs.get(0).qbytes() > 0 ? rs.get(0).qbytes() : null);
        EntryRef none = EntryRef.missing(BuiltinCommand.IPCS.path(Stream.STDOUT));
        IpcLimits limits = new IpcLimits(qbytes, Sourced.absent(none), Sourced.absent(none), Sourced.absent(none),
                Sourced.absent(none), Sourced.absent(none), Sourced.absent(none));
        return new IpcState(queues, Sourced.unavailable(none, "not read on SunOS"),
                Sourced.unavailable(none, "not read on SunOS"), limits);
    }

    private static MsgQueue msgQueue(io.procsnap.replay.parse.sunos.SunosStatParser.MsgQueue q) {
        return new MsgQueue(q.key(), q.id(), perms(q.mode()), q.cbytes(), q.qnum(), q.lspid(), q.lrpid(), -1, -1, -1, -1,
                -1, -1, -1);
    }

    /** {@code --rw-rw-rw-} (ipcs MODE: two flag letters, then rwx triplets) -> 0666. */
    static int perms(String mode) {
        String m = mode.length() >= 9 ? mode.substring(mode.length() - 9) : "";
        int bits = 0;
        for (int i = 0; i < m.length(); i++) {
            bits = bits << 1 | (m.charAt(i) == '-' ? 0 : 1);
        }
        return bits;
    }

    IpcState ipc() {
        IpcLimits limits = new IpcLimits(get(KernelFile.MSGMNB), get(KernelFile.MSGMAX), get(KernelFile.MSGMNI),
                get(KernelFile.SEM_LIMITS), get(KernelFile.SHMMAX), get(KernelFile.SHMALL), get(KernelFile.SHMMNI));
        return new IpcState(get(KernelFile.SYSVIPC_MSG), get(KernelFile.SYSVIPC_SEM), get(KernelFile.SYSVIPC_SHM), limits);
    }

    /** The parsed value of a system-wide row of the file table. */
    private <T> Sourced<T> get(KernelFile systemFile) {
        return a.get(systemFile.path());
    }

    List<Mount> mounts() {
        Sourced<List<MountInfo>> info = get(KernelFile.MOUNTINFO);
        List<Mount> out = new ArrayList<>();
        if (info.present()) {
            for (MountInfo m : info.value()) {
                out.add(new Mount(m, info.source(), a.get(ArchivePath.statfs(m.line()))));
            }
        }
        return out;
    }

    List<FsUsage> fsUsage() {
        Sourced<List<MountInfo>> info = get(KernelFile.MOUNTINFO);
        Map<Integer, MountInfo> byLine = new HashMap<>();
        if (info.present()) {
            info.value().forEach(m -> byLine.put(m.line(), m));
        }
        List<FsUsage> out = new ArrayList<>();
        for (int k : a.statfsLines) {
            Sourced<StatfsRecord> statfs = a.get(ArchivePath.statfs(k));
            MountInfo m = byLine.get(k);
            String mountPoint = statfs.present() && statfs.value().mountPoint() != null ? statfs.value().mountPoint()
                    : m != null ? m.mountPoint() : "?";
            String fstype = statfs.present() && statfs.value().fstype() != null ? statfs.value().fstype()
                    : m != null ? m.fstype() : "?";
            out.add(new FsUsage(k, mountPoint, fstype, statfs));
        }
        return out;
    }

    Map<String, CommandOutput> commands() {
        Map<String, CommandOutput> out = new TreeMap<>();
        for (String name : a.commands) {
            out.put(name, new CommandOutput(name, a.get(ArchivePath.command(name, Stream.STDOUT)),
                    a.get(ArchivePath.command(name, Stream.STDERR)), a.get(ArchivePath.command(name, Stream.STATUS))));
        }
        return out;
    }

    ZfsState zfs(Map<String, CommandOutput> commands) {
        ZfsForms.Listed<ZpoolListRow> listed = ZfsForms.pools(commands, this::commandParse);
        Sourced<List<ZpoolListRow>> list = listed.rows();
        Sourced<List<ZpoolStatus>> status = commandParse(commands, BuiltinCommand.ZPOOL_STATUS, ZfsParser::zpoolStatus);
        ZfsForms.Listed<ZfsListRow> datasets = ZfsForms.datasets(commands, this::commandParse);
        TreeSet<String> names = new TreeSet<>(a.kstatPools);
        if (list.present()) {
            list.value().forEach(r -> names.add(r.name()));
        }
        if (status.present()) {
            status.value().forEach(s -> names.add(s.pool()));
        }
        List<ZfsPool> pools = new ArrayList<>();
        for (String name : names) {
            Sourced<ZpoolListRow> row = pick(list, r -> r.name().equals(name));
            Sourced<ZpoolStatus> st = pick(status, s -> s.pool().equals(name));
            String kstat = ArchivePath.under(KernelFile.ZFS_POOLS.path(), name);
            Sourced<String> state = get(kstat, KernelFile.ZFS_POOL_STATE);
            Sourced<List<TxgRow>> txgs = get(kstat, KernelFile.ZFS_POOL_TXGS);
            pools.add(new ZfsPool(name, row, st, state, txgs, listed.form()));
        }
        return new ZfsState(pools, datasets.rows(), datasets.form());
    }

    /** Parses a command's stdout when the command ran to completion; else says why not. */
    <T> Sourced<T> commandParse(Map<String, CommandOutput> commands, BuiltinCommand command, Function<String, T> parser) {
        return commandParse(commands, command.commandName(), parser);
    }

    /** {@link #commandParse(Map, BuiltinCommand, Function)} by the name under {@code cmd/}. */
    <T> Sourced<T> commandParse(Map<String, CommandOutput> commands, String name, Function<String, T> parser) {
        CommandOutput c = commands.get(name);
        if (c == null) {
            return Sourced.absent(EntryRef.missing(ArchivePath.command(name, Stream.STDOUT)));
        }
        EntryRef ref = c.stdout().source();
        if (c.status().present()) {
            CommandStatus s = c.status().value();
            if (!s.found()) {
                return Sourced.unavailable(ref, name + " was not found on PATH");
            }
            if (s.timedOut() || s.leftBehind()) {
                return Sourced.unavailable(ref, name + (s.leftBehind() ? " hung and was left behind" : " timed out"));
            }
        }
        if (!c.stdout().present()) {
            return Sourced.absent(ref);
        }
        try {
            return Sourced.of(parser.apply(c.stdout().value()), ref);
        } catch (ParseException e) {
            return Sourced.unparseable(ref, e.getMessage());
        }
    }

    private static <T> Sourced<T> pick(Sourced<List<T>> all, java.util.function.Predicate<T> match) {
        if (!all.present()) {
            return new Sourced<>(null, all.source(), all.problem());
        }
        return all.value().stream().filter(match).findFirst().map(v -> Sourced.of(v, all.source()))
                .orElseGet(() -> Sourced.unavailable(all.source(), "pool not listed"));
    }

    SystemInfo system(Map<String, CommandOutput> commands) {
        Map<String, Sourced<Pressure>> pressure = new TreeMap<>();
        for (KernelFile psi : SnapshotAssembler.PRESSURE) {
            if (a.entries.containsKey(psi.path())) {
                pressure.put(psi.path().substring(psi.path().lastIndexOf('/') + 1), get(psi));
            }
        }
        Sourced<List<TcpSocket>> tcp4 = get(KernelFile.NET_TCP);
        Sourced<List<TcpSocket>> tcp6 = get(KernelFile.NET_TCP6);
        Sourced<List<TcpSocket>> tcp = tcp4;
        if (tcp4.present() && tcp6.present()) {
            List<TcpSocket> both = new ArrayList<>(tcp4.value());
            both.addAll(tcp6.value());
            tcp = Sourced.of(List.copyOf(both), tcp4.source());
        }
        CommandOutput dmesgCommand = commands.get(BuiltinCommand.DMESG.commandName());
        Sourced<List<DmesgLine>> dmesg = dmesgCommand == null
                ? Sourced.absent(EntryRef.missing(BuiltinCommand.DMESG.path(Stream.STDOUT)))
                : dmesgCommand.stdout().map(KernelLogParser::lines);
        Sourced<List<HungTask>> hung = dmesg.map(KernelLogParser::hungTasks);
        return new SystemInfo(get(KernelFile.UPTIME), get(KernelFile.LOADAVG), get(KernelFile.MEMINFO),
                get(KernelFile.KERNEL_STAT), pressure, get(KernelFile.NET_UNIX), tcp, get(KernelFile.LOCKS), dmesg, hung);
    }
}
