package io.procsnap.capture.watch;

import io.procsnap.capture.Durations;
import io.procsnap.capture.engine.CommandRunner;
import io.procsnap.format.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code procsnap watch}: the command line (declared with picocli's programmatic API, like the capture's,
 * so registering it costs the capture's start-up nothing), the checks on the directory, then the
 * {@link Watcher} until SIGTERM.
 */
public final class WatchCommand implements Callable<Integer> {
    static final String STATE_DIR = ".procsnap-watch";
    /** Capture options the watcher sets itself. */
    private static final Set<String> RESERVED = Set.of("-o", "--output", "--samples", "--interval", "--deadline",
            "-h", "--help", "-V", "--version");

    private CommandSpec spec;

    /** The subcommand's model, bound to {@code c}. */
    public static CommandSpec spec(WatchCommand c) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
        spec.name("watch");
        spec.usageMessage().sortOptions(false).width(100)
                .description("Watches cheap signals at each interval and, when one holds for --hold, runs a capture"
                                + " (with repeated samples, so stuck is told from passing) into DIR, at most one at a time,"
                                + " again only after --cooldown. Keeps the last --keep archives within --max-bytes, oldest"
                                + " removed first. Each check is read under a timeout and never walks the threads; a check"
                                + " that blocks is itself a trigger. The archive's manifest records why it was taken"
                                + " (procsnap-replay info, diagnose, report, fleet show it). SIGTERM stops it cleanly.")
                .footer(footer());
        spec.addOption(opt("--dir", String.class, "DIR", null,
                "Where archives go, with the state in DIR/" + STATE_DIR + "/ (log, last capture for the cool-down). Created if"
                        + " its parent exists. Nothing is written outside it. Required.").required(true).build());
        duration(spec, "--interval", "1s", "Time between checks.");
        duration(spec, "--hold", "10s", "How long a condition must hold before it triggers (events such as a hung-task report"
                + " trigger at once).");
        duration(spec, "--cooldown", "10m", "After a capture, no new one before this (also across a restart).");
        spec.addOption(opt("--keep", int.class, "N", "5", "Archives kept; the oldest is removed first.").build());
        spec.addOption(opt("--max-bytes", String.class, "SIZE", "200M", "Bytes all archives may take (K, M, G: powers of"
                + " 1024); the newest archive is kept even when it alone is larger.").build());
        spec.addOption(opt("--trigger", List.class, "NAME[=N]", null, "Enable only these triggers (listed above), N"
                + " overriding the threshold. Default: all, each with its N").auxiliaryTypes(String.class).splitRegex(",").build());
        spec.addOption(opt("--mount", List.class, "PATH", null, "Watch statfs (hang, fullness) of these paths instead of"
                + " every mount that is not a pseudo filesystem (proc, sysfs, cgroup, autofs...). Default: every such mount")
                .auxiliaryTypes(String.class).build());
        duration(spec, "--statfs-interval", "10s", "Time between statfs checks of the mounts (a stat -f child each time).");
        duration(spec, "--statfs-timeout", "5s", "A statfs that takes longer hangs (statfs-hang); its child is killed.");
        duration(spec, "--check-timeout", "2s", "A read of the watcher's own procfs files that takes longer is abandoned"
                + " (check-hung).");
        spec.addOption(opt("--probe", String.class, "CMD", null, "Your own health check, run by /bin/sh -c in DIR; a"
                + " non-zero exit or a timeout is the probe-failed trigger. Default: none").build());
        duration(spec, "--probe-interval", "10s", "Time between probe runs.");
        duration(spec, "--probe-timeout", "5s", "A probe still running then is killed and counts as failed.");
        spec.addOption(opt("--samples", int.class, "N", "3", "The capture's --samples: repeated samples of every thread.").build());
        duration(spec, "--sample-interval", "1s", "The capture's --interval between samples.");
        duration(spec, "--capture-deadline", "90s", "The capture's --deadline; past it plus 30 s the capture gets SIGTERM.");
        spec.addPositional(PositionalParamSpec.builder().type(List.class).auxiliaryTypes(String.class).arity("0..*")
                .paramLabel("CAPTURE-OPTION").description("After --: more options for each capture (procsnap --help),"
                        + " e.g. -- --skip commands --statfs-timeout 2s. Default: none").build());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        c.spec = spec;
        return spec;
    }

    private static String[] footer() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Triggers (--trigger NAME[=N], repeatable or comma-separated; default: all):");
        for (TriggerKind k : TriggerKind.values()) {
            lines.add(String.format(Locale.ROOT, "  %-14s %s", k.id, k.description
                    + (k.takesThreshold() ? " (N " + Triggers.number(k.defaultThreshold) + ")" : "")));
        }
        lines.add("");
        lines.add("Each capture is a child process, run in DIR: bin/procsnap (or this java) --samples N --interval I");
        lines.add("--deadline D -o DIR/procsnap-HOST-TIME-TRIGGER.tar.zst [CAPTURE-OPTION...]. One killed before it");
        lines.add("ended leaves NAME.partial (readable). DIR/.procsnap-watch/log has what the watcher saw and did.");
        lines.add("Service files (systemd unit, busybox init script): service/ in the bundle; see capture/README.md.");
        lines.add("");
        lines.add(ExitCode.HELP_TABLE);
        lines.add("watch exits 0 after SIGTERM or SIGINT (a running capture finishes its archive first), 2 on a");
        lines.add("usage error (also --dir on a filesystem --mount watches for fullness), 5 when DIR is not writable");
        lines.add("or another watcher uses it.");
        lines.add("");
        lines.add("Examples:");
        lines.add("  procsnap watch --dir /var/lib/procsnap-watch");
        lines.add("  procsnap watch --dir /data/watch --trigger msgq-full=90,hung-task --probe '/usr/bin/healthcheck'");
        return lines.toArray(new String[0]);
    }

    private static OptionSpec.Builder opt(String name, Class<?> type, String label, String defaultValue, String description) {
        OptionSpec.Builder b = OptionSpec.builder(name).type(type).paramLabel(label)
                .description(description + (defaultValue == null ? "" : " Default: ${DEFAULT-VALUE}"));
        if (defaultValue != null) {
            b.defaultValue(defaultValue);
        }
        return b;
    }

    private static void duration(CommandSpec spec, String name, String defaultValue, String description) {
        spec.addOption(opt(name, long.class, "DURATION", defaultValue, description).converters(new Durations()).build());
    }

    private <T> T value(String name) {
        return spec.findOption(name).getValue();
    }

    /** A usage or environment problem: one line, an exit code. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(err);
        } catch (Failure f) {
            err.println("procsnap watch: " + f.getMessage());
            if (f.exitCode == ExitCode.USAGE) {
                err.println("Try 'procsnap watch --help' for the options.");
            }
            err.flush();
            return f.exitCode;
        }
    }

    private int run(PrintWriter err) {
        WatchConfig config = config();
        Path dir = prepareDirectory(config.dir());
        Path stateDir = dir.resolve(STATE_DIR);
        try (FileChannel lockFile = FileChannel.open(stateDir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(lockFile, dir)) {
            lockFile.truncate(0).write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            return WatchSetup.run(config, dir, stateDir, err);
        } catch (IOException e) {
            throw new Failure(ExitCode.ENVIRONMENT, "cannot use " + stateDir + ": " + e.getMessage());
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String pid = "";
            try {
                pid = " (pid " + Files.readString(dir.resolve(STATE_DIR).resolve("lock")).trim() + ")";
            } catch (IOException e) {
                // only for the message
            }
            throw new Failure(ExitCode.ENVIRONMENT, "another procsnap watch uses " + dir + pid + "; one watcher per directory");
        }
        return lock;
    }

    /** The options, checked. */
    WatchConfig config() {
        int keep = value("--keep");
        long maxBytes = Sizes.parse(value("--max-bytes"), "--max-bytes");
        long interval = value("--interval");
        if (keep < 1 || maxBytes < (1 << 20) || interval < 100_000_000L) {
            throw new Failure(ExitCode.USAGE, "--keep must be at least 1, --max-bytes at least 1M and --interval at least 100ms");
        }
        int samples = value("--samples");
        if (samples < 0) {
            throw new Failure(ExitCode.USAGE, "--samples must be >= 0");
        }
        Map<TriggerKind, Double> triggers = triggers(value("--trigger"));
        List<String> extra = List.copyOf(positional());
        for (String a : extra) {
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (RESERVED.contains(name)) {
                throw new Failure(ExitCode.USAGE, "capture option " + a + " is set by the watcher (use --samples,"
                        + " --sample-interval, --capture-deadline; archives always go to --dir)");
            }
        }
        String probe = value("--probe");
        if (probe != null && probe.isBlank()) {
            throw new Failure(ExitCode.USAGE, "--probe needs a command");
        }
        if (probe != null) {
            triggers.put(TriggerKind.PROBE_FAILED, Double.NaN); // a probe given is a probe watched
        } else {
            triggers.remove(TriggerKind.PROBE_FAILED);
        }
        List<String> mounts = value("--mount");
        if (mounts != null) {
            for (String m : mounts) {
                if (!m.startsWith("/")) {
                    throw new Failure(ExitCode.USAGE, "--mount needs an absolute path: " + m);
                }
            }
        }
        return new WatchConfig(value("--dir"), interval, value("--hold"), value("--cooldown"), keep, maxBytes, triggers,
                mounts == null || mounts.isEmpty() ? null : List.copyOf(mounts), value("--statfs-interval"),
                value("--statfs-timeout"), value("--check-timeout"), probe, value("--probe-interval"),
                value("--probe-timeout"), samples, value("--sample-interval"), value("--capture-deadline"), extra);
    }

    private List<String> positional() {
        List<String> out = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            List<String> v = p.getValue();
            if (v != null) {
                out.addAll(v);
            }
        }
        return out;
    }

    /** {@code --trigger} values: all triggers with their defaults when none is given; check-hung always. */
    static Map<TriggerKind, Double> triggers(List<String> given) {
        Map<TriggerKind, Double> out = new EnumMap<>(TriggerKind.class);
        if (given == null || given.isEmpty()) {
            for (TriggerKind k : TriggerKind.values()) {
                out.put(k, k.defaultThreshold);
            }
            return out;
        }
        out.put(TriggerKind.CHECK_HUNG, Double.NaN);
        for (String g : given) {
            String name = g.contains("=") ? g.substring(0, g.indexOf('=')) : g;
            TriggerKind k = TriggerKind.of(name);
            if (k == null) {
                throw new Failure(ExitCode.USAGE, "--trigger " + g + ": no such trigger (" + TriggerKind.ids() + ")");
            }
            double threshold = k.defaultThreshold;
            if (g.contains("=")) {
                if (!k.takesThreshold()) {
                    throw new Failure(ExitCode.USAGE, "--trigger " + g + ": " + k.id + " takes no threshold");
                }
                try {
                    threshold = Double.parseDouble(g.substring(g.indexOf('=') + 1));
                } catch (NumberFormatException e) {
                    threshold = Double.NaN;
                }
                if (!(threshold >= 0)) {
                    throw new Failure(ExitCode.USAGE, "--trigger " + g + ": the threshold must be a number >= 0");
                }
            }
            out.put(k, threshold);
        }
        return out;
    }

    /** DIR itself is created when missing (never its parents); never under /proc or /sys. */
    private static Path prepareDirectory(String given) {
        Path dir = Paths.get(given).toAbsolutePath().normalize();
        try {
            if (!Files.exists(dir)) {
                Files.createDirectory(dir);
            }
            Path real = dir.toRealPath();
            if (real.startsWith("/proc") || real.startsWith("/sys")) {
                throw new Failure(ExitCode.USAGE, "refusing --dir " + real + ": procsnap never writes under /proc or /sys");
            }
            if (!Files.isDirectory(real) || !Files.isWritable(real)) {
                throw new Failure(ExitCode.ENVIRONMENT, "--dir " + real + " is not a writable directory");
            }
            Files.createDirectories(real.resolve(STATE_DIR));
            return real;
        } catch (IOException e) {
            throw new Failure(ExitCode.ENVIRONMENT, "cannot use --dir " + dir + ": " + e.getMessage());
        }
    }

    /** Names of the enabled triggers, for messages. */
    static Set<String> names(Map<TriggerKind, Double> triggers) {
        Set<String> out = new LinkedHashSet<>();
        triggers.keySet().forEach(k -> out.add(k.id));
        return out;
    }

    /** Found on PATH or the sbin directories, as the capture finds its commands. */
    static String which(String program) {
        return new CommandRunner(CommandRunner.defaultSearchPath(System.getenv("PATH")), List.of(), 1, 1).which(program);
    }
}
