package io.procsnap.capture;

import io.procsnap.format.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The options of {@code procsnap}: their values (durations in nanoseconds) and their declaration on the
 * command line, with the help text.
 *
 * <p>The command line is declared with picocli's programmatic API ({@link #declare}), not its
 * annotations: reading annotations reflectively made the JDK generate a proxy class per annotation type
 * and parse every option's annotation on each start, about 40 ms of CPU before the first read. The model,
 * help text and messages are the same.
 */
final class CaptureOptions {
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

    String output;
    String procRoot;
    String platform = "auto";
    long deadline;
    long readTimeout;
    long statfsTimeout;
    long commandTimeout;
    int samples;
    long interval;
    boolean includeEnviron;
    boolean noResample;
    List<String> addFiles = new ArrayList<>();
    List<String> addCommands = new ArrayList<>();
    List<String> skip = new ArrayList<>();
    int readers;
    int maxAbandoned;
    int maxFileSize;
    long minFree;
    List<String> redactPatterns = new ArrayList<>();
    boolean noRedact;

    /** Declares the command's name, help text, version and every option, bound to these values. */
    void declare(CommandSpec spec) {
        spec.name("procsnap").versionProvider(new CaptureCommand.Version());
        spec.usageMessage().sortOptions(false).width(100)
                .description("Copies the kernel's view of a (hung) Linux, illumos or Solaris machine -- processes, threads,",
                        "SysV IPC, mounts, statfs, ZFS, dmesg or mdb -- into one archive. Every read has its own",
                        "timeout and the whole capture a deadline: it never hangs. Send the archive to whoever",
                        "analyses it with procsnap-replay. Without options it writes",
                        "procsnap-<hostname>-<UTC time>.tar.zst here (.tar.gz where zstd cannot load, as on SunOS).")
                .footer("", ExitCode.HELP_TABLE, "",
                        "Examples:",
                        "  procsnap                                     # writes ./procsnap-HOST-TIME.tar.zst",
                        "  procsnap -o - | ssh office 'cat > sick.tar.zst'   # nothing touches a full disk",
                        "  procsnap watch --dir /var/lib/procsnap-watch # captures by itself when it starts to hang",
                        "  procsnap --platform sunos --proc-root ./proc-copy   # a SunOS /proc copied off a machine");
        Durations durations = new Durations();
        spec.addOption(option(String.class, "FILE", null, Field.OUTPUT,
                "Archive to write; '-' streams it to stdout (a pipe or file, never a terminal). Default: procsnap-<hostname>-<UTC time>.tar.zst in the current directory."
                        + " Its SHA-256 is on the summary line and, for a regular file, in FILE.sha256 beside it (check with sha256sum -c).",
                "-o", "--output").build());
        spec.addOption(option(String.class, "DIR", "/proc", Field.PROC_ROOT,
                "procfs tree to read (a container's /proc, a test fixture). Default: ${DEFAULT-VALUE}",
                "--proc-root").build());
        spec.addOption(option(String.class, "PLATFORM", "auto", Field.PLATFORM,
                "Whose /proc the tree is: linux, sunos (illumos, Oracle Solaris: binary psinfo/lwpsinfo/status read by a disposable reader child, SunOS commands, mdb -k in the global zone with all privileges), or auto (this machine's). With --proc-root, sunos reads a SunOS /proc copied off a machine (or a test fixture) on any OS, with the commands found on PATH. Default: ${DEFAULT-VALUE}",
                "--platform").build());
        spec.addOption(option(long.class, "DURATION", "90s", Field.DEADLINE,
                "The whole capture ends by then, archive closed, whatever hangs. Default: ${DEFAULT-VALUE}",
                "--deadline").converters(durations).build());
        spec.addOption(option(long.class, "DURATION", "2s", Field.READ_TIMEOUT,
                "Per file read, readlink, directory listing. Default: ${DEFAULT-VALUE}",
                "--read-timeout").converters(durations).build());
        spec.addOption(option(long.class, "DURATION", "5s", Field.STATFS_TIMEOUT,
                "Per mount (a dead NFS mount hangs statfs). Default: ${DEFAULT-VALUE}",
                "--statfs-timeout").converters(durations).build());
        spec.addOption(option(long.class, "DURATION", "15s", Field.COMMAND_TIMEOUT,
                "Per command (zpool, zfs, dmesg, df, --add-command); then SIGTERM, SIGKILL. Default: ${DEFAULT-VALUE}",
                "--command-timeout").converters(durations).build());
        spec.addOption(option(int.class, "N", "0", Field.SAMPLES,
                "Repeated samples of every thread's stat, wchan, syscall, stack after the main pass. With 0, the threads "
                        + "that look blocked (D, or waiting outside the usual idle places) are sampled once more, "
                        + "--interval after their fast-pass reads, so stuck can be told from passing. Default: ${DEFAULT-VALUE}",
                "--samples").build());
        spec.addOption(option(boolean.class, null, "false", Field.NO_RESAMPLE,
                "With --samples 0: do not re-sample the threads that look blocked. Default: ${DEFAULT-VALUE}",
                "--no-resample").build());
        spec.addOption(option(long.class, "DURATION", "1s", Field.INTERVAL,
                "Time between samples (and from a thread's first sample to its re-sample). Default: ${DEFAULT-VALUE}",
                "--interval").converters(durations).build());
        spec.addOption(option(boolean.class, null, "false", Field.INCLUDE_ENVIRON,
                "Also read /proc/PID/environ (may hold secrets). Default: ${DEFAULT-VALUE}",
                "--include-environ").build());
        spec.addOption(option(List.class, "FILE", null, Field.ADD_FILES,
                "Also read this absolute file path (repeatable). Default: none",
                "--add-file").auxiliaryTypes(String.class).build());
        spec.addOption(option(List.class, "NAME=COMMAND", null, Field.ADD_COMMANDS,
                "Also run this command (split at spaces, no shell), stored under cmd/NAME (repeatable). Default: none",
                "--add-command").auxiliaryTypes(String.class).build());
        spec.addOption(option(List.class, "PHASE", null, Field.SKIP,
                "Phases not to run: details, system, filesystems, commands (comma-separated). Default: none",
                "--skip").auxiliaryTypes(String.class).splitRegex(",").build());
        spec.addOption(option(int.class, "N", "0", Field.READERS,
                "Reader threads; 0 = number of CPUs between 2 and 4. Default: ${DEFAULT-VALUE}",
                "--readers").build());
        spec.addOption(option(int.class, "N", "16", Field.MAX_ABANDONED,
                "Hung reader threads to abandon before skipping the remaining risky reads. Default: ${DEFAULT-VALUE}",
                "--max-abandoned").build());
        spec.addOption(option(int.class, "BYTES", "4194304", Field.MAX_FILE_SIZE,
                "Cap per file and per command stream; the rest is dropped and the entry marked truncated. Default: ${DEFAULT-VALUE}",
                "--max-file-size").build());
        spec.addOption(option(long.class, "BYTES", "67108864", Field.MIN_FREE,
                "Refuse to start when the output file system has less free space. Default: ${DEFAULT-VALUE}",
                "--min-free").build());
        spec.addOption(option(List.class, "NAME=REGEX", null, Field.REDACT_PATTERNS,
                "Also mask this pattern in command lines and environments (repeatable; a group named 'secret' limits the mask to it). Default: none",
                "--redact-pattern").auxiliaryTypes(String.class).build());
        spec.addOption(option(boolean.class, null, "false", Field.NO_REDACT,
                "Keep command lines as they are (passwords, tokens, URL credentials are masked by default). Default: ${DEFAULT-VALUE}",
                "--no-redact").build());
        // what mixinStandardHelpOptions adds, without reflecting over picocli's annotated mixin
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    private OptionSpec.Builder option(Class<?> type, String paramLabel, String defaultValue, Field field,
                                      String description, String... names) {
        Binding binding = new Binding(field);
        OptionSpec.Builder b = OptionSpec.builder(names).type(type).description(description)
                .getter(binding).setter(binding)
                .initialValue(get(field)).hasInitialValue(true); // the field's value, as for an annotated field
        if (paramLabel != null) {
            b.paramLabel(paramLabel);
        }
        if (defaultValue != null) {
            b.defaultValue(defaultValue);
        }
        return b;
    }

    /** The fields an option sets. */
    private enum Field {
        OUTPUT,
        PROC_ROOT,
        PLATFORM,
        DEADLINE,
        READ_TIMEOUT,
        STATFS_TIMEOUT,
        COMMAND_TIMEOUT,
        SAMPLES,
        NO_RESAMPLE,
        INTERVAL,
        INCLUDE_ENVIRON,
        ADD_FILES,
        ADD_COMMANDS,
        SKIP,
        READERS,
        MAX_ABANDONED,
        MAX_FILE_SIZE,
        MIN_FREE,
        REDACT_PATTERNS,
        NO_REDACT
    }

    private Object get(Field f) {
        switch (f) {
            case OUTPUT: return output;
            case PROC_ROOT: return procRoot;
            case PLATFORM: return platform;
            case DEADLINE: return deadline;
            case READ_TIMEOUT: return readTimeout;
            case STATFS_TIMEOUT: return statfsTimeout;
            case COMMAND_TIMEOUT: return commandTimeout;
            case SAMPLES: return samples;
            case NO_RESAMPLE: return noResample;
            case INTERVAL: return interval;
            case INCLUDE_ENVIRON: return includeEnviron;
            case ADD_FILES: return addFiles;
            case ADD_COMMANDS: return addCommands;
            case SKIP: return skip;
            case READERS: return readers;
            case MAX_ABANDONED: return maxAbandoned;
            case MAX_FILE_SIZE: return maxFileSize;
            case MIN_FREE: return minFree;
            case REDACT_PATTERNS: return redactPatterns;
            case NO_REDACT: return noRedact;
            default: throw new AssertionError(f);
        }
    }

    private void set(Field f, Object v) {
        switch (f) {
            case OUTPUT: output = (String) v; break;
            case PROC_ROOT: procRoot = (String) v; break;
            case PLATFORM: platform = (String) v; break;
            case DEADLINE: deadline = (Long) v; break;
            case READ_TIMEOUT: readTimeout = (Long) v; break;
            case STATFS_TIMEOUT: statfsTimeout = (Long) v; break;
            case COMMAND_TIMEOUT: commandTimeout = (Long) v; break;
            case SAMPLES: samples = (Integer) v; break;
            case NO_RESAMPLE: noResample = (Boolean) v; break;
            case INTERVAL: interval = (Long) v; break;
            case INCLUDE_ENVIRON: includeEnviron = (Boolean) v; break;
            case ADD_FILES: addFiles = list(v); break;
            case ADD_COMMANDS: addCommands = list(v); break;
            case SKIP: skip = list(v); break;
            case READERS: readers = (Integer) v; break;
            case MAX_ABANDONED: maxAbandoned = (Integer) v; break;
            case MAX_FILE_SIZE: maxFileSize = (Integer) v; break;
            case MIN_FREE: minFree = (Long) v; break;
            case REDACT_PATTERNS: redactPatterns = list(v); break;
            case NO_REDACT: noRedact = (Boolean) v; break;
            default: throw new AssertionError(f);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return (List<String>) value;
    }

    /**
     * An option's value: a field of the options, read and written through one switch. Not a pair of lambdas
     * per option: each lambda is a class the JVM spins at start (40 of them, about a tenth of the start-up
     * CPU of {@code --help}).
     */
    private final class Binding implements IGetter, ISetter {
        private final Field field;

        Binding(Field field) {
            this.field = field;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) CaptureOptions.this.get(field);
        }

        @Override
        public <T> T set(T value) {
            T old = get();
            CaptureOptions.this.set(field, value);
            return old;
        }
    }
}
