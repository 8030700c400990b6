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
        spec.addOption(option(String.class, "FILE", Field.OUTPUT,
                "Archive to write; '-' streams it to stdout (a pipe or file, never a terminal). Default: procsnap-<hostname>-<UTC time>.tar.zst in the current directory."
                        + " Its SHA-256 is on the summary line and, for a regular file, in FILE.sha256 beside it (check with sha256sum -c).").build());
        spec.addOption(option(String.class, "DIR", Field.PROC_ROOT,
                "procfs tree to read (a container's /proc, a test fixture). Default: ${DEFAULT-VALUE}").build());
        spec.addOption(option(String.class, "PLATFORM", Field.PLATFORM,
                "Whose /proc the tree is: linux, sunos (illumos, Oracle Solaris: binary psinfo/lwpsinfo/status read by a disposable reader child, SunOS commands, mdb -k in the global zone with all privileges), or auto (this machine's). With --proc-root, sunos reads a SunOS /proc copied off a machine (or a test fixture) on any OS, with the commands found on PATH. Default: ${DEFAULT-VALUE}").build());
        spec.addOption(option(long.class, "DURATION", Field.DEADLINE,
                "The whole capture ends by then, archive closed, whatever hangs. Default: ${DEFAULT-VALUE}").converters(durations).build());
        spec.addOption(option(long.class, "DURATION", Field.READ_TIMEOUT,
                "Per file read, readlink, directory listing. Default: ${DEFAULT-VALUE}").converters(durations).build());
        spec.addOption(option(long.class, "DURATION", Field.STATFS_TIMEOUT,
                "Per mount (a dead NFS mount hangs statfs). Default: ${DEFAULT-VALUE}").converters(durations).build());
        spec.addOption(option(long.class, "DURATION", Field.COMMAND_TIMEOUT,
                "Per command (zpool, zfs, dmesg, df, --add-command); then SIGTERM, SIGKILL. Default: ${DEFAULT-VALUE}").converters(durations).build());
        spec.addOption(option(int.class, "N", Field.SAMPLES,
                "Repeated samples of every thread's stat, wchan, syscall, stack after the main pass. With 0, the threads "
                        + "that look blocked (D, or waiting outside the usual idle places) are sampled once more, "
                        + "--interval after their fast-pass reads, so stuck can be told from passing. Default: ${DEFAULT-VALUE}").build());
        spec.addOption(option(boolean.class, null, Field.NO_RESAMPLE,
                "With --samples 0: do not re-sample the threads that look blocked. Default: ${DEFAULT-VALUE}").build());
        spec.addOption(option(long.class, "DURATION", Field.INTERVAL,
                "Time between samples (and from a thread's first sample to its re-sample). Default: ${DEFAULT-VALUE}").converters(durations).build());
        spec.addOption(option(boolean.class, null, Field.INCLUDE_ENVIRON,
                "Also read /proc/PID/environ (may hold secrets). Default: ${DEFAULT-VALUE}").build());
        spec.addOption(option(List.class, "FILE", Field.ADD_FILES,
                "Also read this absolute file path (repeatable). Default: none").auxiliaryTypes(String.class).build());
        spec.addOption(option(List.class, "NAME=COMMAND", Field.ADD_COMMANDS,
                "Also run this command (split at spaces, no shell), stored under cmd/NAME (repeatable). Default: none").auxiliaryTypes(String.class).build());
        spec.addOption(option(List.class, "PHASE", Field.SKIP,
                "Phases not to run: details, system, filesystems, commands (comma-separated). Default: none").auxiliaryTypes(String.class).splitRegex(",").build());
        spec.addOption(option(int.class, "N", Field.READERS,
                "Reader threads; 0 = number of CPUs between 2 and 4. Default: ${DEFAULT-VALUE}").build());
        spec.addOption(option(int.class, "N", Field.MAX_ABANDONED,
                "Hung reader threads to abandon before skipping the remaining risky reads. Default: ${DEFAULT-VALUE}").build());
        spec.addOption(option(int.class, "BYTES", Field.MAX_FILE_SIZE,
                "Cap per file and per command stream; the rest is dropped and the entry marked truncated. Default: ${DEFAULT-VALUE}").build());
        spec.addOption(option(long.class, "BYTES", Field.MIN_FREE,
                "Refuse to start when the output file system has less free space. Default: ${DEFAULT-VALUE}").build());
        spec.addOption(option(List.class, "NAME=REGEX", Field.REDACT_PATTERNS,
                "Also mask this pattern in command lines and environments (repeatable; a group named 'secret' limits the mask to it). Default: none").auxiliaryTypes(String.class).build());
        spec.addOption(option(boolean.class, null, Field.NO_REDACT,
                "Keep command lines as they are (passwords, tokens, URL credentials are masked by default). Default: ${DEFAULT-VALUE}").build());
        // what mixinStandardHelpOptions adds, without reflecting over picocli's annotated mixin
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    private OptionSpec.Builder option(Class<?> type, String paramLabel, Field field, String description) {
        Binding binding = new Binding(field);
        OptionSpec.Builder b = OptionSpec.builder(field.names).type(type).description(description)
                .getter(binding).setter(binding)
                .initialValue(get(field)).hasInitialValue(true); // the field's value, as for an annotated field
        if (paramLabel != null) {
            b.paramLabel(paramLabel);
        }
        if (field.defaultValue != null) {
            b.defaultValue(field.defaultValue);
        }
        return b;
    }

    /**
     * Reads the command line of a capture without picocli, when every argument is one of the plain forms
     * it accepts: {@code --name value}, {@code --name=value}, {@code -o value}, a flag, each value of the
     * shape its option takes (a duration {@link Durations} reads, decimal digits, a comma-separated
     * {@code --skip} list), no single-valued option twice. Fills the fields as picocli would (the same
     * names and defaults, from {@link Field}) and returns true; returns false, with nothing to undo,
     * for everything else (help, version with other arguments, {@code watch}, an unknown or misspelled
     * option, a bad value, {@code --}, an {@code @file}), which picocli then reads, answers and reports
     * as always. Building picocli's model (every option, the help text, {@code watch}'s) took about
     * 100 ms of a capture's start on this 2-CPU machine, before the first read.
     */
    boolean parseSimple(String[] args) {
        java.util.Map<Field, Object> values = new java.util.EnumMap<>(Field.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Field field = Field.named(name);
            if (field == null) {
                return false;
            }
            if (field.shape == Shape.FLAG) {
                if (value != null || values.containsKey(field)) {
                    return false;
                }
                values.put(field, Boolean.TRUE);
                continue;
            }
            if (value == null) {
                if (++i == args.length) {
                    return false;
                }
                value = args[i];
            }
            Object v = simpleValue(field.shape, value);
            if (v == null) {
                return false;
            }
            if (field.shape == Shape.LIST || field.shape == Shape.SPLIT_LIST) {
                // no lambda here: the process's first one bootstraps the JVM's lambda machinery (12 to 18 ms
                // at load), which StartWarmer's thread does beside the set-up instead
                List<String> list = values.containsKey(field) ? list(values.get(field)) : new ArrayList<>();
                list.addAll(list(v));
                values.put(field, list);
            } else if (values.put(field, v) != null) {
                return false;
            }
        }
        for (Field f : Field.values()) {
            Object v = values.get(f);
            if (v == null && f.defaultValue != null) {
                v = simpleValue(f.shape, f.defaultValue);
            }
            if (v != null) {
                set(f, v);
            }
        }
        return true;
    }

    /** {@code value} as an option of this shape takes it, or null where picocli is to judge it. */
    private static Object simpleValue(Shape shape, String value) {
        // an option's or subcommand's name, an argument file, a quoted or empty value: picocli's rules and messages
        if (value.isEmpty() || value.equals("watch") || value.startsWith("@") || value.indexOf('"') >= 0 || value.indexOf('\'') >= 0
                || (value.startsWith("-") && value.length() > 1)) {
            return null;
        }
        switch (shape) {
            case TEXT:
                return value;
            case FLAG:
                return "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
            case LIST:
                return List.of(value);
            case SPLIT_LIST:
                if (value.startsWith(",") || value.endsWith(",") || value.contains(",,")) {
                    return null;
                }
                return List.of(value.split(","));
            case DURATION:
                try {
                    return Durations.parse(value);
                } catch (RuntimeException e) {
                    return null;
                }
            case INT:
            case LONG:
                // decimal digits without a leading zero (picocli's converters read "010" and "+1" their own way)
                int max = shape == Shape.INT ? 9 : 18;
                if (value.length() > max || (value.length() > 1 && value.charAt(0) == '0')) {
                    return null;
                }
                for (int k = 0; k < value.length(); k++) {
                    if (value.charAt(k) < '0' || value.charAt(k) > '9') {
                        return null;
                    }
                }
                return shape == Shape.INT ? (Object) Integer.valueOf(value) : (Object) Long.valueOf(value);
            default:
                return null;
        }
    }

    /** What an option's value is. */
    private enum Shape { TEXT, DURATION, INT, LONG, FLAG, LIST, SPLIT_LIST }

    /** The fields an option sets: the option's names, its default as picocli reads it, its value's shape. */
    private enum Field {
        OUTPUT(Shape.TEXT, null, "-o", "--output"),
        PROC_ROOT(Shape.TEXT, "/proc", "--proc-root"),
        PLATFORM(Shape.TEXT, "auto", "--platform"),
        DEADLINE(Shape.DURATION, "90s", "--deadline"),
        READ_TIMEOUT(Shape.DURATION, "2s", "--read-timeout"),
        STATFS_TIMEOUT(Shape.DURATION, "5s", "--statfs-timeout"),
        COMMAND_TIMEOUT(Shape.DURATION, "15s", "--command-timeout"),
        SAMPLES(Shape.INT, "0", "--samples"),
        NO_RESAMPLE(Shape.FLAG, "false", "--no-resample"),
        INTERVAL(Shape.DURATION, "1s", "--interval"),
        INCLUDE_ENVIRON(Shape.FLAG, "false", "--include-environ"),
        ADD_FILES(Shape.LIST, null, "--add-file"),
        ADD_COMMANDS(Shape.LIST, null, "--add-command"),
        SKIP(Shape.SPLIT_LIST, null, "--skip"),
        READERS(Shape.INT, "0", "--readers"),
        MAX_ABANDONED(Shape.INT, "16", "--max-abandoned"),
        MAX_FILE_SIZE(Shape.INT, "4194304", "--max-file-size"),
        MIN_FREE(Shape.LONG, "67108864", "--min-free"),
        REDACT_PATTERNS(Shape.LIST, null, "--redact-pattern"),
        NO_REDACT(Shape.FLAG, "false", "--no-redact");

        final Shape shape;
        final String defaultValue;
        final String[] names;

        Field(Shape shape, String defaultValue, String... names) {
            this.shape = shape;
            this.defaultValue = defaultValue;
            this.names = names;
        }

        /** The field of the option named {@code name} exactly, or null. */
        static Field named(String name) {
            for (Field f : values()) {
                for (String n : f.names) {
                    if (n.equals(name)) {
                        return f;
                    }
                }
            }
            return null;
        }
    }

    /** Every option's value, in {@link Field} order: for tests comparing two ways of reading a command line. */
    List<Object> values() {
        List<Object> all = new ArrayList<>();
        for (Field f : Field.values()) {
            all.add(get(f));
        }
        return all;
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
