package io.procsnap.capture.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * statfs(2) of mount points through the bundle's helper program ({@code src/main/c/procsnap-statfs.c}): one
 * long-lived child process per reader thread answers mount after mount (a mount point in, one line out), so a
 * mount costs a pipe round trip instead of a fork and exec of {@code stat -f} (on a saturated machine each
 * exec waited behind the runnable hogs: 58 of a 77 s capture). Each statfs still runs under its own timeout:
 * past it the child is killed (SIGKILL) and recorded as such, or left behind when even that does not end it
 * (stuck in the kernel), and the reader's next mount gets a new child. Killable as {@code stat -f} was: a
 * hang never blocks a reader thread in the kernel.
 *
 * <p>The program is named by the {@value #PROPERTY} system property (the bundle's launcher sets it; it reaches
 * the engine through {@link EngineConfig#statfsHelper()}); without it, or when it cannot be started,
 * {@link StatfsReader} runs {@code stat -f} per mount as before (the plain jar, or a device where the helper
 * cannot run).
 */
final class StatfsHelper implements AutoCloseable {
    /** System property naming the helper program. */
    static final String PROPERTY = "procsnap.statfs";

    /**
     * One answer.
     *
     * @param values     f_type, f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_namelen,
     *                   f_flags when the statfs succeeded, else null
     * @param errno      the errno when it failed, else 0
     * @param timedOut   no answer within the timeout: the child was killed (or left behind)
     * @param leftBehind the child did not exit after SIGKILL within the grace time
     * @param problem    the helper could not be used (start failed, it died, it answered garbage), or null
     */
    record Answer(long[] values, int errno, boolean timedOut, boolean leftBehind, String problem) { }

    private final String program;
    private final long graceNanos;
    private final ThreadLocal<Child> perThread = new ThreadLocal<>();
    private final Set<Child> children = ConcurrentHashMap.newKeySet();
    private volatile String startProblem;
    private final java.util.function.ObjLongConsumer<String> started;

    /** @param program the helper's path, or null/empty for none */
    StatfsHelper(String program, long graceNanos) {
        this(program, graceNanos, (pid, name) -> { });
    }

    /**
     * @param program the helper's path, or null/empty for none
     * @param started told the pid and program name of each helper process started (procsnap/self)
     */
    StatfsHelper(String program, long graceNanos, java.util.function.ObjLongConsumer<String> started) {
        this.program = program == null || program.isEmpty() ? null : program;
        this.graceNanos = graceNanos;
        this.started = started;
    }

    /** Whether statfs goes through the helper (it is named, and no start of it has failed). */
    boolean usable() {
        return program != null && startProblem == null;
    }

    /**
     * For the manifest's notes (written before any mount is read): how the statfs of mounts are made. Each
     * entry shows it too: {@code flags_source: statfs} from the helper, {@code mountinfo} from {@code stat -f}.
     */
    static String note() {
        String program = System.getProperty(PROPERTY, "");
        return program.isEmpty() ? "stat -f per mount (no helper: -D" + PROPERTY + " unset)"
                : "helper " + program + " (statfs(2) in one child process per reader thread, replaced when a statfs"
                        + " hangs; stat -f per mount if it cannot start)";
    }

    /**
     * statfs of {@code mountPoint} through this thread's child, started when it has none. An answer with a
     * {@link Answer#problem()} means the helper could not be used for this mount (the caller falls back).
     */
    Answer statfs(String mountPoint, long timeoutNanos) {
        byte[] request;
        try {
            byte[] path = NativeIo.pathBytes(mountPoint);
            request = new byte[path.length + 1];
            System.arraycopy(path, 0, request, 0, path.length);
        } catch (IOException e) {
            return new Answer(null, 0, false, false, "mount point not representable as a file name");
        }
        Child child = perThread.get();
        if (child == null) {
            try {
                child = Child.start(program);
                started.accept(new java.io.File(program).getName(), child.process.pid());
            } catch (IOException e) {
                startProblem = "cannot start: " + e.getMessage();
                return new Answer(null, 0, false, false, startProblem);
            }
            children.add(child);
            perThread.set(child);
        }
        String line;
        try {
            child.stdin.write(request);
            child.stdin.flush();
            line = child.lines.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            retire(child);
            return new Answer(null, 0, false, false, "helper gone: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line = null;
        }
        if (line == null) {
            boolean exited = kill(child);
            return new Answer(null, 0, true, !exited, null);
        }
        Answer a = parse(line);
        if (a.problem() != null) {
            retire(child);
        }
        return a;
    }

    /** Parses one answer line: {@code ok F_TYPE(hex) BSIZE ... FLAGS} or {@code err ERRNO}. */
    static Answer parse(String line) {
        String[] f = line.split(" ");
        try {
            if (f.length == 2 && f[0].equals("err")) {
                return new Answer(null, Integer.parseInt(f[1]), false, false, null);
            }
            if (f.length == 11 && f[0].equals("ok")) {
                long[] v = new long[10];
                v[0] = Long.parseUnsignedLong(f[1], 16);
                for (int i = 1; i < 10; i++) {
                    v[i] = Long.parseUnsignedLong(f[i + 1]);
                }
                return new Answer(v, 0, false, false, null);
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        return new Answer(null, 0, false, false, line.isEmpty() ? "helper ended" : "helper answered " + line);
    }

    /** Children alive and in use (one per reader thread that has read a mount). */
    int children() {
        return children.size();
    }

    /** Kills the child (SIGKILL) and forgets it; whether it exited within the grace time. */
    private boolean kill(Child child) {
        retire(child);
        child.process.destroyForcibly();
        try {
            return child.process.waitFor(graceNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !child.process.isAlive();
        }
    }

    private void retire(Child child) {
        if (perThread.get() == child) {
            perThread.remove();
        }
        children.remove(child);
        try {
            child.stdin.close();
        } catch (IOException e) {
            // it is going anyway
        }
    }

    /** Ends the idle children (end of their input; a busy one, stuck in the kernel, is killed). */
    @Override
    public void close() {
        for (Child c : List.copyOf(children)) {
            children.remove(c);
            try {
                c.stdin.close();
            } catch (IOException e) {
                c.process.destroyForcibly();
            }
        }
    }

    /** One helper process, its stdin, and the lines a pump thread reads from its stdout. */
    private static final class Child {
        final Process process;
        final OutputStream stdin;
        final BlockingQueue<String> lines = new ArrayBlockingQueue<>(4);

        private Child(Process process) {
            this.process = process;
            this.stdin = process.getOutputStream();
        }

        static Child start(String program) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(program);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Child c = new Child(pb.start());
            Thread pump = new Thread(() -> c.pump(c.process.getInputStream()), "procsnap-statfs-pump");
            pump.setDaemon(true);
            pump.start();
            return c;
        }

        /** Lines of the child's stdout into {@link #lines}; an empty line at its end. */
        private void pump(InputStream in) {
            byte[] buffer = new byte[512];
            StringBuilder line = new StringBuilder();
            try (InputStream s = in) {
                int n;
                while ((n = s.read(buffer)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines.put(line.toString());
                            line.setLength(0);
                        } else {
                            line.append((char) (buffer[i] & 0xff));
                        }
                    }
                }
            } catch (IOException e) {
                // the child went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            lines.offer("");
        }
    }
}
