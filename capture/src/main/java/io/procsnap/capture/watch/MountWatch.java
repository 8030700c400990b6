package io.procsnap.capture.watch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * statfs of the watched mounts, for hangs ({@code statfs-hang}) and fullness ({@code fs-full}). As in the
 * capture, statfs runs in a {@code stat -f} child that is killed on timeout, never in the watcher's
 * JVM: a thread stuck in the kernel on a dead NFS or FUSE mount would make the watcher itself
 * unkillable. To stay cheap, one child checks every mount together every {@code --statfs-interval}
 * (a spawn costs milliseconds of CPU, reading a procfs file microseconds). When that child does not
 * return in time, its mounts become suspects, each checked by its own child: the ones that time out
 * hang, since the start of the first check. A killed child that still does not exit (stuck
 * uninterruptibly) is never waited for, and that mount is not checked again until it has gone.
 */
final class MountWatch {
    /** Kernel and virtual filesystems: nothing to fill or to hang on a server. */
    static final Set<String> PSEUDO = Set.of("proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs",
            "debugfs", "tracefs", "bpf", "mqueue", "hugetlbfs", "pstore", "configfs", "fusectl", "autofs",
            "binfmt_misc", "efivarfs", "nsfs", "rpc_pipefs", "selinuxfs", "ramfs", "squashfs", "iso9660");
    private static final int MAX_BATCH = 256;
    private static final int MAX_LEFT_BEHIND = 8;

    /** A check in flight: the child, when it started, and since when its mounts are in doubt. */
    private static final class Check {
        final Process process;
        final long started;
        final List<SignalText.Mount> mounts;
        final long since;
        boolean killed;

        Check(Process process, long started, List<SignalText.Mount> mounts, long since) {
            this.process = process;
            this.started = started;
            this.mounts = mounts;
            this.since = since;
        }
    }

    private final List<String> explicit;
    private final String statProgram;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final boolean watchHangs;
    private final double fullPercent;
    private final Set<String> notForFullness;
    private List<SignalText.Mount> mounts = List.of();
    private Check batch;
    private long lastBatch = Long.MIN_VALUE;
    /** Mount point -> its own check (null between checks); the since of a suspect is when doubt began. */
    private final Map<String, Check> suspects = new LinkedHashMap<>();
    private final Map<String, Long> suspectSince = new HashMap<>();
    private final Map<String, Long> hungSince = new HashMap<>();
    private final Map<String, Condition> full = new HashMap<>();
    private final List<Process> leftBehind = new ArrayList<>();
    private String spawnProblem;

    /**
     * @param explicit       {@code --mount} paths, or null for every mount that is not a pseudo filesystem
     * @param statProgram    path of {@code stat}, or null (then nothing is checked; {@link #problem} says so)
     * @param fullPercent    fs-full threshold, NaN when fs-full is off
     * @param notForFullness space keys ({@link #spaceKey}) never reported full: the watch directory's filesystem
     */
    MountWatch(List<String> explicit, String statProgram, long intervalNanos, long timeoutNanos, boolean watchHangs,
               double fullPercent, Set<String> notForFullness) {
        this.explicit = explicit;
        this.statProgram = statProgram;
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
        this.watchHangs = watchHangs;
        this.fullPercent = fullPercent;
        this.notForFullness = Set.copyOf(notForFullness);
    }

    /** Whether this tick should read mountinfo: a batch is due. */
    boolean wantsMountinfo(long nanos) {
        return statProgram != null && batch == null && (lastBatch == Long.MIN_VALUE || nanos - lastBatch >= intervalNanos);
    }

    /** A standing problem to log once (no stat, too many children left behind), or null. */
    String problem() {
        if (statProgram == null) {
            return "stat(1) not found: statfs-hang and fs-full cannot be watched";
        }
        if (leftBehind.size() >= MAX_LEFT_BEHIND) {
            return leftBehind.size() + " stat -f children are stuck in the kernel after SIGKILL: no new statfs check"
                    + " of a suspect mount until one exits";
        }
        return spawnProblem;
    }

    List<SignalText.Mount> mounts() {
        return mounts;
    }

    void poll(long nanos, String mountinfo, List<Condition> out) {
        if (statProgram == null) {
            return;
        }
        if (mountinfo != null) {
            mounts = select(SignalText.mounts(mountinfo), explicit);
        }
        leftBehind.removeIf(p -> !p.isAlive());
        pollBatch(nanos);
        pollSuspects(nanos);
        if (batch == null && (lastBatch == Long.MIN_VALUE || nanos - lastBatch >= intervalNanos)) {
            List<SignalText.Mount> todo = new ArrayList<>();
            for (SignalText.Mount m : mounts) {
                if (!suspects.containsKey(m.mountPoint()) && todo.size() < MAX_BATCH) {
                    todo.add(m);
                }
            }
            lastBatch = nanos;
            if (!todo.isEmpty()) {
                batch = spawn(todo, nanos, nanos);
            }
        }
        for (SignalText.Mount m : mounts) {
            Long since = hungSince.get(m.mountPoint());
            if (since != null && watchHangs) {
                out.add(Triggers.statfsHang(m, since, nanos, timeoutNanos));
            }
            Condition c = full.get(m.mountPoint());
            if (c != null) {
                out.add(c);
            }
        }
    }

    private void pollBatch(long nanos) {
        if (batch == null) {
            return;
        }
        if (!batch.process.isAlive()) {
            results(batch, read(batch.process));
            batch = null;
        } else if (nanos - batch.started > timeoutNanos) {
            kill(batch);
            for (SignalText.Mount m : batch.mounts) {
                suspects.putIfAbsent(m.mountPoint(), null);
                suspectSince.putIfAbsent(m.mountPoint(), batch.started);
                if (batch.mounts.size() == 1) {
                    hungSince.putIfAbsent(m.mountPoint(), batch.started);
                }
            }
            batch = null;
        }
    }

    private void pollSuspects(long nanos) {
        for (Iterator<Map.Entry<String, Check>> it = suspects.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Check> e = it.next();
            String point = e.getKey();
            SignalText.Mount mount = find(point);
            Check c = e.getValue();
            if (mount == null) { // unmounted meanwhile
                if (c != null && c.process.isAlive()) {
                    kill(c);
                }
                it.remove();
                forget(point);
                continue;
            }
            if (c == null) {
                if (leftBehind.size() < MAX_LEFT_BEHIND) {
                    e.setValue(spawn(List.of(mount), nanos, suspectSince.getOrDefault(point, nanos)));
                }
            } else if (!c.process.isAlive()) {
                if (c.killed) {
                    e.setValue(null); // it ended after the kill: check again, still in doubt
                } else {
                    results(c, read(c.process));
                    it.remove();
                    suspectSince.remove(point);
                    hungSince.remove(point);
                }
            } else if (!c.killed && nanos - c.started > timeoutNanos) {
                hungSince.putIfAbsent(point, c.since);
                kill(c);
            }
        }
    }

    private void forget(String point) {
        suspectSince.remove(point);
        hungSince.remove(point);
        full.remove(point);
    }

    private void results(Check check, String output) {
        Map<String, SignalText.Statfs> byName = new HashMap<>();
        for (SignalText.Statfs s : SignalText.statfs(output)) {
            byName.put(s.name(), s);
        }
        for (SignalText.Mount m : check.mounts) {
            SignalText.Statfs s = byName.get(m.mountPoint());
            List<Condition> c = s == null || Double.isNaN(fullPercent) || m.readOnly()
                    || notForFullness.contains(spaceKey(m)) ? List.of() : Triggers.fsFull(m, s, fullPercent);
            if (c.isEmpty()) {
                full.remove(m.mountPoint());
            } else {
                full.put(m.mountPoint(), c.get(0));
            }
        }
    }

    private Check spawn(List<SignalText.Mount> todo, long nanos, long since) {
        List<String> cmd = new ArrayList<>(List.of(statProgram, "-f", "-c", SignalText.STATFS_FORMAT, "--"));
        todo.forEach(m -> cmd.add(m.mountPoint()));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("LC_ALL", "C");
            Check c = new Check(pb.start(), nanos, todo, since);
            spawnProblem = null;
            return c;
        } catch (IOException e) {
            spawnProblem = "cannot run " + statProgram + ": " + e.getMessage();
            return null;
        }
    }

    private void kill(Check c) {
        c.killed = true;
        c.process.destroyForcibly();
        leftBehind.add(c.process);
    }

    private static String read(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private SignalText.Mount find(String point) {
        for (SignalText.Mount m : mounts) {
            if (m.mountPoint().equals(point)) {
                return m;
            }
        }
        return null;
    }

    /**
     * The mounts to watch: with {@code --mount} paths, each path with the mount it is on (longest mount
     * point that contains it); otherwise every mount that is not a pseudo filesystem, one per device.
     */
    static List<SignalText.Mount> select(List<SignalText.Mount> all, List<String> explicit) {
        List<SignalText.Mount> out = new ArrayList<>();
        if (explicit != null) {
            for (String path : explicit) {
                SignalText.Mount on = containing(all, path);
                out.add(on == null ? new SignalText.Mount("?", path, false, "?", "?")
                        : new SignalText.Mount(on.majorMinor(), path, on.readOnly(), on.fstype(), on.source()));
            }
            return out;
        }
        java.util.Set<String> devices = new java.util.HashSet<>();
        for (SignalText.Mount m : all) {
            if (!PSEUDO.contains(m.fstype()) && devices.add(m.majorMinor())) {
                out.add(m);
            }
        }
        return out;
    }

    /** The mount {@code path} is on: the last mounted of those with the longest mount point containing it. */
    static SignalText.Mount containing(List<SignalText.Mount> all, String path) {
        SignalText.Mount best = null;
        for (SignalText.Mount m : all) {
            String p = m.mountPoint();
            boolean contains = path.equals(p) || p.equals("/") || path.startsWith(p.endsWith("/") ? p : p + "/");
            if (contains && (best == null || p.length() >= best.mountPoint().length())) {
                best = m;
            }
        }
        return best;
    }

    /**
     * What shares free space: a ZFS pool (all its datasets), a btrfs volume (all its subvolumes), else the
     * device. Two mounts with the same key fill up together.
     */
    static String spaceKey(SignalText.Mount m) {
        if (m.fstype().equals("zfs")) {
            int slash = m.source().indexOf('/');
            return "zfs:" + (slash < 0 ? m.source() : m.source().substring(0, slash));
        }
        if (m.fstype().equals("btrfs")) {
            return "btrfs:" + m.source();
        }
        return "dev:" + m.majorMinor();
    }
}
