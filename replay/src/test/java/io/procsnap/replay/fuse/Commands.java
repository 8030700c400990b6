package io.procsnap.replay.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real programs against real mounts, bounded in time, and cleans mounts up. */
public final class Commands {
    private Commands() {
    }

    /** Exit code and merged output of one program run. */
    public record Result(int exit, String out, String err) {
    }

    public static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(timeoutSeconds, List.of(command));
    }

    public static Result run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        return run(timeoutSeconds, java.util.Map.of(), command);
    }

    static Result run(long timeoutSeconds, java.util.Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("procsnap-it-out", ".txt");
        Path err = Files.createTempFile("procsnap-it-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Closes {@code mount} (when not null), unmounts what is left, checks nothing is, removes the directory. */
    static void closeAndRemove(ProcFsMount mount, Path dir) throws IOException {
        try {
            if (mount != null) {
                mount.close();
            }
        } finally {
            unmount(dir);
            if (ProcFsMount.isMountPoint(dir)) {
                throw new AssertionError("mount left behind at " + dir);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Bounded unmount: fusermount3 -u, then umount -l; never throws. */
    static void unmount(Path mountPoint) {
        try {
            if (ProcFsMount.isMountPoint(mountPoint)) {
                run(10, "fusermount3", "-u", mountPoint.toString());
            }
            if (ProcFsMount.isMountPoint(mountPoint)) {
                run(10, "umount", "-l", mountPoint.toString());
            }
        } catch (Exception | AssertionError e) {
            System.err.println("unmount " + mountPoint + ": " + e);
        }
    }
}
