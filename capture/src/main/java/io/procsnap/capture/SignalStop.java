package io.procsnap.capture;

import java.util.concurrent.atomic.AtomicReference;

/**
 * SIGINT (Ctrl-C), SIGTERM or SIGHUP start the JVM's shutdown, which runs this hook while the capture
 * thread goes on: the hook asks the capture to stop, so nothing new starts and the archive is finished as
 * it stands (index written, renamed, summary printed, exit 3 "stopped early"), then waits for that at most
 * until the deadline plus the finish margin. Main ends the process with Runtime.halt and its exit code
 * before the hook returns; if the capture cannot finish in time, the JVM exits on the signal and the
 * temporary file stays as the salvageable archive.
 */
final class SignalStop {
    private final Thread hook;

    private SignalStop(Thread hook) {
        this.hook = hook;
    }

    /**
     * Installs the hook.
     *
     * @param stopRequest   receives the stop reason when a signal comes
     * @param waitUntilNanos ({@link System#nanoTime()}) how long the hook lets the capture finish
     */
    static SignalStop install(AtomicReference<String> stopRequest, long waitUntilNanos) {
        Thread hook = new Thread(() -> {
            stopRequest.compareAndSet(null, "interrupted by a signal (SIGINT, SIGTERM or SIGHUP)");
            try {
                Thread.sleep(Math.max(0, (waitUntilNanos - System.nanoTime()) / 1_000_000L));
            } catch (InterruptedException e) {
                // the JVM goes on exiting on the signal
            }
        }, "procsnap-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        return new SignalStop(hook);
    }

    /** Removes the hook once the capture is over. */
    void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal came: the hook waits for this thread, whose caller halts with the exit code
        }
    }
}
