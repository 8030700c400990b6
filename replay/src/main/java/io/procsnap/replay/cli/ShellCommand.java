package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ExitCode;
import io.procsnap.replay.archive.ArchiveSource;
import io.procsnap.replay.fuse.FuseEnvironment;
import io.procsnap.replay.fuse.ProcFsMount;
import io.procsnap.replay.fuse.ProcTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code procsnap-replay shell ARCHIVE [-- COMMAND...]}: runs a shell or a command in a private mount
 * namespace in which the capture is mounted over {@code /proc}, so unmodified procps reads the
 * capture.
 *
 * <p>How: the capture is FUSE-mounted by this process at a private temporary directory; the child is
 * {@code unshare --mount --propagation private} (plus {@code --user --map-root-user} when not root)
 * running {@code mount --bind TMP /proc} and then exec'ing the command. The FUSE server stays outside
 * the namespace (it reads the caller's own live /proc/PID for /proc/self through the host's procfs).
 * The exit status of the command is this command's exit status.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Runs a shell or COMMAND with the capture mounted over /proc (private mount namespace).",
                "ps, top, pstree, free, uptime, vmstat and pgrep then show the captured machine. "
                + "Nothing changes outside that namespace. The exit status is COMMAND's.",
                "COMMAND sees the capture's wall-clock time (libfaketime, Debian package faketime, preloaded into "
                + "COMMAND only), so date, top, uptime and ps -o lstart agree with the capture; without libfaketime "
                + "a line on stderr says so. --real-time keeps this machine's clock.",
                "Needs FUSE and unshare(1); as non-root, also unprivileged user namespaces."},
        footer = {"", "Options of shell go before ARCHIVE; everything after it is COMMAND, its options included.",
                "Example: procsnap-replay shell capture.tar.zst ps -eLo pid,tid,stat,wchan:32,comm", "",
                ExitCode.HELP_TABLE})
final class ShellCommand implements Callable<Integer> {
    /** Exit status the wrapper uses when it cannot set the namespace up (before COMMAND runs). */
    static final int SETUP_FAILED = 125;
    /**
     * Runs inside the namespace: bind the capture over /proc, say so, then exec COMMAND; only COMMAND (not
     * unshare, sh or mount) gets libfaketime, through the two PROCSNAP_SHELL_ variables set by this class.
     */
    private static final String SCRIPT = "mount --bind \"$1\" /proc || exit " + SETUP_FAILED + "; : > \"$2\"; "
            + "shift 2; if [ -n \"$PROCSNAP_SHELL_FAKETIME\" ]; then "
            + "export LD_PRELOAD=\"$PROCSNAP_SHELL_PRELOAD${LD_PRELOAD:+:$LD_PRELOAD}\" "
            + "FAKETIME=\"$PROCSNAP_SHELL_FAKETIME\" DONT_FAKE_MONOTONIC=1 FAKETIME_DONT_FAKE_MONOTONIC=1; fi; "
            + "unset PROCSNAP_SHELL_PRELOAD PROCSNAP_SHELL_FAKETIME; exec \"$@\"";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "the capture (.tar.zst)")
    Path archive;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "command and arguments (default: $SHELL)")
    List<String> command = new ArrayList<>();

    @Option(names = "--sample", paramLabel = "K", defaultValue = "0",
            description = "serve repeated sample K over the main pass (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--real-time",
            description = "COMMAND sees this machine's clock; by default it sees the capture's (libfaketime)")
    boolean realTime;

    @Option(names = "--cache-mb", paramLabel = "MB", defaultValue = "64",
            description = "memory for file contents read from the archive (default: ${DEFAULT-VALUE}); the kernel's page cache keeps what was read")
    long cacheMb;

    @Override
    public Integer call() throws Exception {
        FuseEnvironment env = FuseEnvironment.probe();
        if (!env.usable()) {
            throw new UserException(ExitCode.ENVIRONMENT, env.explain());
        }
        boolean root = FuseEnvironment.isRoot();
        List<String> missing = namespaceProblems(root);
        if (!missing.isEmpty()) {
            throw new UserException(ExitCode.ENVIRONMENT, "cannot make a private mount namespace: "
                    + String.join("; ", missing) + ". Use procsnap-replay mount ARCHIVE DIR and read DIR instead");
        }
        Path work = Files.createTempDirectory("procsnap-shell-");
        Path mnt = Files.createDirectory(work.resolve("proc"));
        Path started = work.resolve("started");
        ProcFsMount mount = null;
        try (ArchiveReader reader = ArchiveSupport.open(archive)) {
            ArchiveSource source = ArchiveSource.of(reader);
            ProcTree tree = ArchiveSupport.tree(source, sample);
            CaptureClock clock = realTime ? null : CaptureClock.of(reader);
            if (clock != null && clock.library() == null) {
                spec.commandLine().getErr().println("procsnap-replay shell: libfaketime is not installed (Debian package "
                        + "faketime): COMMAND sees this machine's clock, not the capture's (" + clock.captured() + ")");
                spec.commandLine().getErr().flush();
            }
            mount = MountCommand.mount(env, source, tree, mnt, false, cacheMb); // unmounted on exit too
            int exit = runInNamespace(root, mnt, started, clock);
            if (exit == SETUP_FAILED && !Files.exists(started)) {
                throw new UserException(ExitCode.ENVIRONMENT, "could not mount the capture over /proc in a private "
                        + "namespace (see the message above)");
            }
            return exit;
        } finally {
            if (mount != null) {
                mount.close();
            }
            Files.deleteIfExists(started);
            if (!ProcFsMount.isMountPoint(mnt)) {
                Files.deleteIfExists(mnt);
                Files.deleteIfExists(work);
            }
        }
    }

    private int runInNamespace(boolean root, Path mnt, Path started, CaptureClock clock)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("unshare"));
        if (!root) {
            argv.addAll(List.of("--user", "--map-root-user"));
        }
        argv.addAll(List.of("--mount", "--propagation", "private", "--", "/bin/sh", "-c", SCRIPT, "procsnap-shell",
                mnt.toString(), started.toString()));
        // everything after ARCHIVE is the command (stop at positional); an explicit -- before it is dropped
        List<String> command = !this.command.isEmpty() && this.command.get(0).equals("--")
                ? this.command.subList(1, this.command.size()) : this.command;
        if (command.isEmpty()) {
            String shell = System.getenv("SHELL");
            argv.add(shell == null || shell.isBlank() ? "/bin/sh" : shell);
        } else {
            argv.addAll(command);
        }
        ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
        pb.environment().put("PROCSNAP_ARCHIVE", archive.toAbsolutePath().toString());
        if (clock != null && clock.library() != null) {
            pb.environment().put("PROCSNAP_SHELL_PRELOAD", clock.library().toString());
            pb.environment().put("PROCSNAP_SHELL_FAKETIME", CaptureClock.offset(clock.captured(), Instant.now()));
        }
        spec.commandLine().getOut().flush();
        Process child = pb.start();
        ignoreTerminalSignals();
        return child.waitFor();
    }

    /**
     * Ctrl-C and Ctrl-\ go to the whole foreground process group: the command handles them; this
     * process must stay up (and keep serving) until the command ends.
     */
    @SuppressWarnings("removal")
    private static void ignoreTerminalSignals() {
        for (String name : new String[] {"INT", "QUIT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> { });
            } catch (IllegalArgumentException e) {
                // signal not available here
            }
        }
    }

    /** What stops a private mount namespace here, as sentences; empty when nothing does. */
    static List<String> namespaceProblems(boolean root) {
        List<String> problems = new ArrayList<>();
        if (FuseEnvironment.onPathOf("unshare") == null) {
            problems.add("unshare(1) is not on PATH (util-linux)");
        }
        if (!root) {
            if ("0".equals(read("/proc/sys/user/max_user_namespaces"))) {
                problems.add("user namespaces are disabled (/proc/sys/user/max_user_namespaces is 0)");
            }
            if ("0".equals(read("/proc/sys/kernel/unprivileged_userns_clone"))) {
                problems.add("unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0)");
            }
            if ("1".equals(read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"))) {
                problems.add("AppArmor restricts unprivileged user namespaces "
                        + "(kernel.apparmor_restrict_unprivileged_userns=1); run as root");
            }
        }
        return problems;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
