package io.procsnap.replay.model;

import io.procsnap.format.Entry;
import io.procsnap.replay.parse.CommandStatus;
import io.procsnap.replay.parse.DmesgLine;
import io.procsnap.replay.parse.HungTask;
import io.procsnap.replay.parse.KernelLogParser;
import io.procsnap.replay.parse.MountInfo;
import io.procsnap.replay.parse.ParseException;
import io.procsnap.replay.parse.Pressure;
import io.procsnap.replay.parse.Statfs;
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

    private ProcessInfo process(int pid, TreeSet<Integer> tidSet) {
        String base = ArchivePaths.process(pid);
        EntryRef dir = a.refOf(base);
        Entry dirEntry = a.entries.get(base);
        long uid = dirEntry == null ? -1 : dirEntry.header().uid();
        long gid = dirEntry == null ? -1 : dirEntry.header().gid();
        List<ThreadInfo> threads = new ArrayList<>(tidSet.size());
        for (int tid : tidSet) {
            threads.add(thread(pid, tid));
        }
        if (threads.isEmpty() && a.entries.containsKey(base + "/stat")) {
            // No task directories captured: the process-level files describe the leader thread.
            threads.add(new ThreadInfo(pid, pid, dir, a.get(base + "/status"),
                    List.of(new TaskSample(0, a.get(base + "/stat"), a.get(base + "/wchan"), a.get(base + "/syscall"),
                            a.get(base + "/stack")))));
        }
        List<FdLink> fds = new ArrayList<>();
        for (int fd : a.fds.getOrDefault(pid, new TreeSet<>())) {
            Sourced<String> link = a.get(base + "/fd/" + fd);
            fds.add(new FdLink(fd, link.value(), link.source()));
        }
        return new ProcessInfo(pid, dir, uid, gid, a.get(base + "/stat"), a.get(base + "/status"),
                a.get(base + "/cmdline"), a.get(base + "/wchan"), a.get(base + "/syscall"), a.get(base + "/stack"),
                a.get(base + "/cgroup"), a.get(base + "/io"), a.get(base + "/limits"), a.get(base + "/statm"),
                a.get(base + "/sched"), a.get(base + "/oom_score"), a.get(base + "/exe"), a.get(base + "/cwd"), fds,
                threads);
    }

    private ThreadInfo thread(int pid, int tid) {
        String main = ArchivePaths.thread(0, pid, tid);
        List<TaskSample> samples = new ArrayList<>();
        for (int k = 0; k <= a.maxSample; k++) {
            String base = ArchivePaths.thread(k, pid, tid);
            if (k > 0 && !a.entries.containsKey(base + "/stat") && !a.entries.containsKey(base + "/wchan")
                    && !a.entries.containsKey(base)) {
                continue;
            }
            samples.add(new TaskSample(k, a.get(base + "/stat"), a.get(base + "/wchan"), a.get(base + "/syscall"),
                    a.get(base + "/stack")));
        }
        return new ThreadInfo(pid, tid, a.refOf(main), a.get(main + "/status"), samples);
    }

    IpcState ipc() {
        String k = "proc/sys/kernel/";
        IpcLimits limits = new IpcLimits(a.get(k + "msgmnb"), a.get(k + "msgmax"), a.get(k + "msgmni"), a.get(k + "sem"),
                a.get(k + "shmmax"), a.get(k + "shmall"), a.get(k + "shmmni"));
        return new IpcState(a.get("proc/sysvipc/msg"), a.get("proc/sysvipc/sem"), a.get("proc/sysvipc/shm"), limits);
    }

    List<Mount> mounts() {
        Sourced<List<MountInfo>> info = a.get("proc/self/mountinfo");
        List<Mount> out = new ArrayList<>();
        if (info.present()) {
            for (MountInfo m : info.value()) {
                out.add(new Mount(m, info.source(), a.get("statfs/" + m.line())));
            }
        }
        return out;
    }

    List<FsUsage> fsUsage() {
        Sourced<List<MountInfo>> info = a.get("proc/self/mountinfo");
        Map<Integer, MountInfo> byLine = new HashMap<>();
        if (info.present()) {
            info.value().forEach(m -> byLine.put(m.line(), m));
        }
        List<FsUsage> out = new ArrayList<>();
        for (int k : a.statfsLines) {
            Sourced<Statfs> statfs = a.get("statfs/" + k);
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
            String base = "cmd/" + name + "/";
            out.put(name, new CommandOutput(name, a.get(base + "stdout"), a.get(base + "stderr"), a.get(base + "status")));
        }
        return out;
    }

    ZfsState zfs(Map<String, CommandOutput> commands) {
        ZfsForms.Listed<ZpoolListRow> listed = ZfsForms.pools(commands, this::commandParse);
        Sourced<List<ZpoolListRow>> list = listed.rows();
        Sourced<List<ZpoolStatus>> status = commandParse(commands, "zpool-status", ZfsParser::zpoolStatus);
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
            String kstat = "proc/spl/kstat/zfs/" + name + "/";
            Sourced<String> state = a.get(kstat + "state");
            Sourced<List<TxgRow>> txgs = a.get(kstat + "txgs");
            pools.add(new ZfsPool(name, row, st, state, txgs, listed.form()));
        }
        return new ZfsState(pools, datasets.rows(), datasets.form());
    }

    /** Parses a command's stdout when the command ran to completion; else says why not. */
    <T> Sourced<T> commandParse(Map<String, CommandOutput> commands, String name, Function<String, T> parser) {
        CommandOutput c = commands.get(name);
        if (c == null) {
            return Sourced.absent(EntryRef.missing("cmd/" + name + "/stdout"));
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
        for (String path : a.entries.keySet()) {
            if (path.startsWith("proc/pressure/") && path.indexOf('/', "proc/pressure/".length()) < 0) {
                pressure.put(path.substring("proc/pressure/".length()), a.get(path));
            }
        }
        Sourced<List<TcpSocket>> tcp4 = a.get("proc/net/tcp");
        Sourced<List<TcpSocket>> tcp6 = a.get("proc/net/tcp6");
        Sourced<List<TcpSocket>> tcp = tcp4;
        if (tcp4.present() && tcp6.present()) {
            List<TcpSocket> both = new ArrayList<>(tcp4.value());
            both.addAll(tcp6.value());
            tcp = Sourced.of(List.copyOf(both), tcp4.source());
        }
        CommandOutput dmesgCommand = commands.get("dmesg");
        Sourced<List<DmesgLine>> dmesg = dmesgCommand == null
                ? Sourced.absent(EntryRef.missing("cmd/dmesg/stdout"))
                : dmesgCommand.stdout().map(KernelLogParser::lines);
        Sourced<List<HungTask>> hung = dmesg.map(KernelLogParser::hungTasks);
        return new SystemInfo(a.get("proc/uptime"), a.get("proc/loadavg"), a.get("proc/meminfo"), a.get("proc/stat"),
                pressure, a.get("proc/net/unix"), tcp, a.get("proc/locks"), dmesg, hung);
    }
}
