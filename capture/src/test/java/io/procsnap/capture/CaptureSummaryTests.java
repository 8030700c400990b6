package io.procsnap.capture;

import io.procsnap.capture.engine.CaptureStats;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The summary line, from a capture result built by hand. */
class CaptureSummaryTests {
    private static final Manifest.Captor ROOT = new Manifest.Captor(0, 0, 0);
    private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void aCompleteCaptureSaysWhatWasReadAndThatTheMissingLinksAreAnswers() {
        CaptureStats.Snapshot s = new CaptureStats.Snapshot(Map.of(Status.OK, 900L, Status.ERROR, 3L),
                List.of(EntryHeader.file("proc/4/stack").withTiming(0, 1_250_000_000L)), List.of(), 0, 0, null, 3);
        Capture.Result r = new Capture.Result(s, null, null, true, 0, 12, 40, 2_340_000_000L);
        assertEquals("procsnap: wrote /tmp/a.tar.zst (95.3 KiB) in 2.3 s: 12 processes, 40 threads; 900 ok, 3 error"
                + " (all exe/cwd/root links that kernel threads and zombies do not have); slowest: proc/4/stack 1250 ms;"
                + " complete; sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 (in /tmp/a.tar.zst.sha256)",
                CaptureSummary.line("/tmp/a.tar.zst", 97_600, r, ROOT, false, SHA256, Path.of("/tmp/a.tar.zst.sha256")));
    }

    @Test
    void aPartialCaptureNamesWhatHungWhyItStoppedAndWhoRanIt() {
        CaptureStats.Snapshot s = new CaptureStats.Snapshot(Map.of(Status.OK, 10L, Status.TIMEOUT, 3L,
                Status.ERROR, 2L), List.of(), List.of("proc/7/stat", "proc/8/stat"), 3, 1, "proc/9/x", 1);
        Capture.Result r = new Capture.Result(s, "deadline", null, true, 1, 3, 3, 90_000_000_000L);
        assertEquals("procsnap: wrote stdout (812 B) in 90.0 s: 3 processes, 3 threads; 10 ok, 3 timeout, 2 error"
                + " (1 of them exe/cwd/root links that kernel threads and zombies do not have);"
                + " hung: proc/7/stat, proc/8/stat (+1 more); stopped early: deadline; 1 reader thread left blocked in"
                + " the kernel; 1 entries refused by the format (first: proc/9/x); not root (uid 1000): much was"
                + " denied, run as root for a full capture; partial (exit 3); sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                CaptureSummary.line("stdout", 812, r, new Manifest.Captor(1000, 1000, 1000), true, SHA256, null));
    }

    @Test
    void sizesInBytesKibibytesOrMebibytes() {
        assertEquals("10239 B", CaptureSummary.human(10 * 1024 - 1));
        assertEquals("10.0 KiB", CaptureSummary.human(10 * 1024));
        assertEquals("10.0 MiB", CaptureSummary.human(10L << 20));
    }
}
