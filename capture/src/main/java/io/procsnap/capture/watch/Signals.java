package io.procsnap.capture.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conditions of one tick, from the enabled triggers: the procfs files of the tick read in one
 * batch under {@code --check-timeout} ({@link FileReads}), new kernel-log records ({@link KernelLog}),
 * the mounts ({@link MountWatch}) and the probe ({@link Probe}), which run their children across ticks.
 * Nothing here walks the processes or threads: each tick reads a handful of system-wide files.
 */
final class Signals implements Watcher.Source {
    static final String STAT = "/proc/stat";
    static final String PRESSURE_IO = "/proc/pressure/io";
    static final String PRESSURE_MEMORY = "/proc/pressure/memory";
    static final String SYSVIPC_MSG = "/proc/sysvipc/msg";
    static final String MSGMNB = "/proc/sys/kernel/msgmnb";
    static final String HUNG_TASK_COUNT = "/proc/sys/kernel/hung_task_detect_count";
    static final String MOUNTINFO = "/proc/self/mountinfo";

    private final Map<TriggerKind, Double> enabled;
    private final FileReads reads;
    private final KernelLog kmsg;
    private final MountWatch mounts;
    private final Probe probe;
    private final long checkTimeoutNanos;
    private final long hungTaskTimeoutSecs;
    private final WatchState state;
    private final WatchLog log;
    private final Set<String> paths = new LinkedHashSet<>();
    private final Set<String> noted = new HashSet<>();

    /**
     * @param enabled  the triggers on, with their thresholds (NaN for those without one)
     * @param mounts   null when neither statfs-hang nor fs-full is on
     * @param probe    null without --probe
     */
    Signals(Map<TriggerKind, Double> enabled, FileReads reads, KernelLog kmsg, MountWatch mounts, Probe probe,
            long checkTimeoutNanos, long hungTaskTimeoutSecs, WatchState state, WatchLog log) {
        this.enabled = Map.copyOf(enabled);
        this.reads = reads;
        this.kmsg = kmsg;
        this.mounts = mounts;
        this.probe = probe;
        this.checkTimeoutNanos = checkTimeoutNanos;
        this.hungTaskTimeoutSecs = hungTaskTimeoutSecs;
        this.state = state;
        this.log = log;
        if (on(TriggerKind.PROCS_BLOCKED)) {
            paths.add(STAT);
        }
        if (on(TriggerKind.PRESSURE)) {
            paths.add(PRESSURE_IO);
            paths.add(PRESSURE_MEMORY);
        }
        if (on(TriggerKind.MSGQ_FULL)) {
            paths.add(SYSVIPC_MSG);
            paths.add(MSGMNB);
        }
        if (on(TriggerKind.HUNG_TASK)) {
            paths.add(HUNG_TASK_COUNT);
        }
    }

    private boolean on(TriggerKind k) {
        return enabled.containsKey(k);
    }

    @Override
    public List<Condition> poll(long nanos) {
        List<String> todo = new ArrayList<>(paths);
        boolean wantMounts = mounts != null && mounts.wantsMountinfo(nanos);
        if (wantMounts) {
            todo.add(MOUNTINFO);
        }
        FileReads.Batch b = reads.read(todo, checkTimeoutNanos);
        List<Condition> out = new ArrayList<>();
        for (FileReads.Stuck s : b.stuck()) {
            out.add(Triggers.checkHung(s.path(), s.sinceNanos(), System.nanoTime()));
        }
        b.errors().forEach((path, why) -> {
            if (paths.remove(path)) {
                note(path + " cannot be read (" + why + "): what it shows is not watched");
            }
        });
        Map<String, String> t = b.texts();
        if (on(TriggerKind.PROCS_BLOCKED) && t.containsKey(STAT)) {
            out.addAll(Triggers.procsBlocked(SignalText.procsBlocked(t.get(STAT)), enabled.get(TriggerKind.PROCS_BLOCKED)));
        }
        if (on(TriggerKind.PRESSURE)) {
            Map<String, Double> full = new LinkedHashMap<>();
            if (t.containsKey(PRESSURE_IO)) {
                full.put("io", SignalText.pressureFullAvg10(t.get(PRESSURE_IO)));
            }
            if (t.containsKey(PRESSURE_MEMORY)) {
                full.put("memory", SignalText.pressureFullAvg10(t.get(PRESSURE_MEMORY)));
            }
            out.addAll(Triggers.pressure(full, enabled.get(TriggerKind.PRESSURE)));
        }
        if (on(TriggerKind.MSGQ_FULL) && t.containsKey(SYSVIPC_MSG) && t.containsKey(MSGMNB)) {
            out.addAll(Triggers.msgqFull(SignalText.msgQueues(t.get(SYSVIPC_MSG)), SignalText.number(t.get(MSGMNB).trim()),
                    enabled.get(TriggerKind.MSGQ_FULL)));
        }
        if (on(TriggerKind.HUNG_TASK)) {
            out.addAll(hungTasks(t.get(HUNG_TASK_COUNT), nanos));
        }
        if (mounts != null) {
            mounts.poll(nanos, wantMounts ? t.get(MOUNTINFO) : null, out);
            if (mounts.problem() != null) {
                note(mounts.problem());
            }
        }
        if (probe != null) {
            probe.poll(nanos, out);
        }
        return out;
    }

    private List<Condition> hungTasks(String countText, long nanos) {
        List<String[]> reports = new ArrayList<>();
        for (String record : kmsg.drain()) {
            SignalText.KmsgRecord r = SignalText.kmsg(record);
            String[] task = r == null || r.facility() != 0 ? null : SignalText.hungTask(r.text());
            if (task != null) {
                reports.add(task);
            }
        }
        long before = state.hungTaskCount;
        long now = countText == null ? -1 : SignalText.number(countText.trim());
        if (now >= 0 && now != before) {
            state.hungTaskCount = now;
            state.dirty = true;
        }
        return Triggers.hungTask(reports, before, now, hungTaskTimeoutSecs, nanos);
    }

    /** Logs a standing problem once. */
    private void note(String problem) {
        if (noted.add(problem)) {
            log.line(problem);
        }
    }

    /** What is read at each tick, for the start-up line. */
    Set<String> paths() {
        return paths;
    }
}
