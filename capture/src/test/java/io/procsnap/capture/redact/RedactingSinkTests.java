package io.procsnap.capture.redact;

import io.procsnap.capture.MemorySink;
import io.procsnap.format.EntryHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactingSinkTests {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void masksCommandLinesAndEnvironmentsOnlyAndReportsCountsAtTheEnd() throws Exception {
        MemorySink memory = new MemorySink();
        RedactingSink sink = new RedactingSink(memory, Redactor.defaults());
        byte[] cmd = b("xx mysql\u0000--password=hunter2\u0000");
        sink.add(EntryHeader.file("proc/42/cmdline"), cmd, 3, cmd.length - 3);
        sink.add(EntryHeader.file("samples/1/proc/42/task/43/environ"), b("DB_PASSWORD=pw\u0000"), 0, 15);
        sink.add(EntryHeader.file("proc/42/status"), b("Name:\t--password=visible\n"), 0, 25);
        sink.close();
        assertEquals("mysql\u0000--password=***\u0000", memory.get("proc/42/cmdline").text());
        assertEquals("DB_PASSWORD=***\u0000", memory.get("samples/1/proc/42/task/43/environ").text());
        assertEquals("Name:\t--password=visible\n", memory.get("proc/42/status").text(), "other files untouched");
        String report = memory.get(RedactingSink.REPORT_PATH).text();
        assertTrue(report.contains("password: 2\n"), report);
        assertFalse(report.contains("hunter2") || report.contains("pw\n"), report);
        assertTrue(memory.closed());
    }

    @Test
    void disabledPassesEverythingAndWritesNoReport() throws Exception {
        MemorySink memory = new MemorySink();
        RedactingSink sink = new RedactingSink(memory, Redactor.disabled());
        sink.add(EntryHeader.file("proc/42/cmdline"), b("a\u0000--password=x\u0000"), 0, 15);
        sink.close();
        assertEquals("a\u0000--password=x\u0000", memory.get("proc/42/cmdline").text());
        assertTrue(memory.find(RedactingSink.REPORT_PATH).isEmpty());
        assertEquals("off", RedactingSink.manifestNotes(Redactor.disabled()).get("redaction"));
    }

    @Test
    void pathsThatAreRedacted() {
        assertTrue(RedactingSink.redacts("proc/1/cmdline"));
        assertTrue(RedactingSink.redacts("proc/1/task/2/cmdline"));
        assertTrue(RedactingSink.redacts("samples/3/proc/1/environ"));
        assertFalse(RedactingSink.redacts("proc/cmdline"), "the kernel command line is not a process's");
        assertFalse(RedactingSink.redacts("proc/1/stat"));
    }

    /** A process's or thread's cmdline or environ, as a pattern: the oracle for random paths. */
    private static final java.util.regex.Pattern REDACTED = java.util.regex.Pattern.compile(
            "(samples/[1-9]\\d*/)?proc/(0|[1-9]\\d*)(/task/(0|[1-9]\\d*))?/(cmdline|environ)");

    /** The suffix pre-check and the path parser decide as the pattern does. */
    @Test
    void preCheckDecidesAsThePattern() {
        String[] parts = {"proc", "samples", "3", "42", "task", "43", "cmdline", "environ", "stat", "", "x", "cmdlinex",
                "environ2", "1a", "/cmdline", "environ/"};
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(7);
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    sb.append('/');
                }
                sb.append(parts[random.nextInt(parts.length)]);
            }
            String path = sb.toString();
            assertEquals(REDACTED.matcher(path).matches(), RedactingSink.redacts(path), path);
        }
        for (String path : new String[] {"proc/1/cmdline", "samples/12/proc/1/task/2/environ", "proc/cmdline",
                "proc/1/task/cmdline", "cmdline", "/proc/1/cmdline"}) {
            assertEquals(REDACTED.matcher(path).matches(), RedactingSink.redacts(path), path);
        }
    }
}
