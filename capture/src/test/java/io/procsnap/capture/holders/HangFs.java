package io.procsnap.capture.holders;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A FUSE mount whose daemon (python3-fusepy, resource {@code holders/hangfs.py}) answers lookups and
 * some opens but never a READ of {@code data} or {@code prog} and never an OPEN of {@code hang} (and, when
 * asked, never a STATFS); each request it keeps is logged as a line ("read /data"). {@link #close} kills the daemon by pid (the
 * kernel then aborts the connection: every waiter gets an error) and lazily unmounts.
 */
public final class HangFs implements AutoCloseable {
    /** The system's Python, where apt's python3-fusepy is (scripts/setup.sh installs it), not a pyenv shim. */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private final Path mount;
    private final Path log;
    private final Process daemon;

    private HangFs(Path mount, Path log, Process daemon) {
        this.mount = mount;
        this.log = log;
        this.daemon = daemon;
    }

    /** Mounts it at {@code dir/mnt}; the script and the daemon's log go to {@code dir}. */
    public static HangFs mount(Path dir) throws IOException, InterruptedException {
        return mount(dir, false);
    }

    /** As {@link #mount(Path)}; with {@code hangStatfs} a statfs of the mount is never answered either. */
    public static HangFs mount(Path dir, boolean hangStatfs) throws IOException, InterruptedException {
        Path script = dir.resolve("hangfs.py");
        try (InputStream in = HangFs.class.getResourceAsStream("/holders/hangfs.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        Path log = dir.resolve("hangfs.log");
        Process p = new ProcessBuilder(PYTHON, script.toString(), mnt.toString(), hangStatfs ? "statfs" : "-")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HangFs fs = new HangFs(mnt, log, p);
        try {
            fs.awaitMounted();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            fs.close();
            throw e;
        }
        return fs;
    }

    public Path mount() {
        return mount;
    }

    public Path path(String name) {
        return mount.resolve(name);
    }

    /** Waits until the daemon has logged {@code line} (for example "read /data"): the kernel now waits. */
    public void awaitRequest(String line, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).lines().anyMatch(line::equals)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the FUSE daemon never saw '" + line + "': " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    private void awaitMounted() throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mount + " ")) {
                return;
            }
            if (!daemon.isAlive()) {
                throw new AssertionError("the FUSE daemon (python3-fusepy) died: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("FUSE mount did not appear at " + mount);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        daemon.destroyForcibly(); // SIGKILL by pid; closing /dev/fuse aborts the connection
        daemon.waitFor(10, TimeUnit.SECONDS);
        new ProcessBuilder("umount", "-l", mount.toString()).redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start().waitFor(10, TimeUnit.SECONDS);
        if (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mount + " ")) {
            throw new AssertionError("still mounted: " + mount);
        }
    }
}
