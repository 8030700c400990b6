package io.procsnap.capture;

import io.procsnap.capture.collect.Settings;
import io.procsnap.capture.engine.ArchiveSink;
import io.procsnap.capture.engine.CaptureStats;
import io.procsnap.capture.engine.CommandRunner;
import io.procsnap.capture.engine.EngineConfig;
import io.procsnap.capture.engine.Errno;
import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.SafetyPolicy;
import io.procsnap.capture.redact.RedactingSink;
import io.procsnap.capture.redact.Redactor;
import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.Compression;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.ExitCode;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code procsnap}: capture this machine's kernel view into one archive, every read under a timeout.
 *
 * <p>The command line is declared with picocli's programmatic API ({@link #spec}), not its annotations:
 * reading annotations reflectively made the JDK generate a proxy class per annotation type and parse
 * every option's annotation on each start, about 40 ms of CPU before the first read. The model, help
 * text and messages are the same.
 */
public final class CaptureCommand implements Callable<Integer> {
    static final long SECOND = 1_000_000_000L;
    static final long MIB = 1L << 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * picocli's default factory, initialised only if picocli needs to instantiate a class: its static
     * initialiser looks for Groovy's Closure class, which opens every jar of the class path that the AOT
     * cache otherwise leaves closed (jackson-databind's is 4.6 MB), a few ms of every start for a factory
     * the capture's options never use. Pass it to {@code new CommandLine(spec(c), FACTORY)} too.
     * The lists of the repeatable options ({@code --skip}, {@code --add-file}, ...) are made here
     * without reflection: the default factory would load itself from the jar and spin method-handle
     * classes (10 ms) whenever one of them is given.
     */
    static final CommandLine.IFactory FACTORY = new CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == List.class || cls == ArrayList.class || cls == Collection.class) {
                return cls.cast(new ArrayList<Object>());
            }
            return CommandLine.defaultFactory().create(cls);
        }
    };

    CommandSpec spec;
    String output;
    String procRoot;
    long deadline;
    long readTimeout;
    long statfsTimeout;
    long commandTimeout;
    int samples;
    long interval;
    boolean includeEnviron;
    List<String> addFiles = new ArrayList<>();
    List<String> addCommands = new ArrayList<>();
    List<String> skip = new ArrayList<>();
    int readers;
    int maxAbandoned;
    int maxFileSize;
    long minFree;
    List<String> redactPatterns = new ArrayList<>();
    boolean noRedact;

    private final OutputStream stdout;

    public CaptureCommand() {
        this(new FileOutputStream(java.io.FileDescriptor.out));
    }

    /** @param stdout where {@code -o -} writes the archive (binary) */
    public CaptureCommand(OutputStream stdout) {
        this.stdout = stdout;
    }

    /**
     * The command line of {@code c}: its options (bound to its fields), help text and version. Pass it to
     * {@code new CommandLine(...)} (a bare CaptureCommand has no annotations for picocli to read).
     */
    public static CommandSpec spec(CaptureCommand c) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(c, FACTORY);
        spec.name("procsnap").versionProvider(new Version());
        spec.usageMessage().sortOptions(false).width(100)
                .description("Copies the kernel's view of a (hung) Linux machine -- processes, threads, SysV IPC, mounts,",
                        "statfs, ZFS and dmesg -- into one archive. Every read has its own timeout and the whole",
                        "capture a deadline: it never hangs. Send the archive to whoever analyses it with",
                        "procsnap-replay. Without options it writes procsnap-<hostname>-<UTC time>.tar.zst here.")
                .footer("", ExitCode.HELP_TABLE, "",
                        "Examples:",
                        "  procsnap                                     # writes ./procsnap-HOST-TIME.tar.zst",
                        "  procsnap -o - | ssh office 'cat > sick.tar.zst'   # nothing touches a full disk");
        Durations durations = new Durations();
        spec.addOption(option(String.class, "FILE", null, () -> c.output, v -> c.output = (String) v,
                "Archive to write; '-' streams it to stdout (a pipe or file, never a terminal). Default: procsnap-<hostname>-<UTC time>.tar.zst in the current directory.",
                "-o", "--output").build());
        spec.addOption(option(String.class, "DIR", "/proc", () -> c.procRoot, v -> c.procRoot = (String) v,
                "procfs tree to read (a container's /proc, a test fixture). Default: ${DEFAULT-VALUE}",
                "--proc-root").build());
        spec.addOption(option(long.class, "DURATION", "90s", () -> c.deadline, v -> c.deadline = (Long) v,
                "The whole capture ends by then, archive closed, whatever hangs. Default: ${DEFAULT-VALUE}",
                "--deadline").converters(durations).build());
        spec.addOption(option(long.class, "DURATION", "2s", () -> c.readTimeout, v -> c.readTimeout = (Long) v,
                "Per file read, readlink, directory listing. Default: ${DEFAULT-VALUE}",
                "--read-timeout").converters(durations).build());
        spec.addOption(option(long.class, "DURATION", "5s", () -> c.statfsTimeout, v -> c.statfsTimeout = (Long) v,
                "Per mount (a dead NFS mount hangs statfs). Default: ${DEFAULT-VALUE}",
                "--statfs-timeout").converters(durations).build());
        spec.addOption(option(long.class, "DURATION", "15s", () -> c.commandTimeout, v -> c.commandTimeout = (Long) v,
                "Per command (zpool, zfs, dmesg, df, --add-command); then SIGTERM, SIGKILL. Default: ${DEFAULT-VALUE}",
                "--command-timeout").converters(durations).build());
        spec.addOption(option(int.class, "N", "0", () -> c.samples, v -> c.samples = (Integer) v,
                "Repeated samples of every thread's stat, wchan, syscall, stack after the main pass. Default: ${DEFAULT-VALUE}",
                "--samples").build());
        spec.addOption(option(long.class, "DURATION", "1s", () -> c.interval, v -> c.interval = (Long) v,
                "Time between samples. Default: ${DEFAULT-VALUE}",
                "--interval").converters(durations).build());
        spec.addOption(option(boolean.class, null, "false", () -> c.includeEnviron, v -> c.includeEnviron = (Boolean) v,
                "Also read /proc/PID/environ (may hold secrets). Default: ${DEFAULT-VALUE}",
                "--include-environ").build());
        spec.addOption(option(List.class, "FILE", null, () -> c.addFiles, v -> c.addFiles = list(v),
                "Also read this absolute file path (repeatable). Default: none",
                "--add-file").auxiliaryTypes(String.class).build());
        spec.addOption(option(List.class, "NAME=COMMAND", null, () -> c.addCommands, v -> c.addCommands = list(v),
                "Also run this command (split at spaces, no shell), stored under cmd/NAME (repeatable). Default: none",
                "--add-command").auxiliaryTypes(String.class).build());
        spec.addOption(option(List.class, "PHASE", null, () -> c.skip, v -> c.skip = list(v),
                "Phases not to run: details, system, filesystems, commands (comma-separated). Default: none",
                "--skip").auxiliaryTypes(String.class).splitRegex(",").build());
        spec.addOption(option(int.class, "N", "0", () -> c.readers, v -> c.readers = (Integer) v,
                "Reader threads; 0 = number of CPUs between 2 and 4. Default: ${DEFAULT-VALUE}",
                "--readers").build());
        spec.addOption(option(int.class, "N", "16", () -> c.maxAbandoned, v -> c.maxAbandoned = (Integer) v,
                "Hung reader threads to abandon before skipping the remaining risky reads. Default: ${DEFAULT-VALUE}",
                "--max-abandoned").build());
        spec.addOption(option(int.class, "BYTES", "4194304", () -> c.maxFileSize, v -> c.maxFileSize = (Integer) v,
                "Cap per file and per command stream; the rest is dropped and the entry marked truncated. Default: ${DEFAULT-VALUE}",
                "--max-file-size").build());
        spec.addOption(option(long.class, "BYTES", "67108864", () -> c.minFree, v -> c.minFree = (Long) v,
                "Refuse to start when the output file system has less free space. Default: ${DEFAULT-VALUE}",
                "--min-free").build());
        spec.addOption(option(List.class, "NAME=REGEX", null, () -> c.redactPatterns, v -> c.redactPatterns = list(v),
                "Also mask this pattern in command lines and environments (repeatable; a group named 'secret' limits the mask to it). Default: none",
                "--redact-pattern").auxiliaryTypes(String.class).build());
        spec.addOption(option(boolean.class, null, "false", () -> c.noRedact, v -> c.noRedact = (Boolean) v,
                "Keep command lines as they are (passwords, tokens, URL credentials are masked by default). Default: ${DEFAULT-VALUE}",
                "--no-redact").build());
        // what mixinStandardHelpOptions adds, without reflecting over picocli's annotated mixin
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        c.spec = spec;
        return spec;
    }

    private static OptionSpec.Builder option(Class<?> type, String paramLabel, String defaultValue,
                                             Supplier<Object> getter, Consumer<Object> setter, String description,
                                             String... names) {
        OptionSpec.Builder b = OptionSpec.builder(names).type(type).description(description)
                .getter(new Binding(getter, setter)).setter(new Binding(getter, setter))
                .initialValue(getter.get()).hasInitialValue(true); // the field's value, as for an annotated field
        if (paramLabel != null) {
            b.paramLabel(paramLabel);
        }
        if (defaultValue != null) {
            b.defaultValue(defaultValue);
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return (List<String>) value;
    }

    /** An option's value: a field of the command, read and written through lambdas. */
    private static final class Binding implements IGetter, ISetter {
        private final Supplier<Object> getter;
        private final Consumer<Object> setter;

        Binding(Supplier<Object> getter, Consumer<Object> setter) {
            this.getter = getter;
            this.setter = setter;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) getter.get();
        }

        @Override
        public <T> T set(T value) {
            T old = get();
            setter.accept(value);
            return old;
        }
    }

    /** Failures that end the run with a message and an exit code (never a stack trace). */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, List<String>> commands = validate();
        Redactor redactor = redactor();
        Settings settings = new Settings(procRoot, readTimeout, statfsTimeout, commandTimeout, includeEnviron,
                addFiles, commands);
        int readerCount = readers > 0 ? readers : Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        EngineConfig engine = new EngineConfig(readerCount, maxAbandoned, deadline, EngineConfig.reserveFor(deadline),
                maxFileSize, SECOND, includeEnviron);
        List<String> searchPath = CommandRunner.defaultSearchPath(System.getenv("PATH"));
        CommandRunner probe = new CommandRunner(searchPath, List.of(), SECOND, maxFileSize);
        List<String> wrapper = priorityWrapper(probe);
        CommandRunner runner = new CommandRunner(searchPath, wrapper, SECOND, Math.min(maxFileSize, 2 << 20));
        Capture.Plan plan = new Capture.Plan(settings, engine, runner, samples, interval, skipped());

        Manifest.Host host = HostFacts.host(settings.procRoot());
        Manifest.Captor captor = HostFacts.captor();
        Instant startUtc = Instant.now();
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "procsnap", Version.version(), host, captor, startUtc,
                HostFacts.bootNanos(), options(wrapper), new Manifest.Platform(System.getProperty("os.arch"), 100, 4096,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")),
                withRedaction(notes(wrapper), redactor));

        Output out = Output.open(output, host.hostname(), startUtc, minFree, stdout);
        ArchiveWriter writer;
        try {
            writer = ArchiveWriter.open(out.stream, manifest);
        } catch (IOException e) {
            out.abandon();
            throw new Failure(ExitCode.ENVIRONMENT, "cannot write " + out.describe() + ": " + e.getMessage());
        }
        if (writer.compression() == Compression.GZIP) {
            out.useGzipName();
            err.println("procsnap: zstd native library unavailable; writing a gzip archive instead");
        }
        if (System.getenv("PROCSNAP_TIMING") != null) {
            err.printf("procsnap: set-up %d ms (host facts, manifest, output opened)%n", (System.nanoTime() - t0) / 1_000_000L);
            err.flush();
        }
        PrintStream progress = isTerminal(2) ? new PrintStream(new FileOutputStream(java.io.FileDescriptor.err), true) : null;
        AtomicReference<String> stopRequest = new AtomicReference<>();
        Thread onSignal = signalHook(stopRequest, t0 + deadline + Capture.FINISH_MARGIN_NANOS);
        try {
            return finish(Capture.run(plan, new RedactingSink(new ArchiveSink(writer, out.stream), redactor), t0,
                    progress, stopRequest), out, writer, captor, redactor, err);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // a signal came: the hook waits for this thread, whose caller halts with the exit code
            }
        }
    }

    /**
     * SIGINT (Ctrl-C), SIGTERM or SIGHUP start the JVM's shutdown, which runs this hook while the capture
     * thread goes on: the hook asks the capture to stop, so nothing new starts and the archive is
     * finished as it stands (index written, renamed, summary printed, exit 3 "stopped early"), then
     * waits for that at most until the deadline plus the finish margin. Main ends the process with
     * Runtime.halt and its exit code before the hook returns; if the capture cannot finish in time,
     * the JVM exits on the signal and the temporary file stays as the salvageable archive.
     */
    private static Thread signalHook(AtomicReference<String> stopRequest, long waitUntilNanos) {
        Thread hook = new Thread(() -> {
            stopRequest.compareAndSet(null, "interrupted by a signal (SIGINT, SIGTERM or SIGHUP)");
            try {
                Thread.sleep(Math.max(0, (waitUntilNanos - System.nanoTime()) / 1_000_000L));
            } catch (InterruptedException e) {
                // the JVM goes on exiting on the signal
            }
        }, "procsnap-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private int finish(Capture.Result r, Output out, ArchiveWriter writer, Manifest.Captor captor, Redactor redactor,
                       PrintWriter err) throws Failure {
        if (r.outputFailure() != null || !r.finished()) {
            String where = out.keepPartial();
            String why = r.outputFailure() == null ? "the output stalled past the deadline"
                    : Errno.isNoSpace(r.outputFailure()) ? "no space left on device"
                    : r.outputFailure().getMessage();
            throw new Failure(ExitCode.ENVIRONMENT, "cannot write " + out.describe() + ": " + why + " after "
                    + human(writer.bytesWritten()) + "; " + where
                    + (out.isStdout() ? "" : "; use -o - to stream the archive elsewhere (procsnap -o - | ssh host 'cat > x.tar.zst')"));
        }
        String path = out.commit();
        boolean partial = isPartial(r, captor);
        err.println(summary(path, writer.bytesWritten(), r, captor, partial));
        if (redactor.total() > 0) {
            err.println("procsnap: masked " + redactor.total() + " secrets in command lines (counts per rule in "
                    + RedactingSink.REPORT_PATH + "; --no-redact keeps them)");
        }
        err.flush();
        return partial ? ExitCode.PARTIAL : ExitCode.OK;
    }

    private Map<String, List<String>> validate() {
        for (String f : addFiles) {
            if (!f.startsWith("/") || f.length() < 2 || f.contains("/../") || f.endsWith("/..") || f.contains("//")) {
                throw usage("--add-file needs an absolute, normal path: " + f);
            }
            String top = f.substring(1).split("/")[0];
            if (List.of("manifest.json", "cmd", "statfs", "samples", "procsnap").contains(top) || top.startsWith("index")) {
                throw usage("--add-file " + f + ": the archive reserves the top-level name " + top);
            }
            try {
                SafetyPolicy.check(Kind.READ_FILE, f);
                SafetyPolicy.checkEnviron(Kind.READ_FILE, f, includeEnviron);
            } catch (IllegalArgumentException e) {
                throw usage("--add-file " + f + ": " + e.getMessage());
            }
        }
        Map<String, List<String>> commands = new LinkedHashMap<>();
        for (String c : addCommands) {
            int eq = c.indexOf('=');
            String name = eq > 0 ? c.substring(0, eq) : "";
            List<String> argv = eq > 0 ? Arrays.asList(c.substring(eq + 1).trim().split("\\s+")) : List.of();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || argv.isEmpty() || argv.get(0).isEmpty()) {
                throw usage("--add-command needs NAME=COMMAND with NAME of letters, digits, . _ -: " + c);
            }
            if (commands.put(name, argv) != null) {
                throw usage("--add-command name used twice: " + name);
            }
        }
        if (!new File(procRoot).isDirectory()) {
            throw usage("--proc-root " + procRoot + " is not a directory");
        }
        if (samples < 0 || readers < 0 || maxAbandoned < 0 || maxFileSize < 4096) {
            throw usage("--samples, --readers, --max-abandoned must be >= 0 and --max-file-size >= 4096");
        }
        return commands;
    }

    private java.util.Set<io.procsnap.capture.collect.Phase> skipped() {
        java.util.Set<io.procsnap.capture.collect.Phase> phases = java.util.EnumSet.noneOf(io.procsnap.capture.collect.Phase.class);
        for (String name : skip) {
            switch (name.trim()) {
                case "details":
                    phases.add(io.procsnap.capture.collect.Phase.DETAILS);
                    break;
                case "system":
                    phases.add(io.procsnap.capture.collect.Phase.SYSTEM);
                    break;
                case "filesystems":
                    phases.add(io.procsnap.capture.collect.Phase.FILESYSTEMS);
                    break;
                case "commands":
                    phases.add(io.procsnap.capture.collect.Phase.COMMANDS);
                    break;
                default:
                    throw usage("--skip " + name + ": not a phase (details, system, filesystems, commands)");
            }
        }
        return phases;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * Lowers the priority of the commands the capture runs ({@code nice -n 19 ionice -t -c3}) when
     * those programs exist. The capture's own threads get their priority from the launcher script
     * (bin/procsnap), since Java cannot call setpriority.
     */
    static List<String> priorityWrapper(CommandRunner probe) {
        List<String> w = new ArrayList<>();
        String nice = probe.which("nice");
        if (nice != null) {
            w.addAll(List.of(nice, "-n", "19"));
        }
        String ionice = probe.which("ionice");
        if (ionice != null) {
            w.addAll(List.of(ionice, "-t", "-c", "3"));
        }
        return w;
    }

    private Map<String, String> options(List<String> wrapper) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("output", output == null ? "(default name)" : output);
        m.put("proc-root", procRoot);
        m.put("deadline", Durations.format(deadline));
        m.put("read-timeout", Durations.format(readTimeout));
        m.put("statfs-timeout", Durations.format(statfsTimeout));
        m.put("command-timeout", Durations.format(commandTimeout));
        m.put("samples", Integer.toString(samples));
        m.put("interval", Durations.format(interval));
        m.put("include-environ", Boolean.toString(includeEnviron));
        m.put("add-file", String.join(",", addFiles));
        m.put("add-command", String.join(",", addCommands));
        m.put("skip", String.join(",", skip));
        m.put("readers", Integer.toString(readers));
        m.put("max-abandoned", Integer.toString(maxAbandoned));
        m.put("max-file-size", Integer.toString(maxFileSize));
        return m;
    }

    /** Redaction as asked: the documented defaults plus --redact-pattern, or off with --no-redact. */
    private Redactor redactor() throws Failure {
        Redactor r = noRedact ? Redactor.disabled() : Redactor.defaults();
        for (String p : redactPatterns) {
            try {
                r = r.withPattern(p);
            } catch (IllegalArgumentException e) {
                throw new Failure(ExitCode.USAGE, "--redact-pattern " + p + ": " + e.getMessage());
            }
        }
        return r;
    }

    private static Map<String, String> withRedaction(Map<String, String> notes, Redactor redactor) {
        Map<String, String> m = new LinkedHashMap<>(notes);
        m.putAll(RedactingSink.manifestNotes(redactor));
        return m;
    }

    private static Map<String, String> notes(List<String> wrapper) {
        Map<String, String> m = new LinkedHashMap<>();
        String launcher = System.getenv("PROCSNAP_PRIORITY");
        m.put("priority", (launcher != null ? "capture: " + launcher + "; " : "capture: not lowered (run without launcher); ")
                + "commands: " + (wrapper.isEmpty() ? "not lowered" : String.join(" ", wrapper)));
        m.put("reader", io.procsnap.capture.engine.Engine.readerNote());
        return m;
    }

    static boolean isPartial(Capture.Result r, Manifest.Captor captor) {
        CaptureStats.Snapshot s = r.stats();
        // kernel threads and zombies have no exe/cwd/root link: those errors are answers, not gaps
        return s.count(Status.TIMEOUT) + s.count(Status.DENIED) + s.count(Status.SKIPPED)
                + s.count(Status.ERROR) - s.noLink() > 0
                || r.stopReason() != null || captor.uid() != 0 && captor.euid() != 0 || s.rejected() > 0;
    }

    static String summary(String path, long size, Capture.Result r, Manifest.Captor captor, boolean partial) {
        CaptureStats.Snapshot s = r.stats();
        StringBuilder sb = new StringBuilder("procsnap: wrote ").append(path).append(" (").append(human(size))
                .append(") in ").append(String.format(Locale.ROOT, "%.1f", r.durationNanos() / 1e9)).append(" s: ")
                .append(r.processes()).append(" processes, ").append(r.threads()).append(" threads; ");
        List<String> counts = new ArrayList<>();
        for (Status st : Status.values()) {
            if (s.count(st) > 0) {
                String note = "";
                if (st == Status.ERROR && s.noLink() > 0) {
                    note = (s.noLink() == s.count(st) ? " (all" : " (" + s.noLink() + " of them")
                            + " exe/cwd/root links that kernel threads and zombies do not have)";
                }
                counts.add(s.count(st) + " " + st.label() + note);
            }
        }
        sb.append(String.join(", ", counts));
        if (s.hungTotal() > 0) {
            sb.append("; hung: ").append(String.join(", ", s.hung()));
            if (s.hungTotal() > s.hung().size()) {
                sb.append(" (+").append(s.hungTotal() - s.hung().size()).append(" more)");
            }
        }
        if (!s.slowest().isEmpty()) {
            sb.append("; slowest: ");
            List<String> slow = new ArrayList<>();
            for (EntryHeader h : s.slowest()) {
                slow.add(h.path() + " " + h.elapsedNanos() / 1_000_000L + " ms");
            }
            sb.append(String.join(", ", slow));
        }
        if (r.stopReason() != null) {
            sb.append("; stopped early: ").append(r.stopReason());
        }
        if (r.abandoned() > 0) {
            sb.append("; ").append(r.abandoned()).append(r.abandoned() == 1 ? " reader thread" : " reader threads")
                    .append(" left blocked in the kernel");
        }
        if (s.rejected() > 0) {
            sb.append("; ").append(s.rejected()).append(" entries refused by the format (first: ").append(s.firstRejected()).append(")");
        }
        if (captor.euid() != 0) {
            sb.append("; not root (uid ").append(captor.euid()).append("): much was denied, run as root for a full capture");
        }
        sb.append(partial ? "; partial (exit 3)" : "; complete");
        return sb.toString();
    }

    static String human(long bytes) {
        if (bytes < 10 * 1024) {
            return bytes + " B";
        }
        if (bytes < 10 * MIB) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }

    /**
     * Whether this process's file descriptor {@code fd} is a terminal: the readlink of /proc/self/fd/N
     * (never opened). Progress goes to stderr only when fd 2 itself is one, also when stdout is a pipe
     * ({@code procsnap -o - | ssh ...}; System.console() looks at stdin and stdout instead); {@code -o -}
     * is refused when fd 1 is one. No /proc: no progress, no refusal.
     */
    static boolean isTerminal(int fd) {
        try {
            return isTerminalDevice(Files.readSymbolicLink(Paths.get("/proc/self/fd/" + fd)).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** True when {@code -o -} goes to this process's real fd 1 (not a stream a test or embedder passed). */
    private static boolean isProcessStdout(OutputStream stdout) {
        try {
            return stdout instanceof FileOutputStream && ((FileOutputStream) stdout).getFD() == java.io.FileDescriptor.out;
        } catch (IOException e) {
            return false;
        }
    }

    /** A terminal device node: a pseudo-terminal, a virtual console or serial line, the console. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }

    /** The version from the jar manifest. */
    public static final class Version implements CommandLine.IVersionProvider {
        static String version() {
            String v = CaptureCommand.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"procsnap " + version() + " (archive format " + Manifest.FORMAT_VERSION + ", Java "
                    + System.getProperty("java.runtime.version") + ")"};
        }
    }

    /** Where the archive goes: stdout, an existing device or FIFO written in place, or a temporary name renamed when complete. */
    static final class Output {
        /** Names of this process's stdout that mean the same as {@code -o -}. */
        private static final java.util.Set<String> STDOUT_NAMES = java.util.Set.of("/dev/stdout", "/dev/fd/1",
                "/proc/self/fd/1");
        final OutputStream stream;
        private final Path finalPath;
        private final Path tempPath;
        private Path target;

        private Output(OutputStream stream, Path finalPath, Path tempPath) {
            this.stream = stream;
            this.finalPath = finalPath;
            this.tempPath = tempPath;
            this.target = finalPath;
        }

        static Output open(String output, String hostname, Instant start, long minFree, OutputStream stdout)
                throws Failure {
            if (output != null && STDOUT_NAMES.contains(output)) {
                output = "-"; // the same as -o -: the file fd 1 refers to, not a file of procfs
            }
            if ("-".equals(output)) {
                if (isProcessStdout(stdout) && isTerminal(1)) {
                    throw new Failure(ExitCode.USAGE, "refusing to write the archive to a terminal: with -o - pipe or"
                            + " redirect stdout (procsnap -o - | ssh host 'cat > x.tar.zst'), or give -o FILE");
                }
                return new Output(new BufferedOutputStream(stdout, 1 << 16), null, null);
            }
            Path path = Paths.get(output != null ? output : defaultName(hostname, start));
            Path abs = path.toAbsolutePath();
            Path dir = abs.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new Failure(ExitCode.ENVIRONMENT, "cannot write " + path + ": no such directory " + dir);
            }
            Path realDir;
            try {
                realDir = dir.toRealPath();
            } catch (IOException e) {
                throw new Failure(ExitCode.ENVIRONMENT, "cannot write " + path + ": " + reason(e));
            }
            if (realDir.startsWith("/proc") || realDir.startsWith("/sys")) {
                throw new Failure(ExitCode.USAGE, "refusing to write the archive under " + realDir
                        + ": procsnap never writes under /proc or /sys; give -o FILE elsewhere or -o -");
            }
            if (Files.exists(abs) && !Files.isRegularFile(abs)) {
                if (Files.isDirectory(abs)) {
                    throw new Failure(ExitCode.USAGE, "cannot write " + path + ": it is a directory; give -o FILE");
                }
                // a device (/dev/null), FIFO or socket: written in place, never replaced by a renamed file
                try {
                    return new Output(new BufferedOutputStream(new FileOutputStream(abs.toFile()), 1 << 16), abs, null);
                } catch (IOException e) {
                    throw new Failure(ExitCode.ENVIRONMENT, "cannot write " + path + ": " + reason(e));
                }
            }
            long free = dir.toFile().getUsableSpace();
            if (free < minFree) {
                throw new Failure(ExitCode.ENVIRONMENT, "only " + human(free) + " free in " + dir + " (need "
                        + human(minFree) + "); stream the archive elsewhere instead: procsnap -o - | ssh host 'cat > x.tar.zst'");
            }
            Path temp = dir.resolve("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            try {
                return new Output(new BufferedOutputStream(new FileOutputStream(temp.toFile()), 1 << 16), abs, temp);
            } catch (IOException e) {
                throw new Failure(ExitCode.ENVIRONMENT, "cannot write " + temp + ": " + reason(e));
            }
        }

        /** {@code procsnap-<hostname>-<UTC yyyyMMddTHHmmssZ>.tar.zst}; odd characters of the hostname become '_'. */
        static String defaultName(String hostname, Instant start) {
            return "procsnap-" + safe(hostname) + "-" + STAMP.format(start) + ".tar.zst";
        }

        boolean isStdout() {
            return finalPath == null;
        }

        /** Written in place (stdout, or an existing device, FIFO or socket): nothing to rename. */
        private boolean inPlace() {
            return tempPath == null;
        }

        void useGzipName() {
            if (!inPlace() && finalPath.getFileName().toString().endsWith(".tar.zst")) {
                String n = finalPath.getFileName().toString();
                target = finalPath.resolveSibling(n.substring(0, n.length() - ".tar.zst".length()) + ".tar.gz");
            }
        }

        String describe() {
            return finalPath == null ? "stdout" : target.toString();
        }

        /** Renames the finished archive into place; returns its name. */
        String commit() throws Failure {
            if (inPlace()) { // the writer closed the stream
                return finalPath == null ? "stdout" : finalPath.toString();
            }
            try {
                Files.move(tempPath, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new Failure(ExitCode.ENVIRONMENT, "archive complete at " + tempPath + " but cannot rename it to "
                        + target + ": " + reason(e));
            }
            return target.toString();
        }

        /** Keeps what was written under {@code NAME.partial}; says where. */
        String keepPartial() {
            // Never close or flush the stream here: the writer thread may be blocked inside it (a stalled
            // pipe) holding its lock. What reached the file stays; the rename works on an open file.
            if (inPlace()) {
                return "the stream ends with the complete frames written so far";
            }
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            try {
                Files.move(tempPath, partial, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return "the partial archive (its complete frames are readable) is " + partial;
            } catch (IOException e) {
                return "the partial archive (its complete frames are readable) is " + tempPath;
            }
        }

        void abandon() {
            try {
                stream.close();
                if (tempPath != null) {
                    Files.deleteIfExists(tempPath);
                }
            } catch (IOException e) {
                // nothing useful was written
            }
        }

        private static String safe(String hostname) {
            String h = hostname == null ? "unknown" : hostname.replaceAll("[^A-Za-z0-9._-]", "_");
            return h.isEmpty() ? "unknown" : h;
        }

        private static String reason(IOException e) {
            return e.getMessage();
        }
    }
}
