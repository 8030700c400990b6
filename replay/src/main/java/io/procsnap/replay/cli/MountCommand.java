package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ExitCode;
import io.procsnap.replay.archive.ArchiveSource;
import io.procsnap.replay.fuse.FuseEnvironment;
import io.procsnap.replay.fuse.ProcFileSystem;
import io.procsnap.replay.fuse.ProcFsMount;
import io.procsnap.replay.fuse.ProcTree;
import io.procsnap.replay.model.SunosHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code procsnap-replay mount ARCHIVE DIR}: serves the capture as a read-only procfs at DIR, in the
 * foreground until Ctrl-C, SIGTERM or {@code fusermount3 -u DIR}.
 */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Serves a capture as a read-only procfs at DIR (FUSE).",
                "The captured /proc is at the root with the same paths, modes and numeric owners; everything "
                + "else (cmd/, statfs/, samples/, manifest.json, summary.txt) is under DIR/.procsnap/. A read that "
                + "failed during capture fails the same way (timeout: EIO); getfattr -d shows why "
                + "(user.procsnap.status, user.procsnap.elapsed_us). /proc/self is the reading process itself.",
                "Runs in the foreground until Ctrl-C or SIGTERM (then unmounts), or until fusermount3 -u DIR.",
                "A SunOS capture is served raw (binary psinfo, lpsinfo, lwp/*/lwpsinfo): Linux procps cannot read "
                + "it; use ps, threads and diagnose of procsnap-replay instead."},
        footer = {"", "Without FUSE, use: procsnap-replay extract ARCHIVE DIR", "", ExitCode.HELP_TABLE})
public final class MountCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "the capture (.tar.zst)")
    Path archive;

    @Parameters(index = "1", paramLabel = "DIR", description = "an existing directory to mount on")
    Path dir;

    @Option(names = "--daemon", description = "mount in the background and return once it is served")
    boolean daemon;

    @Option(names = "--sample", paramLabel = "K", defaultValue = "0",
            description = "serve repeated sample K over the main pass at the root (default: ${DEFAULT-VALUE}, the main pass)")
    int sample;

    @Option(names = "--allow-other", description = "let other users read the mount (needs user_allow_other in /etc/fuse.conf when not root)")
    boolean allowOther;

    @Option(names = "--cache-mb", paramLabel = "MB", defaultValue = "0",
            description = "memory for file contents read from the archive (default: ${DEFAULT-VALUE}: none kept, the "
                    + "kernel's page cache keeps what was read and a read copies its file out of the last frames decompressed)")
    long cacheMb;

    @Option(names = "--no-prime", description = "do not fill the kernel's caches in the background once the mount "
            + "is served (by default, when run as root, the mount walks itself as ps -eLf does, so that the first ps "
            + "finds the processes' and threads' stat, status and cmdline cached)")
    boolean noPrime;

    @Override
    public Integer call() throws Exception {
        FuseEnvironment env = FuseEnvironment.probe();
        if (!env.usable()) {
            throw new UserException(ExitCode.ENVIRONMENT, env.explain());
        }
        if (daemon) {
            return Daemon.start(spec.commandLine().getOut(), dir);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ArchiveReader reader = ArchiveSupport.open(archive)) {
            ArchiveSource source = ArchiveSource.of(reader);
            ProcTree tree = ArchiveSupport.tree(source, sample);
            ProcFsMount mount = mount(env, source, tree, dir, allowOther, cacheMb); // unmounted on exit too
            out.println("serving " + archive + " at " + mount.mountPoint() + " (" + tree.placed() + " entries"
                    + (tree.skipped() > 0 ? ", " + tree.skipped() + " not served" : "") + ", "
                    + ArchiveSupport.sampleCount(tree) + " repeated samples"
                    + (reader.summary().damage() != null ? ", damaged archive: " + reader.summary().damage() : "")
                    + "); stop with Ctrl-C or fusermount3 -u " + mount.mountPoint());
            boolean sunos = SunosHost.isSunos(reader.manifest());
            if (!noPrime && !sunos) {
                mount.prime();
            }
            if (sunos) {
                out.println("note: a SunOS capture: the tree is served raw (psinfo, lpsinfo, lwp/*/lwpsinfo are binary "
                        + "SunOS structures); Linux procps (ps, top) cannot read them: use procsnap-replay ps, threads "
                        + "and diagnose, or copy the tree to a SunOS machine");
            }
            out.flush();
            while (mount.isMounted()) {
                Thread.sleep(300);
            }
            mount.close();
            return ExitCode.OK;
        }
    }

    static ProcFsMount mount(FuseEnvironment env, ArchiveSource source, ProcTree tree, Path dir, boolean allowOther,
                             long cacheMb) throws IOException {
        try {
            return ProcFsMount.mount(env, callers -> new ProcFileSystem(source, tree,
                    org.cryptomator.jfuse.api.Fuse.builder().errno(), callers, Path.of("/proc"), cacheMb << 20),
                    dir, new ProcFsMount.Options(allowOther, true));
        } catch (ProcFsMount.FuseUnavailableException e) {
            throw new UserException(ExitCode.ENVIRONMENT, e.getMessage());
        }
    }
}
