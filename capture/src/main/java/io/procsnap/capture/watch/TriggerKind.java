package io.procsnap.capture.watch;

import java.util.Locale;

/**
 * The triggers of {@code procsnap watch}: a stable kebab-case id (recorded as the manifest's
 * {@code trigger.name}), the default threshold when it takes one, and whether it is an event (fires at
 * once) or a level that must hold for {@code --hold}.
 */
enum TriggerKind {
    HUNG_TASK("hung-task", Double.NaN, true,
            "a hung-task report in /dev/kmsg, or hung_task_detect_count grew"),
    PROCS_BLOCKED("procs-blocked", 10, false, "procs_blocked in /proc/stat (tasks waiting for I/O) >= N"),
    PRESSURE("pressure", 25, false, "PSI full avg10 of /proc/pressure/io or memory >= N percent"),
    MSGQ_FULL("msgq-full", 95, false,
            "a SysV queue's bytes or messages >= N percent of msgmnb"),
    STATFS_HANG("statfs-hang", Double.NaN, false, "statfs of a watched mount not back within --statfs-timeout"),
    FS_FULL("fs-full", 95, false, "a watched filesystem (a ZFS pool: its datasets) >= N percent used"),
    PROBE_FAILED("probe-failed", Double.NaN, false, "--probe exited non-zero or ran past --probe-timeout"),
    CHECK_HUNG("check-hung", Double.NaN, true, "one of the watcher's own reads blocked past --check-timeout (always on)");

    final String id;
    final double defaultThreshold;
    final boolean event;
    final String description;

    TriggerKind(String id, double defaultThreshold, boolean event, String description) {
        this.id = id;
        this.defaultThreshold = defaultThreshold;
        this.event = event;
        this.description = description;
    }

    boolean takesThreshold() {
        return !Double.isNaN(defaultThreshold);
    }

    static TriggerKind of(String id) {
        for (TriggerKind k : values()) {
            if (k.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }

    /** The ids, comma-separated, for messages. */
    static String ids() {
        StringBuilder b = new StringBuilder();
        for (TriggerKind k : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(k.id);
        }
        return b.toString();
    }
}
