package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.fuse.ProcFsMount;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code mount --daemon}: starts this same command line again without {@code --daemon}, in its own
 * session ({@code setsid}), and returns once the mount is served or the child has failed.
 */
final class Daemon {
    private static final long WAIT_SECONDS = 60;

    private Daemon() {
    }

    static int start(PrintWriter out, Path dir) throws IOException, InterruptedException {
        List<String> argv = ownCommandLine();
        int at = argv.indexOf("--daemon");
        if (at < 0) {
            throw new UserException(ExitCode.INTERNAL, "cannot find --daemon in this process's command line");
        }
        argv.remove(at);
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(argv);
        Path log = Files.createTempFile("procsnap-replay-mount-", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (ProcFsMount.isMountPoint(dir)) {
                out.println("mounted at " + dir.toAbsolutePath().normalize() + " by pid " + child.pid() + " (log: " + log
                        + "); unmount with fusermount3 -u " + dir + " or kill " + child.pid());
                out.flush();
                return ExitCode.OK;
            }
            if (child.waitFor(200, TimeUnit.MILLISECONDS)) {
                String text = Files.readString(log, StandardCharsets.UTF_8).strip();
                throw new UserException(child.exitValue() == 0 ? ExitCode.ENVIRONMENT : child.exitValue(),
                        "the background mount ended before serving: " + text);
            }
        }
        child.descendants().forEach(ProcessHandle::destroy);
        child.destroy();
        throw new UserException(ExitCode.ENVIRONMENT, "the background mount did not come up within "
                + WAIT_SECONDS + " s (log: " + log + ")");
    }

    /** argv of this JVM from /proc/self/cmdline (NUL-separated), which includes every JVM option. */
    static List<String> ownCommandLine() throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return args;
    }
}
