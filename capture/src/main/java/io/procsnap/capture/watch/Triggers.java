package io.procsnap.capture.watch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pure evaluation: parsed readings and thresholds in, the conditions that hold out. Each condition
 * carries one line for the log and the manifest, and its values as text (what was measured, the
 * limit, the threshold).
 */
final class Triggers {
    private Triggers() {
    }

    /** procs_blocked at or above the threshold. */
    static List<Condition> procsBlocked(long blocked, double threshold) {
        if (blocked < 0 || blocked < threshold) {
            return List.of();
        }
        return List.of(new Condition(TriggerKind.PROCS_BLOCKED, "procs-blocked", blocked
                + " tasks blocked waiting for I/O (procs_blocked in /proc/stat, threshold " + number(threshold) + ")",
                Map.of("procs_blocked", Long.toString(blocked), "threshold", number(threshold))));
    }

    /** PSI {@code full avg10} per resource ({@code io}, {@code memory}) at or above the threshold. */
    static List<Condition> pressure(Map<String, Double> fullAvg10, double threshold) {
        List<Condition> out = new ArrayList<>();
        fullAvg10.forEach((resource, value) -> {
            if (!value.isNaN() && value >= threshold) {
                out.add(new Condition(TriggerKind.PRESSURE, "pressure:" + resource, "all non-idle tasks stalled on "
                        + resource + " " + number(value) + "% of the last 10 s (/proc/pressure/" + resource
                        + " full avg10, threshold " + number(threshold) + "%)",
                        Map.of("resource", resource, "full_avg10", number(value), "threshold_percent", number(threshold))));
            }
        });
        return out;
    }

    /**
     * Queues whose bytes or messages reach {@code percent} of the limit. {@code /proc/sysvipc/msg} does not
     * show a queue's own {@code msg_qbytes}; a queue gets {@code msgmnb} when made, so that is the limit,
     * for bytes and for messages alike (the kernel refuses a message when {@code cbytes + size > qbytes}
     * or {@code qnum + 1 > qbytes}). Nothing when msgmnb is unknown.
     */
    static List<Condition> msgqFull(List<SignalText.MsgQueue> queues, long msgmnb, double percent) {
        if (msgmnb <= 0) {
            return List.of();
        }
        List<Condition> out = new ArrayList<>();
        for (SignalText.MsgQueue q : queues) {
            double bytes = 100.0 * q.cbytes() / msgmnb;
            double messages = 100.0 * q.qnum() / msgmnb;
            if (bytes < percent && messages < percent) {
                continue;
            }
            String which = bytes >= messages ? "byte" : "message";
            Map<String, String> values = new LinkedHashMap<>();
            values.put("msqid", Long.toString(q.msqid()));
            values.put("key", String.format(Locale.ROOT, "0x%08x", q.key() & 0xffffffffL));
            values.put("cbytes", Long.toString(q.cbytes()));
            values.put("qnum", Long.toString(q.qnum()));
            values.put("limit", Long.toString(msgmnb));
            values.put("lspid", Long.toString(q.lspid()));
            values.put("lrpid", Long.toString(q.lrpid()));
            values.put("threshold_percent", number(percent));
            out.add(new Condition(TriggerKind.MSGQ_FULL, "msgq-full:" + q.msqid(), "SysV queue msqid " + q.msqid()
                    + " key " + values.get("key") + " at " + number(Math.max(bytes, messages)) + "% of its " + which
                    + " limit (" + q.cbytes() + " of " + msgmnb + " bytes, " + q.qnum() + " messages; last sender "
                    + q.lspid() + ", last receiver " + q.lrpid() + ")", values));
        }
        return out;
    }

    /**
     * The kernel's hung-task reports of this tick (comm, pid, seconds, from /dev/kmsg) and the growth of
     * {@code hung_task_detect_count}; nothing when neither shows a new report.
     *
     * @param countBefore the counter at the previous tick, -1 unknown
     * @param countNow    the counter now, -1 unknown
     * @param timeoutSecs {@code hung_task_timeout_secs}, for "blocked since" when only the counter moved
     */
    static List<Condition> hungTask(List<String[]> reports, long countBefore, long countNow, long timeoutSecs,
                                    long nowNanos) {
        boolean counted = countBefore >= 0 && countNow > countBefore;
        if (reports.isEmpty() && !counted) {
            return List.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        long blocked = timeoutSecs;
        String summary;
        if (!reports.isEmpty()) {
            List<String> tasks = new ArrayList<>();
            for (String[] r : reports) {
                tasks.add(r[0] + ":" + r[1]);
                blocked = Math.max(blocked, SignalText.number(r[2]));
            }
            values.put("tasks", String.join(" ", tasks));
            values.put("blocked_s", Long.toString(blocked));
            summary = "the kernel reported " + (reports.size() == 1 ? "a hung task: " : reports.size() + " hung tasks: ")
                    + String.join(", ", tasks.subList(0, Math.min(tasks.size(), 5))) + (tasks.size() > 5 ? ", ..." : "")
                    + " blocked for more than " + blocked + " s (/dev/kmsg)";
        } else {
            summary = "the kernel detected " + (countNow - countBefore) + " hung task" + (countNow - countBefore == 1 ? "" : "s")
                    + " (hung_task_detect_count " + countBefore + " -> " + countNow + "; no report in /dev/kmsg"
                    + (timeoutSecs > 0 ? ", blocked for more than " + timeoutSecs + " s" : "") + ")";
        }
        if (counted) {
            values.put("hung_task_detect_count", countBefore + " -> " + countNow);
        }
        if (timeoutSecs > 0) {
            values.put("hung_task_timeout_secs", Long.toString(timeoutSecs));
        }
        long since = blocked > 0 ? nowNanos - blocked * 1_000_000_000L : -1;
        return List.of(new Condition(TriggerKind.HUNG_TASK, "hung-task", summary, values, since));
    }

    /** A watched filesystem at or above the threshold (used as df computes it). */
    static List<Condition> fsFull(SignalText.Mount mount, SignalText.Statfs s, double threshold) {
        double used = s.usedPercent();
        if (Double.isNaN(used) || used < threshold) {
            return List.of();
        }
        long bytes = s.frsize() > 0 ? s.frsize() : s.bsize();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("mount", mount.mountPoint());
        values.put("fstype", mount.fstype());
        values.put("source", mount.source());
        values.put("used_percent", number(used));
        values.put("available_bytes", Long.toString(s.bavail() * bytes));
        values.put("size_bytes", Long.toString(s.blocks() * bytes));
        values.put("threshold_percent", number(threshold));
        return List.of(new Condition(TriggerKind.FS_FULL, "fs-full:" + mount.mountPoint(), mount.mountPoint() + " ("
                + mount.fstype() + " " + mount.source() + ") is " + number(used) + "% full, " + s.bavail() * bytes
                + " bytes available (threshold " + number(threshold) + "%)", values));
    }

    /** A watched mount whose statfs has not returned. */
    static Condition statfsHang(SignalText.Mount mount, long startedNanos, long nowNanos, long timeoutNanos) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("mount", mount.mountPoint());
        values.put("fstype", mount.fstype());
        values.put("source", mount.source());
        values.put("timeout_s", seconds(timeoutNanos));
        values.put("waited_s", seconds(nowNanos - startedNanos));
        return new Condition(TriggerKind.STATFS_HANG, "statfs-hang:" + mount.mountPoint(), "statfs of "
                + mount.mountPoint() + " (" + mount.fstype() + " " + mount.source() + ") has not returned for "
                + seconds(nowNanos - startedNanos) + " s (timeout " + seconds(timeoutNanos) + " s)", values, startedNanos);
    }

    /** One of the watcher's own reads that blocked. */
    static Condition checkHung(String path, long startedNanos, long nowNanos) {
        return new Condition(TriggerKind.CHECK_HUNG, "check-hung:" + path, "the watcher's read of " + path
                + " has not returned for " + seconds(nowNanos - startedNanos) + " s (abandoned)",
                Map.of("path", path, "waited_s", seconds(nowNanos - startedNanos)), startedNanos);
    }

    /** Seconds with at most one decimal: {@code 5}, {@code 2.5}. */
    static String seconds(long nanos) {
        return number(Math.round(nanos / 1e8) / 10.0);
    }

    /** {@code 95}, {@code 12.5}: no trailing {@code .0}. */
    static String number(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }
}
