package io.procsnap.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Whether the machine's CPUs are saturated (as many runnable tasks as CPUs, or more, besides the capture),
 * so that the commands the capture runs keep its CPU priority instead of {@code nice -n 19}: behind busy
 * loops at normal priority each command took seconds. The bundle's launcher decides it before Java starts
 * and says so ({@code PROCSNAP_PRIORITY}, {@code PROCSNAP_SATURATED=yes}); the plain jar, run on a device's
 * own Java without the launcher, decides it here the same way: {@code /proc/loadavg}'s runnable count (its
 * fourth field) less this JVM's own running threads, against the {@code cpuN} lines of {@code /proc/stat}.
 * The load average is not used: a hung machine's is high from D-state tasks that take no CPU.
 *
 * @param saturated whether the commands keep the capture's CPU priority
 * @param why       what the decision rests on, for the manifest's {@code notes.priority}; empty when the
 *                  launcher decided (its own note says why)
 */
record Saturation(boolean saturated, String why) {
    /** Set by bin/procsnap: its note on the capture's priority. */
    static final String LAUNCHER_NOTE = "PROCSNAP_PRIORITY";
    /** Set to {@code yes} by bin/procsnap when it kept the capture's priority on a saturated machine. */
    static final String LAUNCHER_SATURATED = "PROCSNAP_SATURATED";

    private static volatile Saturation current;

    /** This machine's, decided once per JVM (a capture is one JVM; {@code watch} starts one per capture). */
    static Saturation current() {
        Saturation s = current;
        if (s == null) {
            s = of(System.getenv(), Path.of("/proc"));
            current = s;
        }
        return s;
    }

    /** As the launcher decided it ({@code env}), or, run without the launcher, from {@code proc}. */
    static Saturation of(Map<String, String> env, Path proc) {
        if (env.containsKey(LAUNCHER_NOTE)) {
            return new Saturation("yes".equals(env.get(LAUNCHER_SATURATED)), "");
        }
        int runnable = runnable(proc.resolve("loadavg"));
        int cpus = cpus(proc.resolve("stat"));
        if (runnable < 0 || cpus <= 0) {
            return new Saturation(false, "");
        }
        int others = Math.max(0, runnable - ownRunning(proc.resolve("self/task")));
        return new Saturation(others >= cpus, others + " runnable besides this capture, " + cpus + " CPUs");
    }

    /** The suffix of the manifest's priority note on the commands. */
    String note() {
        if (!saturated) {
            return "";
        }
        return " (CPU priority not lowered: the machine is saturated" + (why.isEmpty() ? ")" : ": " + why + ")");
    }

    /** The runnable count of {@code /proc/loadavg} ({@code 0.52 0.58 0.59 3/1234 5678}), or -1. */
    static int runnable(Path loadavg) {
        try {
            return Capture.Defaults.loadavgTasks(Files.readString(loadavg), true);
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /** The {@code cpuN} lines of {@code /proc/stat}, or 0. */
    static int cpus(Path stat) {
        try {
            List<String> lines = Files.readAllLines(stat);
            int n = 0;
            for (String l : lines) {
                if (l.length() > 3 && l.startsWith("cpu") && Character.isDigit(l.charAt(3))) {
                    n++;
                }
            }
            return n;
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Threads of this process in state R ({@code task/TID/stat}'s third field after the command name). */
    static int ownRunning(Path tasks) {
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path t : dir) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'R') {
                        n++;
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | SecurityException e) {
            return 1; // at least the thread reading this
        }
        return n;
    }
}
