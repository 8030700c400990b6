package io.procsnap.capture.holders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real lock held for good, for tests: a {@link HangFs} mount and the helper processes
 * ({@code lockholder}, built here from resource {@code holders/lockholder.c} with the system's cc) that
 * take a lock of a target process through it. Every process started here is tracked; {@link #close}
 * releases the FUSE daemon first (the waiters get errors and let go), then SIGKILLs by pid whatever is
 * still alive, unmounts, and fails if any of them did not end: it removes exactly what it made.
 * While a reproduction lives, reads of the target's files of the held class hang, and so does {@code ps}.
 */
public final class Reproduction implements AutoCloseable {
    private final Path dir;
    private final Path helper;
    private final HangFs fs;
    private final List<Process> started = new ArrayList<>();

    private Reproduction(Path dir, Path helper, HangFs fs) {
        this.dir = dir;
        this.helper = helper;
        this.fs = fs;
    }

    /** Builds the helper into {@code dir} (once per directory) and mounts a {@link HangFs} under it. */
    public static Reproduction start(Path dir) throws IOException, InterruptedException {
        return new Reproduction(dir, helper(dir), HangFs.mount(Files.createDirectories(dir.resolve("fs"))));
    }

    private static Path helper(Path dir) throws IOException, InterruptedException {
        Path binary = dir.resolve("lockholder");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Path source = dir.resolve("lockholder.c");
        try (InputStream in = Reproduction.class.getResourceAsStream("/holders/lockholder.c")) {
            Files.write(source, in.readAllBytes());
        }
        Process cc = new ProcessBuilder("cc", "-O", "-Wall", "-o", binary.toString(), source.toString(), "-lpthread")
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
            throw new AssertionError("cc lockholder.c failed: " + out);
        }
        return binary;
    }

    public Path helper() {
        return helper;
    }

    public HangFs fs() {
        return fs;
    }

    /** Starts {@code lockholder ARGS} with its output in {@code dir/NAME.out}. */
    public Process helper(String name, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(helper.toString()));
        argv.addAll(List.of(args));
        return track(new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start());
    }

    /** What {@link #helper(String, String...)} NAME printed so far. */
    public String output(String name) throws IOException {
        Path out = dir.resolve(name + ".out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    /** Waits until NAME printed a line starting with {@code prefix}; returns that line. */
    public String awaitOutput(String name, String prefix, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = output(name).lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
            if (line != null) {
                return line;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(name + " never printed '" + prefix + "': " + output(name));
            }
            Thread.sleep(20);
        }
    }

    /** A process that maps {@code fs/data} and obeys commands on its stdin (see lockholder.c). */
    public Target target() throws IOException, InterruptedException {
        Process p = helper("target", "target", fs.path("data").toString());
        String addr = awaitOutput("target", "addr ", Duration.ofSeconds(10)).substring(5);
        return new Target(p, p.getOutputStream(), addr);
    }

    public record Target(Process process, OutputStream stdin, String addr) {
        public long pid() {
            return process.pid();
        }

        public void command(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        }
    }

    /**
     * Waits until {@code /proc/PATH/status} (a file of no lock class) says the task sleeps in state
     * {@code state} ('D': uninterruptible or killable, the state of a task queued on a kernel lock).
     */
    public static void awaitState(String procPath, char state, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try {
                last = Files.readString(Path.of("/proc", procPath, "status")).lines()
                        .filter(l -> l.startsWith("State:")).findFirst().orElse("");
            } catch (IOException gone) {
                last = gone.toString();
            }
            if (last.startsWith("State:\t" + state)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("/proc/" + procPath + " never reached state " + state + ": " + last);
    }

    /** Waits until one of the threads of {@code pid} sleeps in {@code state} (see {@link #awaitState}). */
    public static void awaitAnyThreadState(long pid, char state, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (long tid : tids(pid)) {
                try {
                    if (Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/status")).contains("\nState:\t" + state)) {
                        return;
                    }
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no thread of " + pid + " reached state " + state);
    }

    /** The thread ids of {@code pid}, from its task listing (a listing of no lock class). */
    public static List<Long> tids(long pid) throws IOException {
        try (var s = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return s.map(p -> Long.parseLong(p.getFileName().toString())).sorted().toList();
        }
    }

    /**
     * Runs all probes at once and reports, in their order, whether each was still in the kernel after
     * {@code patience} (hung) or had ended. Hung probes are SIGKILLed at once (the lock waits of /proc
     * readers are killable) and reaped by {@link #close} if they are not gone yet.
     */
    public Map<Probe, Boolean> probe(List<Probe> probes, Duration patience) throws IOException, InterruptedException {
        Map<Probe, Process> running = new LinkedHashMap<>();
        for (Probe p : probes) {
            running.put(p, track(new ProcessBuilder(p.argv()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start()));
        }
        long end = System.nanoTime() + patience.toNanos();
        Map<Probe, Boolean> hung = new LinkedHashMap<>();
        for (Map.Entry<Probe, Process> e : running.entrySet()) {
            long left = Math.max(0, end - System.nanoTime());
            hung.put(e.getKey(), !e.getValue().waitFor(left, TimeUnit.NANOSECONDS));
        }
        for (Process p : running.values()) {
            p.destroyForcibly();
        }
        return hung;
    }

    private Process track(Process p) {
        started.add(p);
        return p;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            fs.close();
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
            }
            List<Long> left = new ArrayList<>();
            for (Process p : started) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    left.add(p.pid());
                }
            }
            if (!left.isEmpty()) {
                throw new AssertionError("processes of the reproduction did not end: " + left);
            }
        }
    }
}
