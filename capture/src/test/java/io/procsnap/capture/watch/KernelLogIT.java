package io.procsnap.capture.watch;

import io.procsnap.capture.faults.CaptureProcess;
import org.junit.jupiter.api.Test;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The watcher's /dev/kmsg reader on the real kernel, through the JNI library: opened at the end of the
 * log it sees only records logged afterwards, never blocks when there is none, and tells a record a
 * program wrote (facility user) from the kernel's own. It writes two harmless lines to the kernel log
 * ("procsnap KernelLogIT ..."; nothing a parser would take for a report), which cannot be taken back.
 */
class KernelLogIT {
    private static void log(String line) throws IOException {
        try (FileOutputStream out = new FileOutputStream("/dev/kmsg")) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsFromTheEndWithoutBlockingAndKnowsWhoWroteARecord() throws Exception {
        assumeTrue(CaptureProcess.isRoot() && Files.isWritable(Path.of("/dev/kmsg")), "NOT RUN: needs root to write /dev/kmsg");
        String id = UUID.randomUUID().toString();
        log("procsnap KernelLogIT before " + id);
        try (KernelLog kmsg = KernelLog.open("/dev/kmsg")) {
            assertNull(kmsg.unavailable(), "the JNI library reads /dev/kmsg (-Dprocsnap.native)");
            List<String> none = assertTimeoutPreemptively(Duration.ofSeconds(5), kmsg::drain, "never blocks");
            assertTrue(none.stream().noneMatch(r -> r.contains(id)), "opened at the end: " + none);
            log("procsnap KernelLogIT after " + id);
            List<String> got = assertTimeoutPreemptively(Duration.ofSeconds(5), kmsg::drain);
            String record = got.stream().filter(r -> r.contains("after " + id)).findFirst()
                    .orElseThrow(() -> new AssertionError("the new record was not read: " + got));
            SignalText.KmsgRecord r = SignalText.kmsg(record);
            assertEquals(1, r.facility(), "written by a program: facility user, never taken for the kernel's");
            assertEquals("procsnap KernelLogIT after " + id, r.text());
            assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(5), kmsg::drain).stream().noneMatch(x -> x.contains(id)),
                    "read once");
        }
    }
}
