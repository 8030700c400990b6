package io.procsnap.capture.redact;

import io.procsnap.capture.Main;
import io.procsnap.capture.ProcFixture;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capture program masks secrets in command lines by default, records what it did, and can be told otherwise. */
class RedactionCaptureTests {
    @TempDir
    Path dir;

    private record Run(int exit, String err, Path archive) { }

    private Run capture(String name, String... extra) throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve(name))) {
            fx.process(100, "mysql");
            fx.file("100/cmdline", "mysql\u0000--user=app\u0000--password=hunter2\u0000postgres://u:s3cret@db/x\u0000");
            fx.file("100/task/100/comm", "mysql\n");
            Path archive = dir.resolve(name + ".tar.zst");
            List<String> args = new ArrayList<>(List.of("--proc-root", fx.proc.toString(), "-o", archive.toString(),
                    "--skip", "commands,filesystems", "--min-free", "0", "--deadline", "20s"));
            args.addAll(List.of(extra));
            StringWriter err = new StringWriter();
            int exit = Main.run(args.toArray(String[]::new), java.io.OutputStream.nullOutputStream(),
                    new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
            return new Run(exit, err.toString(), archive);
        }
    }

    private static String text(ArchiveReader r, String path) throws Exception {
        return new String(r.read(r.find(path).orElseThrow()), StandardCharsets.ISO_8859_1);
    }

    @Test
    void secretsAreMaskedByDefaultAndCountedNeverStored() throws Exception {
        Run run = capture("default");
        assertTrue(run.exit() == ExitCode.OK || run.exit() == ExitCode.PARTIAL, run.err());
        assertTrue(run.err().contains("procsnap: masked 2 secrets"), run.err());
        try (ArchiveReader r = ArchiveReader.open(run.archive())) {
            assertEquals("mysql\u0000--user=app\u0000--password=***\u0000postgres://u:***@db/x\u0000", text(r, "proc/100/cmdline"));
            assertEquals("on", r.manifest().notes().get("redaction"));
            assertEquals(String.join(",", Redactor.defaultRuleNames()), r.manifest().notes().get("redaction.rules"));
            String report = text(r, RedactingSink.REPORT_PATH);
            assertTrue(report.contains("password: 1\n") && report.contains("url-credentials: 1\n"), report);
            assertFalse(r.manifest().notes().toString().contains("hunter2"));
            assertFalse(report.contains("hunter2") || report.contains("s3cret"));
        }
    }

    @Test
    void noRedactKeepsCommandLinesAndSaysSo() throws Exception {
        Run run = capture("off", "--no-redact");
        try (ArchiveReader r = ArchiveReader.open(run.archive())) {
            assertTrue(text(r, "proc/100/cmdline").contains("--password=hunter2"));
            assertEquals("off", r.manifest().notes().get("redaction"));
            assertTrue(r.find(RedactingSink.REPORT_PATH).isEmpty());
        }
    }

    @Test
    void addedPatternsApplyAndBadOnesAreUsageErrors() throws Exception {
        Run run = capture("more", "--redact-pattern", "db-user=--user=(?<secret>\\w+)");
        try (ArchiveReader r = ArchiveReader.open(run.archive())) {
            assertTrue(text(r, "proc/100/cmdline").startsWith("mysql\u0000--user=***\u0000"));
            assertTrue(text(r, RedactingSink.REPORT_PATH).contains("db-user: 1\n"));
        }
        Run bad = capture("bad", "--redact-pattern", "x=(unclosed");
        assertEquals(ExitCode.USAGE, bad.exit(), bad.err());
        assertTrue(bad.err().startsWith("procsnap: --redact-pattern x=(unclosed: redaction pattern for rule x does not compile"),
                bad.err());
    }
}
