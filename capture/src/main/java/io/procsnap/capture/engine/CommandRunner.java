package io.procsnap.capture.engine;

import io.procsnap.format.layout.CommandStatus;
import io.procsnap.format.layout.SelfRecord;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one program with a timeout: found on the search path or reported absent; stdout and stderr
 * drained by their own threads into capped buffers (truncation recorded); on timeout the program and
 * its descendants get SIGTERM, then SIGKILL after a grace period; one that still does not exit (stuck
 * in the kernel) is left behind and recorded, never waited for. Exited children are reaped by the JDK.
 *
 * <p>When this machine's {@code timeout} takes {@code -s KILL SECONDS PROGRAM} (coreutils, busybox 1.30
 * and later: checked once by running {@code timeout -s KILL 5 true}), each program runs under it with a
 * limit a little past its own timeout and grace periods, innermost after the priority wrapper. The
 * capture's own timeout acts first; the outer limit only matters when the capture itself is gone
 * (SIGKILL, out of memory): a program hung in an interruptible wait then still ends, instead of
 * staying on the hung machine for good. The status records it as part of the wrapper.
 */
public final class CommandRunner {

    /** The default search path, extended by the sbin directories (zpool lives in /sbin). */
    public static final String FALLBACK_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * @param argv       the command line as asked
     * @param path       absolute path of the program found, or null when absent
     * @param exit       exit code, or null (did not exit, killed by a signal, not started)
     * @param signal     signal that ended it, when we sent one and it ended by it, else null
     * @param startError why it could not start (errno name), or null
     */
    public record Result(List<String> argv, String path, List<String> wrapper, Integer exit, Integer signal,
                         boolean timedOut, boolean killed, boolean leftBehind, long elapsedNanos,
                         byte[] stdout, boolean stdoutTruncated, byte[] stderr, boolean stderrTruncated,
                         String startError) {
        public boolean found() {
            return path != null;
        }

        /** What is stored as {@code cmd/NAME/status}. */
        public CommandStatus status() {
            return new CommandStatus(argv, found(), path, wrapper, exit, signal, timedOut, killed, leftBehind,
                    elapsedNanos, stdout == null ? 0 : stdout.length, stdoutTruncated, stderr == null ? 0 : stderr.length,
                    stderrTruncated, startError, Map.of());
        }
    }

    private final List<String> searchPath;
    private final List<String> wrapper;
    private final long graceNanos;
    private final int outputCap;
    /** Every process started, shared with {@link #withoutWrapper()}'s runner (procsnap/self). */
    private final ConcurrentLinkedQueue<SelfRecord.Child> children;
    /** Whether {@code timeout -s KILL N} works here: null until first needed, then found or not. */
    private final AtomicReference<Optional<String>> killTimeout;

    /**
     * @param searchPath directories to look for programs in
     * @param wrapper    prefix run before every program (for example {@code nice -n 19}), may be empty
     * @param graceNanos time between SIGTERM and SIGKILL, and after SIGKILL before leaving it behind
     * @param outputCap  bytes kept per stream
     */
    public CommandRunner(List<String> searchPath, List<String> wrapper, long graceNanos, int outputCap) {
        this(searchPath, wrapper, graceNanos, outputCap, new ConcurrentLinkedQueue<>(),
                new AtomicReference<>());
    }

    private CommandRunner(List<String> searchPath, List<String> wrapper, long graceNanos, int outputCap,
                          ConcurrentLinkedQueue<SelfRecord.Child> children,
                          AtomicReference<Optional<String>> killTimeout) {
        this.searchPath = List.copyOf(searchPath);
        this.wrapper = List.copyOf(wrapper);
        this.graceNanos = graceNanos;
        this.outputCap = outputCap;
        this.children = children;
        this.killTimeout = killTimeout;
    }

    /**
     * The same runner with no wrapper: programs are started directly, without the priority wrapper or
     * the outer {@code timeout} (the per-mount {@code stat -f}: tiny, and an exec saved per mount); it
     * records its children here too.
     */
    public CommandRunner withoutWrapper() {
        return new CommandRunner(searchPath, List.of(), graceNanos, outputCap, children,
                new AtomicReference<>(Optional.empty()));
    }

    /**
     * Records a child the engine started by other means (the statfs helper, SunOS reader children), so
     * that {@code procsnap/self} names it as the capture's own.
     */
    void recordChild(long pid, String program) {
        children.add(new SelfRecord.Child(pid, program));
    }

    /** The processes this runner (and its copy without wrapper) started, in order: pid and program name. */
    public List<SelfRecord.Child> children() {
        return List.copyOf(children);
    }

    /** PATH from the environment, then the fallback directories not already in it. */
    public static List<String> defaultSearchPath(String pathVariable) {
        List<String> dirs = new ArrayList<>();
        String all = (pathVariable == null ? "" : pathVariable + ":") + FALLBACK_PATH;
        for (String d : all.split(":")) {
            if (!d.isEmpty() && d.startsWith("/") && !dirs.contains(d)) {
                dirs.add(d);
            }
        }
        return dirs;
    }

    /** The absolute path of {@code program} on the search path, or null. */
    public String which(String program) {
        if (program.contains("/")) {
            File f = new File(program);
            return f.isFile() && f.canExecute() ? f.getPath() : null;
        }
        for (String dir : searchPath) {
            File f = new File(dir, program);
            if (f.isFile() && f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    public long graceNanos() {
        return graceNanos;
    }

    public Result run(List<String> argv, long timeoutNanos) {
        long start = System.nanoTime();
        String path = which(argv.get(0));
        if (path == null) {
            return new Result(argv, null, wrapper, null, null, false, false, false, System.nanoTime() - start,
                    null, false, null, false, null);
        }
        List<String> command = new ArrayList<>(wrapper);
        List<String> outer = outerLimit(timeoutNanos);
        command.addAll(outer);
        command.add(path);
        command.addAll(argv.subList(1, argv.size()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LC_ALL", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
            children.add(new SelfRecord.Child(process.pid(), new File(path).getName()));
        } catch (IOException e) {
            return new Result(argv, path, wrapped(outer), null, null, false, false, false, System.nanoTime() - start,
                    null, false, null, false, IoFailure.nameOf(e.getMessage()));
        }
        Drain out = Drain.start(process.getInputStream(), outputCap, "stdout");
        Drain err = Drain.start(process.getErrorStream(), outputCap, "stderr");
        boolean timedOut = false;
        boolean killed = false;
        boolean exited = waitFor(process, timeoutNanos);
        if (!exited) {
            timedOut = true;
            List<ProcessHandle> descendants = process.descendants().toList();
            // under coreutils' timeout the program is its child: SIGKILL ends the timeout, not a program
            // stuck in the kernel
            List<ProcessHandle> programs = outer.isEmpty() ? List.of() : process.children().toList();
            process.destroy();
            descendants.forEach(ProcessHandle::destroy);
            exited = waitFor(process, graceNanos);
            if (!exited) {
                killed = true;
                process.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
                exited = waitFor(process, graceNanos);
            } else {
                descendants.forEach(ProcessHandle::destroyForcibly);
            }
            if (exited && !allGone(programs, graceNanos)) {
                exited = false; // the program itself did not end: left behind, as without the outer timeout
            }
        }
        Integer exit = null;
        Integer signal = null;
        if (exited) {
            int value = process.exitValue();
            if (timedOut && value > 128) {
                signal = value - 128;
            } else {
                exit = value;
            }
        }
        // A grandchild may still hold the pipes open: take what arrived, never wait long for EOF.
        long drainWait = exited ? Math.min(graceNanos, 200_000_000L) : 0;
        out.await(drainWait);
        err.await(drainWait);
        return new Result(argv, path, wrapped(outer), exit, signal, timedOut, killed, !exited, System.nanoTime() - start,
                out.snapshot(), out.truncated(), err.snapshot(), err.truncated(), null);
    }

    private List<String> wrapped(List<String> outer) {
        if (outer.isEmpty()) {
            return wrapper;
        }
        List<String> all = new ArrayList<>(wrapper);
        all.addAll(outer);
        return all;
    }

    /**
     * {@code timeout -s KILL SECONDS} for a program given {@code timeoutNanos}: its timeout, SIGTERM's
     * and SIGKILL's grace periods and a second, rounded up; empty where {@code timeout} is absent or
     * does not take that form (checked once, by running it).
     */
    List<String> outerLimit(long timeoutNanos) {
        Optional<String> found = killTimeout.get();
        if (found == null) {
            found = Optional.ofNullable(which("timeout")).filter(this::takesKillForm);
            killTimeout.compareAndSet(null, found);
        }
        if (found.isEmpty()) {
            return List.of();
        }
        long nanos = timeoutNanos + 2 * graceNanos + 1_000_000_000L;
        return List.of(found.get(), "-s", "KILL", Long.toString((nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** Runs {@code timeout -s KILL 5 true} (a child like any other, for procsnap/self): exit 0 means the form works. */
    private boolean takesKillForm(String timeout) {
        try {
            Process p = new ProcessBuilder(timeout, "-s", "KILL", "5", "true")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            children.add(new SelfRecord.Child(p.pid(), new File(timeout).getName()));
            if (waitFor(p, 2_000_000_000L)) {
                return p.exitValue() == 0;
            }
            p.destroyForcibly();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean allGone(List<ProcessHandle> processes, long nanos) {
        long end = System.nanoTime() + nanos;
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                // onExit does not fail
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !p.isAlive();
            }
        }
        return true;
    }

    private static boolean waitFor(Process process, long nanos) {
        try {
            return process.waitFor(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Reads one stream to EOF on its own daemon thread, keeping the first {@code cap} bytes. */
    static final class Drain implements Runnable {
        private final InputStream in;
        private final int cap;
        private byte[] data = new byte[4096];
        private int size;
        private long dropped;
        private boolean done;

        private Drain(InputStream in, int cap) {
            this.in = in;
            this.cap = cap;
        }

        static Drain start(InputStream in, int cap, String name) {
            Drain d = new Drain(in, cap);
            Thread t = new Thread(d, "procsnap-drain-" + name);
            t.setDaemon(true);
            t.start();
            return d;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (InputStream s = in) {
                int n;
                while ((n = s.read(chunk)) >= 0) {
                    append(chunk, n);
                }
            } catch (IOException e) {
                // the pipe closed under us: keep what we have
            } finally {
                synchronized (this) {
                    done = true;
                    notifyAll();
                }
            }
        }

        private synchronized void append(byte[] chunk, int n) {
            int keep = Math.min(n, cap - size);
            if (keep > 0) {
                if (size + keep > data.length) {
                    data = Arrays.copyOf(data, Math.min(cap, Math.max(size + keep, data.length * 2)));
                }
                System.arraycopy(chunk, 0, data, size, keep);
                size += keep;
            }
            dropped += n - Math.max(keep, 0);
        }

        synchronized void await(long nanos) {
            long end = System.nanoTime() + nanos;
            try {
                while (!done) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized byte[] snapshot() {
            return Arrays.copyOf(data, size);
        }

        synchronized boolean truncated() {
            return dropped > 0;
        }
    }
}
