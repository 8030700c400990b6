package io.procsnap.capture.faults;

import io.procsnap.capture.ProcFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The progress line, on a real pseudo-terminal made by util-linux {@code script}: drawn on stderr while
 * the capture works when stderr is a terminal (also when stdout is a pipe, as in
 * {@code procsnap -o - | ssh ...}), erased before the summary line, and never written when stderr is
 * not a terminal. A fixture whose {@code stack} read hangs (a FIFO) keeps the capture busy for the
 * read timeout, long enough for the line to be drawn.
 */
class TerminalProgressIT {
    private static final String PROGRESS = "\rprocsnap: ";
    private static final String ERASE = "\r\033[K";
    /** The first bytes of a zstd frame (28 B5 2F FD) and of a gzip member, as the ISO-8859-1 typescript reads them. */
    private static final String ZSTD_MAGIC = "\u0028\u00b5\u002f\u00fd";
    private static final String GZIP_MAGIC = "\u001f\u008b";

    @TempDir
    Path dir;

    @Test
    void progressOnATerminalIsDrawnThenErasedBeforeTheSummary() throws Exception {
        String typescript = underScript(String.join(" ", quoted(capture("-o", dir.resolve("a.tar.zst").toString()))), 3);
        assertTrue(typescript.contains(PROGRESS), "progress line drawn:\n" + typescript);
        assertTrue(typescript.contains(" hung, "), "the line counts hung reads:\n" + typescript);
        int erased = typescript.lastIndexOf(ERASE);
        int summary = typescript.lastIndexOf("procsnap: wrote ");
        assertTrue(erased >= 0 && summary > erased, "erased before the summary line:\n" + typescript);
        assertFalse(typescript.substring(summary).contains(PROGRESS), "nothing drawn after the summary");
        assertTrue(Files.size(dir.resolve("a.tar.zst")) > 0);
    }

    @Test
    void progressWhenOnlyStderrIsATerminal() throws Exception {
        Path archive = dir.resolve("b.tar.zst");
        String typescript = underScript(String.join(" ", quoted(capture("-o", "-"))) + " | cat > '" + archive + "'", 0);
        assertTrue(typescript.contains(PROGRESS), "stdout is a pipe, stderr a terminal: progress drawn\n" + typescript);
        assertTrue(typescript.contains("procsnap: wrote stdout"), typescript);
        assertTrue(Files.size(archive) > 0, "the archive went through the pipe");
    }

    /** Like zstd and gzip: {@code -o -} onto a terminal would fill it with compressed bytes; refused, exit 2. */
    @Test
    void theArchiveIsNeverWrittenOntoATerminal() throws Exception {
        String typescript = underScript(String.join(" ", quoted(capture("-o", "-"))), 2);
        assertTrue(typescript.contains("procsnap: refusing to write the archive to a terminal"), typescript);
        assertFalse(typescript.contains("procsnap: wrote"), typescript);
        assertFalse(typescript.contains(PROGRESS), "refused before anything was read:\n" + typescript);
        assertFalse(typescript.contains(ZSTD_MAGIC) || typescript.contains(GZIP_MAGIC),
                "no archive bytes on the terminal:\n" + typescript);
    }

    @Test
    void noProgressWhenStderrIsNotATerminal() throws Exception {
        CaptureProcess.Run r = CaptureProcess.run(capture("-o", dir.resolve("c.tar.zst").toString()), dir, 60);
        assertEquals(3, r.exit(), r.err());
        assertFalse(r.err().contains("\r"), "no progress line on a file:\n" + r.err());
        assertTrue(r.err().contains("procsnap: wrote "), r.err());
    }

    /** A capture of a one-process fixture whose {@code stack} hangs until the 1 s read timeout. */
    private List<String> capture(String... output) throws Exception {
        ProcFixture f = new ProcFixture(Files.createDirectories(dir.resolve("fixture")));
        if (!Files.exists(f.proc.resolve("100"))) {
            f.process(100, "app");
            Files.delete(f.proc.resolve("100/task/100/stack"));
            f.fifo("100/task/100/stack");
        }
        List<String> args = new ArrayList<>(List.of("--proc-root", f.proc.toString(), "--read-timeout", "1500ms",
                "--skip", "filesystems,commands", "--deadline", "30s"));
        args.addAll(List.of(output));
        return CaptureProcess.command(List.of(), args.toArray(String[]::new));
    }

    /**
     * Runs a shell command line with stdin, stdout and stderr on a new pseudo-terminal; returns what it
     * showed. {@code exit}: of the command line (of a pipeline: its last command).
     */
    private String underScript(String commandLine, int exit) throws Exception {
        Path log = dir.resolve("typescript");
        Files.deleteIfExists(log);
        CaptureProcess.Run r = CaptureProcess.run(List.of("script", "--quiet", "--return", "--flush",
                "--command", commandLine, log.toString()), dir, 60);
        assertEquals(exit, r.exit(), "exit of " + commandLine + "\n" + r.err() + r.out());
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    private static List<String> quoted(List<String> command) {
        return command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.toList());
    }
}
