package io.procsnap.capture;

import io.procsnap.capture.collect.Phase;
import io.procsnap.capture.collect.Settings;
import io.procsnap.capture.engine.ArchiveSink;
import io.procsnap.capture.engine.CommandRunner;
import io.procsnap.capture.engine.EngineConfig;
import io.procsnap.capture.engine.IoFailure;
import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.SafetyPolicy;
import io.procsnap.capture.redact.RedactingSink;
import io.procsnap.capture.redact.Redactor;
import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.Compression;
import io.procsnap.format.ExitCode;
import io.procsnap.format.Manifest;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code procsnap}: capture this machine's kernel view into one archive, every read under a timeout.
 *
 * <p>The run, in order: the options ({@link CaptureOptions}) are checked and turned into a
 * {@link Capture.Plan}; the output is opened ({@link OutputTarget}); the capture runs with a signal hook
 * that finishes it early ({@link SignalStop}) while another thread makes the manifest
 * ({@link CaptureManifest}) and opens the archive in the output ({@link ArchiveSink});
 * the archive is renamed into place and one summary line printed ({@link CaptureSummary}); the exit
 * code says whether it is partial ({@link PartialRule}).
 */
public final class CaptureCommand implements Callable<Integer> {
    static final long SECOND = 1_000_000_000L;

    /** The factory to pass to {@code new CommandLine(spec(c), FACTORY)}: see {@link CaptureOptions#FACTORY}. */
    static final CommandLine.IFactory FACTORY = CaptureOptions.FACTORY;

    CommandSpec spec;
    final CaptureOptions options = new CaptureOptions();

    private final OutputStream stdout;

    public CaptureCommand() {
        this(new FileOutputStream(FileDescriptor.out));
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
        c.options.declare(spec);
        c.spec = spec;
        return spec;
    }

    /**
     * Runs the capture of a command line read without picocli ({@link CaptureOptions#parseSimple}), its
     * messages on {@code err}. A usage error (a value that parses but is refused: a relative
     * {@code --add-file}, an unknown phase) throws {@link ReadAgain} before anything is opened or run: the
     * caller then hands the command line to picocli, which reports it as ever.
     */
    Integer callParsed(PrintWriter err) throws Exception {
        this.err = err;
        return call();
    }

    /** See {@link #callParsed}: a usage error found without picocli's command line to report it. */
    static final class ReadAgain extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadAgain() {
            super(null, null, false, false);
        }
    }

    /** Where messages go when the command line was read without picocli ({@link #callParsed}). */
    private PrintWriter err;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        CaptureOptions o = options;
        PrintWriter err = spec != null ? spec.commandLine().getErr() : this.err;
        Map<String, List<String>> commands = validate();
        // usage errors first, before SunOS's facts run commands (callParsed: nothing done yet when it reads again)
        Set<Phase> skipped = skipped();
        Redactor redactor = redactor();
        KernelFile.Kernel kernel = kernel(o.platform);
        List<String> searchPath = CommandRunner.defaultSearchPath(System.getenv("PATH"));
        CommandRunner probe = new CommandRunner(searchPath, List.of(), SECOND, o.maxFileSize);
        SunosFacts sunos = kernel == KernelFile.Kernel.SUNOS ? SunosFacts.gather(probe) : null;
        Settings settings = new Settings(o.procRoot, o.readTimeout, o.statfsTimeout, o.commandTimeout,
                o.includeEnviron, o.addFiles, commands, kernel, sunos != null && sunos.kernelDebugger());
        EngineConfig engine = new EngineConfig(Capture.Defaults.readers(o.readers), o.maxAbandoned, o.deadline,
                EngineConfig.reserveFor(o.deadline), o.maxFileSize, Capture.Defaults.GRACE_NANOS, o.includeEnviron);
        Saturation saturation = Saturation.current();
        List<String> wrapper = priorityWrapper(probe, saturation.saturated());
        CommandRunner runner = new CommandRunner(searchPath, wrapper, Capture.Defaults.GRACE_NANOS,
                Capture.Defaults.commandOutputCap(o.maxFileSize));
        Capture.Plan plan = new Capture.Plan(settings, engine, runner, o.samples, o.interval, skipped,
                o.samples == 0 && !o.noResample);

        Manifest.Host host = sunos != null ? sunos.host() : HostFacts.host(settings.procRoot());
        Manifest.Captor captor = SunosFacts.captor();
        Instant startUtc = Instant.now();
        // made on the thread that opens the archive, beside the fast pass (run)
        Supplier<Manifest> manifest = () -> (sunos == null ? CaptureManifest.of(o, host, captor, startUtc, wrapper, saturation, redactor)
                : CaptureManifest.of(o, host, captor, startUtc, wrapper, saturation, redactor, sunos.platform(),
                        Map.of("mdb", sunos.debuggerNote())))
                .withTrigger(io.procsnap.capture.watch.TriggerHandoff.fromEnvironment(w -> err.println("procsnap: " + w)));

        // the hook goes in before the output opens: a signal during set-up (a loaded machine takes its
        // time) still ends in a finished partial archive, not in a bare exit on the signal
        AtomicReference<String> stopRequest = new AtomicReference<>();
        SignalStop onSignal = SignalStop.install(stopRequest, t0 + o.deadline + Capture.FINISH_MARGIN_NANOS);
        try {
            return run(o, plan, host, startUtc, manifest, redactor, captor, err, t0, stopRequest);
        } finally {
            onSignal.remove();
        }
    }

    /**
     * Opens the output, then runs the capture while another thread ({@code procsnap-open}) makes the
     * manifest and opens the archive in it (the compressor, the checksum, the manifest written: about a
     * third of the set-up's time, ~70 ms on this 2-CPU machine), so the fast pass starts that much sooner.
     * That matters for the default re-sample: the capture lasts at least until one interval after the
     * first sample of the last thread that looked blocked. Entries read before the archive is open wait in
     * the writer's bounded queue ({@link ArchiveSink}); an archive that cannot be opened ends the capture
     * with the same error as before, nothing kept.
     */
    private int run(CaptureOptions o, Capture.Plan plan, Manifest.Host host, Instant startUtc, Supplier<Manifest> manifest,
            Redactor redactor, Manifest.Captor captor, PrintWriter err, long t0, AtomicReference<String> stopRequest)
            throws Exception {
        OutputTarget out = OutputTarget.open(o.output, host.hostname(), startUtc, o.minFree, stdout);
        // frames sized by the machine's thread count (Capture.Defaults.frameSize; SunOS has no loadavg
        // file: 4 MiB): the writer's frame buffer is resident memory
        int threads = Capture.Defaults.threadsOf(HostFacts.firstLine(o.procRoot + "/loadavg"));
        CompletableFuture<ArchiveWriter> opening = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                opening.complete(ArchiveWriter.open(out.stream, manifest.get(),
                        ArchiveWriter.Options.defaults().withFrameSize(Capture.Defaults.frameSize(threads))));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "procsnap-open");
        opener.setDaemon(true);
        opener.start();
        if (System.getenv("PROCSNAP_TIMING") != null) {
            err.println("procsnap: set-up " + (System.nanoTime() - t0) / 1_000_000L + " ms (host facts, output opened)");
            err.flush();
        }
        PrintStream progress = Terminal.isTerminal(2) ? new PrintStream(new FileOutputStream(FileDescriptor.err), true)
                : null;
        Capture.Result r = Capture.run(plan, new RedactingSink(new ArchiveSink(opening, out.stream), redactor), t0,
                progress, stopRequest);
        ArchiveWriter writer;
        try {
            // opened by now, unless the output stalled as the manifest was written (the capture gave up at its deadline)
            writer = opening.getNow(null);
        } catch (CompletionException e) {
            out.abandon(); // nothing of the archive was written: not even its manifest
            if (e.getCause() instanceof IOException io) {
                throw new CaptureFailure(ExitCode.ENVIRONMENT, "cannot write " + out.describe() + ": " + io.getMessage());
            }
            // an internal error (exit 70), as before this ran beside the capture
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
        if (writer == null) {
            // the opener is blocked in the stalled output with its lock: neither closed nor renamed here
            throw new CaptureFailure(ExitCode.ENVIRONMENT, "cannot write " + out.describe()
                    + ": the output stalled before the archive's first frame; nothing readable was written");
        }
        if (writer.compression() == Compression.GZIP) {
            out.useGzipName();
            err.println("procsnap: zstd native library unavailable; writing a gzip archive instead");
        }
        return finish(r, out, writer, captor, redactor, err);
    }

    private int finish(Capture.Result r, OutputTarget out, ArchiveWriter writer, Manifest.Captor captor,
                       Redactor redactor, PrintWriter err) throws CaptureFailure {
        if (r.outputFailure() != null || !r.finished()) {
            String where = out.keepPartial();
            String why = r.outputFailure() == null ? "the output stalled past the deadline"
                    : IoFailure.isNoSpace(r.outputFailure()) ? "no space left on device"
                    : r.outputFailure().getMessage();
            throw new CaptureFailure(ExitCode.ENVIRONMENT, "cannot write " + out.describe() + ": " + why + " after "
                    + CaptureSummary.human(writer.bytesWritten()) + "; " + where
                    + (out.isStdout() ? "" : "; use -o - to stream the archive elsewhere (procsnap -o - | ssh host 'cat > x.tar.zst')"));
        }
        String path = out.commit();
        boolean partial = PartialRule.isPartial(r, captor);
        err.println(CaptureSummary.line(path, writer.bytesWritten(), r, captor, partial, out.sha256(), out.sidecar()));
        if (redactor.total() > 0) {
            err.println("procsnap: masked " + redactor.total() + " secrets in command lines (counts per rule in "
                    + RedactingSink.REPORT_PATH + "; --no-redact keeps them)");
        }
        err.flush();
        return partial ? ExitCode.PARTIAL : ExitCode.OK;
    }

    private Map<String, List<String>> validate() {
        for (String f : options.addFiles) {
            if (!f.startsWith("/") || f.length() < 2 || f.contains("/../") || f.endsWith("/..") || f.contains("//")) {
                throw usage("--add-file needs an absolute, normal path: " + f);
            }
            String top = f.substring(1).split("/")[0];
            if (ArchivePath.isReservedTopLevel(top)) {
                throw usage("--add-file " + f + ": the archive reserves the top-level name " + top);
            }
            try {
                SafetyPolicy.check(Kind.READ_FILE, f);
                SafetyPolicy.checkEnviron(Kind.READ_FILE, f, options.includeEnviron);
            } catch (IllegalArgumentException e) {
                throw usage("--add-file " + f + ": " + e.getMessage());
            }
        }
        Map<String, List<String>> commands = new LinkedHashMap<>();
        for (String c : options.addCommands) {
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
        try {
            kernelName(options.platform);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (!new File(options.procRoot).isDirectory()) {
            throw usage("--proc-root " + options.procRoot + " is not a directory");
        }
        if (options.samples < 0 || options.readers < 0 || options.maxAbandoned < 0 || options.maxFileSize < 4096) {
            throw usage("--samples, --readers, --max-abandoned must be >= 0 and --max-file-size >= 4096");
        }
        return commands;
    }

    private Set<Phase> skipped() {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String name : options.skip) {
            switch (name.trim()) {
                case "details" -> phases.add(Phase.DETAILS);
                case "system" -> phases.add(Phase.SYSTEM);
                case "filesystems" -> phases.add(Phase.FILESYSTEMS);
                case "commands" -> phases.add(Phase.COMMANDS);
                default -> throw usage("--skip " + name + ": not a phase (details, system, filesystems, commands)");
            }
        }
        return phases;
    }

    /**
     * The kernel {@code --platform} names: {@code linux}, {@code sunos}, or for {@code auto} this machine's
     * ({@code os.name} SunOS is illumos or Solaris).
     */
    static KernelFile.Kernel kernel(String platform) {
        return "sunos".equals(kernelName(platform)) ? KernelFile.Kernel.SUNOS : KernelFile.Kernel.LINUX;
    }

    /** {@code linux} or {@code sunos}; throws for any other value than those and {@code auto}. */
    static String kernelName(String platform) {
        String p = platform == null ? "auto" : platform.trim().toLowerCase(java.util.Locale.ROOT);
        switch (p) {
            case "auto":
                return "SunOS".equals(System.getProperty("os.name")) ? "sunos" : "linux";
            case "linux":
            case "sunos":
                return p;
            default:
                throw new IllegalArgumentException("--platform " + platform + ": not a platform (auto, linux, sunos)");
        }
    }

    /** Redaction as asked: the documented defaults plus --redact-pattern, or off with --no-redact. */
    private Redactor redactor() throws CaptureFailure {
        Redactor r = options.noRedact ? Redactor.disabled() : Redactor.defaults();
        for (String p : options.redactPatterns) {
            try {
                r = r.withPattern(p);
            } catch (IllegalArgumentException e) {
                throw new CaptureFailure(ExitCode.USAGE, "--redact-pattern " + p + ": " + e.getMessage());
            }
        }
        return r;
    }

    private RuntimeException usage(String message) {
        if (spec == null) {
            throw new ReadAgain();
        }
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * Lowers the priority of the commands the capture runs ({@code nice -n 19 ionice -t -c3}) when
     * those programs exist. The capture's own threads get their priority from the launcher script
     * (bin/procsnap), since Java cannot call setpriority. Where the CPUs are saturated ({@link Saturation}:
     * the launcher's decision, or run without it the jar's own, made the same way) the commands keep the capture's CPU priority: at nice 19 behind 8 busy loops on
     * 2 CPUs each took 4 to 7 s (dmesg, df, each zpool/zfs probe), the commands phase 39 s of a 40 s capture.
     */
    static List<String> priorityWrapper(CommandRunner probe) {
        return priorityWrapper(probe, Saturation.current().saturated());
    }

    static List<String> priorityWrapper(CommandRunner probe, boolean saturated) {
        List<String> w = new ArrayList<>();
        String nice = saturated ? null : probe.which("nice");
        if (nice != null) {
            w.addAll(List.of(nice, "-n", "19"));
        }
        String ionice = probe.which("ionice");
        if (ionice != null) {
            w.addAll(List.of(ionice, "-t", "-c", "3"));
        }
        return w;
    }

    /** The version lines ({@link VersionText}) for picocli's {@code --version} and {@code -V}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return VersionText.lines();
        }
    }
}
