package io.procsnap.capture;

import io.procsnap.capture.engine.CaptureStats;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;

/**
 * When a written capture is partial (exit 3): a read timed out, was denied, skipped or failed, the
 * capture stopped early, it ran as non-root, or the format refused an entry. Kernel threads and zombies
 * have no exe/cwd/root link: those errors are the machine's answers, not gaps, and do not count.
 */
final class PartialRule {
    private PartialRule() {
    }

    static boolean isPartial(Capture.Result r, Manifest.Captor captor) {
        CaptureStats.Snapshot s = r.stats();
        return s.count(Status.TIMEOUT) + s.count(Status.DENIED) + s.count(Status.SKIPPED)
                + s.count(Status.ERROR) - s.noLink() > 0
                || r.stopReason() != null || captor.uid() != 0 && captor.euid() != 0 || s.rejected() > 0;
    }
}
