package io.procsnap.capture;

import io.procsnap.capture.redact.Redactor;
import io.procsnap.format.Manifest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The options as the command line sets them, recorded in the manifest. */
class CaptureManifestTests {

    private static CaptureOptions parse(String... args) {
        CaptureCommand c = new CaptureCommand();
        new CommandLine(CaptureCommand.spec(c), CaptureCommand.FACTORY).parseArgs(args);
        return c.options;
    }

    @Test
    void everyOptionIsRecordedWithItsDefault() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("output", "(default name)");
        expected.put("proc-root", "/proc");
        expected.put("deadline", "90s");
        expected.put("read-timeout", "2s");
        expected.put("statfs-timeout", "5s");
        expected.put("command-timeout", "15s");
        expected.put("samples", "0");
        expected.put("interval", "1s");
        expected.put("resample", "true");
        expected.put("include-environ", "false");
        expected.put("add-file", "");
        expected.put("add-command", "");
        expected.put("skip", "");
        expected.put("readers", "0");
        expected.put("max-abandoned", "16");
        expected.put("max-file-size", "4194304");
        assertEquals(expected, CaptureManifest.options(parse()));
    }

    @Test
    void givenOptionsAreRecordedAsGiven() {
        Map<String, String> m = CaptureManifest.options(parse("-o", "-", "--deadline", "500ms", "--skip",
                "system,commands", "--add-command", "a=echo a", "--add-command", "b=echo b"));
        assertEquals("-", m.get("output"));
        assertEquals("500ms", m.get("deadline"));
        assertEquals("system,commands", m.get("skip"));
        assertEquals("a=echo a,b=echo b", m.get("add-command"));
    }

    @Test
    void theManifestNamesTheToolTheHostAndHowItRan() {
        Manifest.Host host = HostFacts.host("/proc");
        Manifest m = CaptureManifest.of(parse(), host, new Manifest.Captor(0, 0, 0), Instant.EPOCH,
                List.of("/usr/bin/nice", "-n", "19"), new Saturation(false, "0 runnable besides this capture, 2 CPUs"),
                Redactor.defaults());
        assertEquals("procsnap", m.tool());
        assertEquals(Manifest.FORMAT_VERSION, m.formatVersion());
        assertEquals(host, m.host());
        assertEquals("90s", m.options().get("deadline"));
        assertTrue(m.notes().get("priority").endsWith("commands: /usr/bin/nice -n 19"), m.notes().toString());
        assertTrue(m.notes().containsKey("reader"), m.notes().toString());
    }
}
