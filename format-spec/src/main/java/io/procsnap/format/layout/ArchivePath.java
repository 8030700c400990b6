package io.procsnap.format.layout;

import java.util.Objects;

/**
 * What an archive path names (SPEC.md, "Entry paths"): the one parser ({@link #parse}) and the one
 * printer (the static methods below, which the records' {@link #path()} use too) of the archive's
 * layout. Paths mirror the live path without the leading slash.
 *
 * <pre>
 * proc/306, proc/306/stat, proc/306/fd/3      ProcessFile(306, null | "stat" | "fd/3")
 * proc/306/task/311, proc/306/task/311/wchan  ThreadFile(306, 311, null | "wchan")
 * samples/2/proc/306/task/311/stat            Sample(2, ThreadFile(306, 311, "stat"))
 * cmd/zpool-list/stdout                       CommandStream("zpool-list", STDOUT)
 * statfs/4                                    StatfsEntry(4)
 * manifest.json, index.tsv, procsnap/redaction  ToolOwned
 * proc/loadavg, etc/machine-id, anything else Other
 * </pre>
 *
 * <p>Pids, tids, sample and line numbers are decimal as the kernel prints them: digits, no sign, no
 * leading zero, at most {@link Integer#MAX_VALUE}; a path that spells one otherwise is {@link Other},
 * so {@code parse(p).path()} is {@code p} for every path. The printers are plain {@link String#concat}
 * calls, no {@code +}: the capture prints about 100,000 paths and its bundle runs C1 only, which does
 * not inline the method-handle chains of invokedynamic concatenation.
 */
public sealed interface ArchivePath
        permits ArchivePath.InProcess, ArchivePath.Sample, ArchivePath.CommandStream,
        ArchivePath.StatfsEntry, ArchivePath.ToolOwned, ArchivePath.Other {

    /** The format's own first entry. */
    String MANIFEST = "manifest.json";
    /** The capturing tool's redaction report (SPEC.md, "Entry paths"). */
    String REDACTION_REPORT = "procsnap/redaction";
    /** The capturing tool's record of its own process, abandoned readers and children ({@link SelfRecord}). */
    String SELF = "procsnap/self";
    /** The top-level directory of the repeated samples: {@code samples/K/...}. */
    String SAMPLES = Layout.SAMPLES;

    /** The archive path this names. */
    String path();

    /** A path below {@code proc/PID}: a {@link ProcessFile} or a {@link ThreadFile}. */
    sealed interface InProcess extends ArchivePath permits ProcessFile, ThreadFile {
        int pid();

        /** The path below the process or thread directory ({@code stat}, {@code fd/3}), null for the directory itself. */
        String file();

        /** The row of the kernel file table this is, or null when the capture does not list it ({@code fd/3}). */
        KernelFile row();

        /** The path below {@code proc/PID}: {@code stat}, {@code task/311/stack}; empty for {@code proc/PID} itself. */
        String underProcess();
    }

    /** {@code proc/PID} ({@code file} null) or a path below it that is not a thread's. */
    record ProcessFile(int pid, String file) implements InProcess {
        public ProcessFile {
            checkNumber(pid);
            checkFile(file);
        }

        @Override
        public String path() {
            String dir = processDirectory(pid);
            return file == null ? dir : under(dir, file);
        }

        @Override
        public KernelFile row() {
            return KernelFile.of(KernelFile.Scope.PROCESS, file == null ? "" : file);
        }

        @Override
        public String underProcess() {
            return file == null ? "" : file;
        }
    }

    /** {@code proc/PID/task/TID} ({@code file} null) or a path below it. */
    record ThreadFile(int pid, int tid, String file) implements InProcess {
        public ThreadFile {
            checkNumber(pid);
            checkNumber(tid);
            checkFile(file);
        }

        @Override
        public String path() {
            String dir = threadDirectory(pid, tid);
            return file == null ? dir : under(dir, file);
        }

        @Override
        public KernelFile row() {
            return KernelFile.of(KernelFile.Scope.THREAD, file == null ? "" : file);
        }

        @Override
        public String underProcess() {
            String t = KernelFile.TASKS.file().concat("/").concat(Integer.toString(tid));
            return file == null ? t : under(t, file);
        }
    }

    /** Repeated sample {@code k} (1..N) of a process or thread path: {@code samples/K/proc/...}. */
    record Sample(int sample, InProcess of) implements ArchivePath {
        public Sample {
            if (sample < 1) {
                throw new IllegalArgumentException("sample number " + sample + " < 1");
            }
            Objects.requireNonNull(of, "of");
        }

        @Override
        public String path() {
            return inSample(sample, of.path());
        }
    }

    /** One of a command's entries: {@code cmd/NAME/stdout}, {@code stderr} or {@code status}. */
    record CommandStream(String command, Stream stream) implements ArchivePath {
        public CommandStream {
            checkFile(command);
            if (command == null || command.indexOf('/') >= 0) {
                throw new IllegalArgumentException("command name '" + command + "' is empty or has a '/'");
            }
            Objects.requireNonNull(stream, "stream");
        }

        @Override
        public String path() {
            return ArchivePath.command(command, stream);
        }
    }

    /** {@code statfs/K}: statfs of the mount on line K (from 0) of the captured {@code proc/self/mountinfo}. */
    record StatfsEntry(int line) implements ArchivePath {
        public StatfsEntry {
            checkNumber(line);
        }

        @Override
        public String path() {
            return statfs(line);
        }
    }

    /** An entry of the format ({@code manifest.json}, {@code index*}) or of the capturing tool ({@code procsnap/...}). */
    record ToolOwned(String path) implements ArchivePath {
        public ToolOwned {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Any other path: a system file ({@code proc/loadavg}), an added file, a path this reader does not know. */
    record Other(String path) implements ArchivePath {
        public Other {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The entries of a command. */
    enum Stream {
        STDOUT("stdout"), STDERR("stderr"), STATUS("status");

        private final String fileName;

        Stream(String fileName) {
            this.fileName = fileName;
        }

        /** The last segment of the path: {@code stdout}, {@code stderr}, {@code status}. */
        public String fileName() {
            return fileName;
        }

        static Stream of(String fileName) {
            for (Stream s : values()) {
                if (s.fileName.equals(fileName)) {
                    return s;
                }
            }
            return null;
        }
    }

    // ---- the parser -----------------------------------------------------------------------------

    /** What {@code path} names; never null, {@link Other} for a path of no known kind. */
    static ArchivePath parse(String path) {
        return Layout.parse(path);
    }

    /**
     * A pid, tid, sample or line number as the kernel writes it (digits, no sign, no leading zero, fits an
     * int), or -1: the one test for "is this directory name a process".
     */
    static int number(String s) {
        return Layout.number(s, 0, s.length());
    }

    /** {@link #number(String)} of {@code s[from, to)}, without cutting it out. */
    static int number(String s, int from, int to) {
        return Layout.number(s, from, to);
    }

    /** True for the top-level names an archive reserves ({@code manifest.json}, {@code index*}, {@code cmd}, {@code statfs}, {@code samples}, {@code procsnap}). */
    static boolean isReservedTopLevel(String name) {
        return Layout.isReservedTopLevel(name);
    }

    /** True for the paths the format itself writes ({@code manifest.json}, {@code index*}): not entries. */
    static boolean isFormatOwned(String path) {
        return path.equals(MANIFEST) || path.startsWith(Layout.INDEX);
    }

    /**
     * True for a path in a captured procfs: below {@code proc/} or below a sample's {@code samples/K/proc/}
     * (where directories are entries: they carry the owners).
     */
    static boolean isInProcfs(String path) {
        if (path.startsWith(Layout.PROC_SLASH)) {
            return true;
        }
        if (!path.startsWith(Layout.SAMPLES_SLASH)) {
            return false;
        }
        int end = path.indexOf('/', Layout.SAMPLES_SLASH.length());
        return end > 0 && Layout.number(path, Layout.SAMPLES_SLASH.length(), end) > 0
                && path.startsWith(Layout.PROC_SLASH, end + 1);
    }

    /** True for a command's entries ({@code cmd/...}), cheaper than {@link #parse}. */
    static boolean isCommand(String path) {
        return path.startsWith(Layout.CMD_SLASH);
    }

    // ---- the printer ----------------------------------------------------------------------------

    /** {@code proc/PID}. */
    static String processDirectory(int pid) {
        return Layout.PROC_SLASH.concat(Integer.toString(pid));
    }

    /** {@code proc/PID/task/TID}. */
    static String threadDirectory(int pid, int tid) {
        return threadDirectory(tasksOf(processDirectory(pid)), tid);
    }

    /**
     * The prefix of a process's thread directories, {@code proc/PID/task/}, from its directory; for
     * {@link #threadDirectory(String, int)}. Works on the live directory too ({@code /proc/PID}).
     */
    static String tasksOf(String processDirectory) {
        return processDirectory.concat(Layout.TASK_SLASHED);
    }

    /**
     * The prefix of a SunOS process's LWP directories, {@code proc/PID/lwp/}, from its directory; for
     * {@link #threadDirectory(String, int)}, which then prints {@code proc/PID/lwp/LWPID}. (A SunOS LWP's files
     * parse as {@link ProcessFile}s: {@code proc/PID/lwp/1/lwpsinfo} is {@code ProcessFile(PID, "lwp/1/lwpsinfo")};
     * {@link #lwpFile} reads them.)
     */
    static String lwpsOf(String processDirectory) {
        return processDirectory.concat("/").concat(KernelFile.LWPS.file()).concat("/");
    }

    /** {@code proc/PID/lwp/LWPID}: a SunOS LWP's directory. */
    static String lwpDirectory(int pid, int lwpid) {
        return threadDirectory(lwpsOf(processDirectory(pid)), lwpid);
    }

    /**
     * A SunOS LWP's directory or file, as named below its process: {@code lwp/3/lwpsinfo} is
     * {@code LwpFile(3, "lwpsinfo")}, {@code lwp/3} is {@code LwpFile(3, null)}. Not an archive path of its
     * own: {@link #lwpFile} reads it from a {@link ProcessFile}.
     */
    record LwpFile(int lwpid, String file) {
        /** The row of the kernel file table ({@link KernelFile#LWPSINFO}, {@link KernelFile#LWPSTATUS}), or null. */
        public KernelFile row() {
            return file == null ? null : KernelFile.of(KernelFile.Kernel.SUNOS, KernelFile.Scope.THREAD, file);
        }
    }

    /** The SunOS LWP a process path names ({@code proc/PID/lwp/3/lwpsinfo}), or null for any other path. */
    static LwpFile lwpFile(ProcessFile p) {
        String f = p.file();
        String prefix = KernelFile.LWPS.file().concat("/");
        if (f == null || !f.startsWith(prefix)) {
            return null;
        }
        int slash = f.indexOf('/', prefix.length());
        int lwpid = Layout.number(f, prefix.length(), slash < 0 ? f.length() : slash);
        if (lwpid < 0 || slash == f.length() - 1) {
            return null;
        }
        return new LwpFile(lwpid, slash < 0 ? null : f.substring(slash + 1));
    }

    /** {@code proc/PID/task/TID} from {@link #tasksOf}: one concatenation per thread. */
    static String threadDirectory(String tasksPrefix, int tid) {
        return tasksPrefix.concat(Integer.toString(tid));
    }

    /** {@code DIRECTORY/FILE} for a row of the file table (its slash is made once). */
    static String under(String directory, KernelFile file) {
        return directory.concat(file.slashed());
    }

    /** {@code DIRECTORY/NAME}: a name listed in a directory ({@code fd/3}, a pool's kstat directory). */
    static String under(String directory, String name) {
        return directory.concat("/").concat(name);
    }

    /** {@code samples/K/PATH}: repeated sample K of the main-pass path. */
    static String inSample(int sample, String path) {
        return samplePrefix(sample).concat(path);
    }

    /** {@code samples/K/}. */
    static String samplePrefix(int sample) {
        return Layout.SAMPLES_SLASH.concat(Integer.toString(sample)).concat("/");
    }

    /** {@code cmd/NAME}: the directory of a command's entries. */
    static String commandDirectory(String name) {
        return Layout.CMD_SLASH.concat(name);
    }

    /** {@code cmd/NAME/stdout} and the others. */
    static String command(String name, Stream stream) {
        return commandStream(commandDirectory(name), stream);
    }

    /** {@code cmd/NAME/stdout} from {@link #commandDirectory}. */
    static String commandStream(String commandDirectory, Stream stream) {
        return under(commandDirectory, stream.fileName());
    }

    /** {@code statfs/K}. */
    static String statfs(int line) {
        return Layout.STATFS_SLASH.concat(Integer.toString(line));
    }

    /**
     * The live path an archive path under {@code proc} mirrors, below {@code procRoot} ({@code /proc}, or
     * a container's or a fixture's procfs): {@code proc/306/stat} -> {@code /proc/306/stat}; any other
     * path is below {@code /} ({@code etc/machine-id}).
     */
    static String live(String procRoot, String path) {
        if (path.equals(Layout.PROC)) {
            return procRoot;
        }
        if (path.startsWith(Layout.PROC_SLASH)) {
            return procRoot.concat(path.substring(Layout.PROC.length()));
        }
        return "/".concat(path);
    }

    private static void checkNumber(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative number " + n + " in an archive path");
        }
    }

    private static void checkFile(String file) {
        if (file != null && file.isEmpty()) {
            throw new IllegalArgumentException("empty file name in an archive path (null names the directory)");
        }
    }
}
