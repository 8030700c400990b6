package io.procsnap.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Spinning shells at normal priority (a saturated machine), this test's own: closed, each is killed by its pid and reaped. */
final class BusyLoops implements AutoCloseable {
    private final List<Process> loops = new ArrayList<>();

    /** Two loops per CPU and two more: more runnable tasks than CPUs however the scheduler ticks. */
    static BusyLoops saturating() throws IOException {
        BusyLoops b = new BusyLoops();
        try {
            for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors() + 2; i++) {
                b.loops.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
        } catch (IOException e) {
            b.close();
            throw e;
        }
        return b;
    }

    @Override
    public void close() {
        for (Process p : loops) {
            p.destroyForcibly();
        }
        for (Process p : loops) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
