package io.procsnap.capture.watch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's own health check ({@code --probe 'CMD'}, run by {@code /bin/sh -c} in the watch directory
 * every {@code --probe-interval}): a non-zero exit, or not ending within {@code --probe-timeout}, is the
 * {@code probe-failed} condition until a later run succeeds. A probe past its timeout gets SIGTERM, a
 * second later SIGKILL; one that still does not exit is left behind and no new probe starts while it
 * lives (the condition goes on). The last 2 KiB of its output (stdout and stderr) are kept.
 */
final class Probe {
    private static final long GRACE_NANOS = 1_000_000_000L;
    private static final int KEEP = 2048;

    private final String command;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Path dir;
    private Process process;
    private Tail output;
    private String lastBeforeKill;
    private long startedAt;
    private long lastStart = Long.MIN_VALUE;
    private long termAt = Long.MIN_VALUE;
    private long killAt = Long.MIN_VALUE;
    private boolean timedOut;
    /** The current failure: when the first failing run started, -1 while the probe passes. */
    private long failingSince = -1;
    private Map<String, String> failure;
    private String failureSummary;

    Probe(String command, long intervalNanos, long timeoutNanos, Path dir) {
        this.command = command;
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
        this.dir = dir;
    }

    void poll(long nanos, List<Condition> out) {
        if (process != null) {
            if (!process.isAlive()) {
                ended(process.exitValue(), nanos);
            } else if (nanos - startedAt > timeoutNanos) {
                if (!timedOut) {
                    timedOut = true;
                    termAt = nanos;
                    // the probe's own last words, before the shell reports its killed child ("Terminated")
                    lastBeforeKill = output.lastLine();
                    // its children first: once the shell is gone they are no longer its descendants
                    process.descendants().forEach(ProcessHandle::destroy);
                    process.destroy();
                } else if (killAt == Long.MIN_VALUE && nanos - termAt > GRACE_NANOS) {
                    killAt = nanos;
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
                fail(startedAt, "did not end within " + Triggers.seconds(timeoutNanos) + " s"
                        + (killAt != Long.MIN_VALUE && nanos - killAt > GRACE_NANOS ? " (left behind: not even SIGKILL ended it)"
                        : " (killed)"), "timed out", nanos);
            }
        }
        if (process == null && (lastStart == Long.MIN_VALUE || nanos - lastStart >= intervalNanos)) {
            start(nanos);
        }
        if (failingSince >= 0) {
            out.add(new Condition(TriggerKind.PROBE_FAILED, "probe-failed", failureSummary, failure, failingSince));
        }
    }

    private void start(long nanos) {
        lastStart = nanos;
        timedOut = false;
        lastBeforeKill = null;
        termAt = Long.MIN_VALUE;
        killAt = Long.MIN_VALUE;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true).start();
            startedAt = nanos;
            output = Tail.start(process.getInputStream());
        } catch (IOException e) {
            process = null;
            fail(nanos, "could not start: " + e.getMessage(), "not started", nanos);
        }
    }

    private void ended(int exit, long nanos) {
        process = null;
        output.await(200_000_000L);
        if (timedOut) {
            return; // the failure is already recorded; a run that ends in time clears it
        }
        if (exit == 0) {
            failingSince = -1;
            return;
        }
        fail(startedAt, "exited " + exit, Integer.toString(exit), nanos);
    }

    private void fail(long since, String how, String exit, long nanos) {
        if (failingSince < 0) {
            failingSince = since;
        }
        String last = timedOut && lastBeforeKill != null ? lastBeforeKill : output == null ? "" : output.lastLine();
        failure = new LinkedHashMap<>();
        failure.put("command", command);
        failure.put("result", exit);
        failure.put("output", last);
        failure.put("failing_s", Triggers.seconds(nanos - failingSince));
        failure.put("timeout_s", Triggers.seconds(timeoutNanos));
        failureSummary = "probe '" + command + "' " + how + (last.isEmpty() ? "" : ": " + last);
    }

    /** Stops a running probe (watcher shutdown). */
    void stop() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Drains a stream on a daemon thread, keeping its last {@value #KEEP} bytes. */
    static final class Tail implements Runnable {
        private final InputStream in;
        private final byte[] ring = new byte[KEEP];
        private long total;
        private volatile boolean done;

        private Tail(InputStream in) {
            this.in = in;
        }

        static Tail start(InputStream in) {
            Tail t = new Tail(in);
            Thread th = new Thread(t, "procsnap-watch-probe-output");
            th.setDaemon(true);
            th.start();
            return t;
        }

        @Override
        public void run() {
            byte[] b = new byte[1024];
            try (in) {
                for (int n; (n = in.read(b)) > 0; ) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            ring[(int) (total++ % KEEP)] = b[i];
                        }
                    }
                }
            } catch (IOException e) {
                // the probe ended or was killed
            } finally {
                done = true;
            }
        }

        void await(long nanos) {
            long end = System.nanoTime() + nanos;
            while (!done && System.nanoTime() < end) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** The last non-empty line of what was kept, at most 200 characters. */
        synchronized String lastLine() {
            int n = (int) Math.min(total, KEEP);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = ring[(int) ((total - n + i) % KEEP)];
            }
            String[] lines = new String(b, StandardCharsets.UTF_8).strip().split("\n");
            String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
            return last.length() > 200 ? last.substring(0, 197) + "..." : last;
        }
    }
}
