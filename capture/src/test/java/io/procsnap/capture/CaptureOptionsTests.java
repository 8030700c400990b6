package io.procsnap.capture;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CaptureOptions#parseSimple}: a capture's command line read without picocli gives every option the
 * value picocli's parse gives it, and everything it does not read exactly so is left to picocli.
 */
class CaptureOptionsTests {

    /** The options as picocli reads {@code args}. */
    private static List<Object> byPicocli(String... args) {
        CaptureCommand c = new CaptureCommand();
        new CommandLine(CaptureCommand.spec(c), CaptureCommand.FACTORY).parseArgs(args);
        return c.options.values();
    }

    private static CaptureOptions simple(String... args) {
        CaptureOptions o = new CaptureOptions();
        assertTrue(o.parseSimple(args), String.join(" ", args));
        return o;
    }

    @Test
    void plainCommandLinesGetPicoclisValuesDefaultsIncluded() {
        String[][] lines = {
            {},
            {"--skip", "filesystems,commands"},
            {"--skip", "filesystems,commands", "--no-resample", "-o", "/tmp/x.tar.zst"},
            {"-o", "-", "--deadline", "30s", "--read-timeout=500ms", "--interval", "1.5s"},
            {"--statfs-timeout", "2m", "--command-timeout", "1h", "--samples", "3", "--readers", "2"},
            {"--max-abandoned", "0", "--max-file-size", "65536", "--min-free", "0", "--proc-root", "/tmp"},
            {"--platform", "linux", "--include-environ", "--no-redact", "--output=a.tar.zst"},
            {"--add-file", "/etc/hostname", "--add-file=/etc/os-release", "--add-command", "up=uptime -p"},
            {"--skip", "details", "--skip", "system,commands", "--redact-pattern", "k=secret=(?<secret>\\S+)"},
            {"--deadline", "5"},
        };
        for (String[] args : lines) {
            assertEquals(byPicocli(args), simple(args).values(), String.join(" ", args));
        }
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        String[][] lines = {
            {"--help"}, {"-h"}, {"-V", "--skip", "details"}, {"--version", "-o", "x"},
            {"watch", "--dir", "/tmp"}, {"-o", "watch"},
            {"--no-such-option"}, {"--ski", "details"}, {"-ox.tar.zst"}, {"-o=x.tar.zst"},
            {"--output"}, {"--output="}, {"-o", "--skip"}, {"--skip", "-x"},
            {"--deadline", "soon"}, {"--deadline", "-1s"}, {"--samples", "010"}, {"--samples", "+1"},
            {"--readers", "9999999999"}, {"--min-free", "1e9"},
            {"--deadline", "1s", "--deadline", "2s"}, {"--no-resample", "--no-resample"},
            {"--no-resample=true"}, {"--skip", "details,,system"}, {"--skip", ",details"},
            {"--add-file", "\"/etc/x y\""}, {"@args.txt"}, {"--add-file", "@args.txt"}, {"--"}, {"x"},
        };
        for (String[] args : lines) {
            assertFalse(new CaptureOptions().parseSimple(args), String.join(" ", args));
        }
    }

    @Test
    void aValueRefusedAfterTheParseIsReportedByPicocliAsBefore(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // parses without picocli, refused by the capture's checks before anything is opened: the same
        // one-line message and exit 2 as picocli's parse gives, and no archive
        StringWriter err = new StringWriter();
        Path out = dir.resolve("x.tar.zst");
        int code = Main.run(new String[] {"--skip", "fast", "-o", out.toString()}, new ByteArrayOutputStream(),
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(io.procsnap.format.ExitCode.USAGE, code);
        assertEquals("procsnap: --skip fast: not a phase (details, system, filesystems, commands)"
                + System.lineSeparator() + "Try 'procsnap --help' for the options." + System.lineSeparator(),
                err.toString());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }
}
