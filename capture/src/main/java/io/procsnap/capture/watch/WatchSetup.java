package io.procsnap.capture.watch;

import io.procsnap.format.ExitCode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts a watcher together from checked options: the host facts read once, which mounts are watched
 * and which filesystem is left out of fs-full (the one DIR is on), the state from the last run, the
 * temporary files of a capture killed before it ended; then runs it until SIGTERM.
 */
final class WatchSetup {
    static final String HOSTNAME = "/proc/sys/kernel/hostname";
    static final String BOOT_ID = "/proc/sys/kernel/random/boot_id";
    static final String HUNG_TASK_TIMEOUT = "/proc/sys/kernel/hung_task_timeout_secs";
    private static final long CAPTURE_MARGIN_NANOS = 30_000_000_000L;

    private WatchSetup() {
    }

    static int run(WatchConfig c, Path dir, Path stateDir, PrintWriter err) {
        WatchClock clock = WatchClock.SYSTEM;
        WatchLog log = new WatchLog(err, stateDir.resolve("log"), clock);
        WatchState state = WatchState.load(stateDir.resolve("state"), log::line);
        FileReads reads = new FileReads();
        FileReads.Batch facts = reads.read(List.of(HOSTNAME, BOOT_ID, HUNG_TASK_TIMEOUT, Signals.MOUNTINFO),
                c.checkTimeoutNanos());
        Map<String, String> t = facts.texts();
        String hostname = trim(t.get(HOSTNAME));
        String bootId = trim(t.get(BOOT_ID));
        if (!Objects.equals(bootId, state.bootId)) {
            state.bootId = bootId; // a new boot: the kernel's hung-task counter started over
            state.hungTaskCount = -1;
            state.dirty = true;
        }
        List<String> described = new ArrayList<>();
        MountWatch mounts = mounts(c, dir, t.get(Signals.MOUNTINFO), log, described);
        Probe probe = c.probe() == null ? null : new Probe(c.probe(), c.probeIntervalNanos(), c.probeTimeoutNanos(), dir);
        KernelLog kmsg = KernelLog.open(c.on(TriggerKind.HUNG_TASK) ? "/dev/kmsg" : "/nonexistent");
        long hungTimeout = t.containsKey(HUNG_TASK_TIMEOUT) ? SignalText.number(t.get(HUNG_TASK_TIMEOUT).trim()) : -1;
        Signals signals = new Signals(c.triggers(), reads, kmsg, mounts, probe, c.checkTimeoutNanos(), hungTimeout, state,
                log);
        Rotation rotation = new Rotation(dir, c.keep(), c.maxBytes());
        try {
            for (Path p : rotation.recoverTemporaries()) {
                log.line("kept " + p.getFileName() + ": a capture killed before it ended (its complete frames are readable)");
            }
        } catch (IOException e) {
            log.line("cannot list " + dir + ": " + e.getMessage());
        }
        CaptureChild child = new CaptureChild(CaptureChild.programCommand(stateDir), c.captureOptions(), dir, stateDir,
                c.captureDeadlineNanos() + CAPTURE_MARGIN_NANOS, clock);
        log.line(startLine(c, dir, kmsg, hungTimeout, described, rotation));
        Watcher watcher = new Watcher(new Watcher.Settings(c.intervalNanos(), c.holdNanos(), c.cooldownNanos(), hostname),
                clock, signals, child, rotation, state, log);
        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.set(true);
            watcher.wake();
            try {
                main.join(60_000); // Main halts the JVM with the exit code once the watcher has stopped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "procsnap-watch-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        watcher.run(stop);
        if (probe != null) {
            probe.stop();
        }
        kmsg.close();
        log.line("stopped");
        return ExitCode.OK;
    }

    /**
     * The mount watch, or null when neither statfs-hang nor fs-full is on. fs-full never watches the
     * filesystem DIR is on (its own archives would fill it and set off captures): with {@code --mount}
     * naming it that is refused (exit 2); otherwise it is left out and the log says so.
     */
    private static MountWatch mounts(WatchConfig c, Path dir, String mountinfo, WatchLog log, List<String> described) {
        if (!c.on(TriggerKind.STATFS_HANG) && !c.on(TriggerKind.FS_FULL)) {
            return null;
        }
        List<SignalText.Mount> all = SignalText.mounts(mountinfo);
        SignalText.Mount dirMount = MountWatch.containing(all, dir.toString());
        Set<String> notForFullness = Set.of();
        if (c.on(TriggerKind.FS_FULL) && dirMount != null) {
            String key = MountWatch.spaceKey(dirMount);
            if (c.mounts() != null) {
                for (String m : c.mounts()) {
                    SignalText.Mount on = MountWatch.containing(all, m);
                    if (on != null && MountWatch.spaceKey(on).equals(key)) {
                        throw new WatchCommand.Failure(ExitCode.USAGE, "--dir " + dir + " is on the filesystem of --mount " + m
                                + " (" + dirMount.mountPoint() + ", " + dirMount.fstype() + " " + dirMount.source()
                                + "), which fs-full watches: the watcher's own archives would fill it and set off captures;"
                                + " put --dir on another filesystem, or leave fs-full out of --trigger");
                    }
                }
            } else {
                notForFullness = Set.of(key);
                described.add("fs-full leaves out " + dirMount.mountPoint() + " (" + dirMount.fstype() + " "
                        + dirMount.source() + "): --dir is on it, and its own archives would count");
            }
        }
        String stat = WatchCommand.which("stat");
        MountWatch w = new MountWatch(c.mounts(), stat, c.statfsIntervalNanos(), c.statfsTimeoutNanos(),
                c.on(TriggerKind.STATFS_HANG), c.on(TriggerKind.FS_FULL) ? c.triggers().get(TriggerKind.FS_FULL) : Double.NaN,
                notForFullness);
        List<SignalText.Mount> watched = MountWatch.select(all, c.mounts());
        List<String> points = new ArrayList<>();
        watched.forEach(m -> points.add(m.mountPoint()));
        described.add(0, "statfs of " + watched.size() + " mounts every " + Triggers.seconds(c.statfsIntervalNanos())
                + " s (" + String.join(" ", points.subList(0, Math.min(points.size(), 12)))
                + (points.size() > 12 ? " ..." : "") + ")" + (stat == null ? "; stat(1) NOT FOUND, not checked" : ""));
        return w;
    }

    private static String startLine(WatchConfig c, Path dir, KernelLog kmsg, long hungTimeout, List<String> described,
                                    Rotation rotation) {
        List<String> on = new ArrayList<>();
        c.triggers().forEach((k, v) -> {
            String what = k.id + (k.takesThreshold() ? " >= " + Triggers.number(v) : "");
            if (k == TriggerKind.HUNG_TASK) {
                what += " (" + (kmsg.unavailable() == null ? "/dev/kmsg from its end and " : "")
                        + "hung_task_detect_count" + (hungTimeout > 0 ? ", kernel hung_task_timeout_secs " + hungTimeout
                        : ", kernel hung-task detector off") + (kmsg.unavailable() == null ? ""
                        : "; /dev/kmsg not read: " + kmsg.unavailable()) + ")";
            }
            if (k == TriggerKind.PROBE_FAILED && c.probe() != null) {
                what += " ('" + c.probe() + "' every " + Triggers.seconds(c.probeIntervalNanos()) + " s, timeout "
                        + Triggers.seconds(c.probeTimeoutNanos()) + " s)";
            }
            if (k != TriggerKind.PROBE_FAILED || c.probe() != null) {
                on.add(what);
            }
        });
        String archives;
        try {
            archives = rotation.list().size() + " archives there now, " + rotation.totalBytes() + " bytes";
        } catch (IOException e) {
            archives = "cannot list: " + e.getMessage();
        }
        return "pid " + ProcessHandle.current().pid() + " watching every " + Triggers.seconds(c.intervalNanos())
                + " s, hold " + Triggers.seconds(c.holdNanos()) + " s, cool-down " + Triggers.seconds(c.cooldownNanos())
                + " s: " + String.join(", ", on) + (described.isEmpty() ? "" : "; " + String.join("; ", described))
                + "; archives in " + dir + " (keep " + c.keep() + " within " + c.maxBytes() + " bytes; " + archives + ")";
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
