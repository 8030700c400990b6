package io.procsnap.replay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.ExitCode;
import io.procsnap.format.TestArchives;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code extract} through picocli with captured streams, on an archive written by the format library. */
class ExtractCommandTests {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ReplayCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void extractsTheSmallCaptureAndSummarizesWhatWasNotCaptured() throws Exception {
        Path archive = TestArchives.write(tmp.resolve("a.tar.zst"), ArchiveWriter.Options.defaults(),
                TestArchives::smallCapture);
        Path dir = tmp.resolve("out");
        Run r = run("extract", "--no-same-owner", archive.toString(), dir.toString());
        assertEquals(ExitCode.OK, r.exit(), r.err());
        assertTrue(Files.readString(dir.resolve("proc/306/stat")).startsWith("306 (msgsnd-hang) S"));
        assertEquals("/usr/bin/msgsnd-hang", Files.readSymbolicLink(dir.resolve("proc/306/exe")).toString());
        assertEquals("do_msgsnd", Files.readString(dir.resolve("samples/1/proc/306/task/311/wchan")));
        assertTrue(r.out().startsWith("extracted " + archive + " to " + dir + ": "), r.out());
        assertTrue(r.out().contains("1 timeout"), r.out());
        assertTrue(r.out().contains("1 denied") || r.out().contains("2 denied"), r.out());
        assertTrue(Files.readString(dir.resolve(".procsnap-not-captured.tsv")).contains("proc/306/wchan\ttimeout\t"));
    }

    @Test
    void refusesANonEmptyDirectoryWithExitFive() throws Exception {
        Path archive = TestArchives.write(tmp.resolve("a.tar.zst"), ArchiveWriter.Options.defaults(),
                TestArchives::smallCapture);
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(dir.resolve("x"), "x");
        Run r = run("extract", archive.toString(), dir.toString());
        assertEquals(ExitCode.ENVIRONMENT, r.exit());
        assertTrue(r.err().startsWith("procsnap-replay extract: "), r.err());
        assertTrue(r.err().contains("is not empty"), r.err());
    }

    @Test
    void notAnArchiveIsExitFour() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.tar.zst"), "this is not an archive at all, not even close\n");
        Run r = run("extract", junk.toString(), tmp.resolve("out").toString());
        assertEquals(ExitCode.ARCHIVE, r.exit(), r.err());
    }

    @Test
    void helpListsTheExitCodes() {
        Run r = run("extract", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("5   environment or I/O error"), r.out());
    }
}
