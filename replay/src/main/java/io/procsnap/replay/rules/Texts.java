package io.procsnap.replay.rules;

import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.replay.analysis.ThreadView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small phrases shared by rules. */
final class Texts {
    private Texts() {
    }

    /** {@code app[4]/worker[9], app[4]/worker[10] and 2 more}. */
    static String threads(List<ThreadView> threads, int max) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < threads.size() && i < max; i++) {
            parts.add(threads.get(i).label());
        }
        String s = String.join(", ", parts);
        return threads.size() > max ? s + " and " + (threads.size() - max) + " more" : s;
    }

    /** Tids as {@code 9,10,11,12}, shortened after {@code max}. */
    static String tids(List<ThreadView> threads, int max) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < threads.size() && i < max; i++) {
            parts.add(Integer.toString(threads.get(i).tid()));
        }
        String s = String.join(",", parts);
        return threads.size() > max ? s + ",... (" + threads.size() + ")" : s;
    }

    /**
     * Why the kernel log cannot be used, or null when it can: the {@code dmesg} command may have failed
     * (non-root readers get EPERM when {@code kernel.dmesg_restrict} is set) while its empty output parses.
     */
    static String kernelLogGap(io.procsnap.replay.model.Snapshot s) {
        var log = s.system().dmesg();
        if (!log.present()) {
            return log.whyMissing();
        }
        var cmd = s.commands().get(BuiltinCommand.DMESG.commandName());
        if (cmd != null && cmd.status().present() && !cmd.status().value().succeeded()) {
            var st = cmd.status().value();
            String err = cmd.stderr().present() ? cmd.stderr().value().strip() : "";
            return "dmesg " + (st.timedOut() ? "timed out" : "exited " + st.exitCode())
                    + (err.isEmpty() ? "" : ": " + err) + " (" + cmd.status().path() + ")";
        }
        return null;
    }

    /** {@code 1 thread}, {@code 4 threads}. */
    static String count(long n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return n + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    /** {@code 42 s}, {@code 12 min}, {@code 3.2 h}, {@code ?} for NaN. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return "?";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        if (seconds < 172800) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.1f d", seconds / 86400);
    }

    /** {@code in connect (unix_wait_for_peer)}: the syscall and the wait site of a thread. */
    static String waiting(ThreadView t) {
        String site = t.waitClass().site();
        String call = t.syscall();
        if (call.equals("-") || call.equals("?") || call.equals(site)) {
            return "state " + t.state() + " at " + site;
        }
        return "state " + t.state() + " in " + call + " (" + site + ")";
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, "%.0f%%", p);
    }
}
