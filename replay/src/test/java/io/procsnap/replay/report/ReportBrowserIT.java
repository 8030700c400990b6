package io.procsnap.replay.report;

import io.procsnap.replay.cli.Scenarios;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Opens the report of every fixture in a real headless Chromium (Debian package {@code chromium};
 * {@code scripts/setup.sh} installs it): no console message (script error, CSP violation from an external
 * resource), the findings and the wait-for graph in the rendered DOM, and a 1280x2000 screenshot in
 * {@code target/report-it/} whose pixels show the graph boxes and the severity badge.
 *
 * <p>Console messages are read from Chromium's own log ({@code --enable-logging=stderr}: one
 * {@code :CONSOLE:} line per message); a control page with a deliberate script error proves the detector
 * sees them. Fails (does not skip) when Chromium is missing.
 */
class ReportBrowserIT {
    private static final Path OUT = Path.of("target", "report-it");
    /** Fill of queue and pool boxes in {@link GraphSvg}: #fff1c9. */
    private static final int GRAPH_FILL = 0xfff1c9;
    /** The critical badge: #c62828. */
    private static final int CRITICAL = 0xc62828;
    private static String chromium;

    @BeforeAll
    static void findChromium() throws IOException {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                chromium = candidate;
            }
        }
        if (chromium == null) {
            fail("ReportBrowserIT needs headless Chromium and it is not installed: apt-get install chromium "
                    + "(scripts/setup.sh installs it)");
        }
        Files.createDirectories(OUT);
    }

    static List<String> scenarios() {
        return Scenarios.names();
    }

    @Test
    void theConsoleDetectorSeesAScriptError() throws Exception {
        Path control = OUT.resolve("control.html");
        Files.writeString(control, "<!DOCTYPE html><html><body><p>control</p><script>"
                + "console.error('procsnap-control'); notDefined();</script></body></html>");
        Result r = run(control, "--dump-dom");
        assertTrue(r.console().stream().anyMatch(l -> l.contains("procsnap-control")), r.log());
        assertTrue(r.console().stream().anyMatch(l -> l.contains("notDefined")), r.log());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void reportLoadsCleanlyWithFindingsAndGraphVisible(String scenario) throws Exception {
        ReportData data;
        try (Snapshot s = SnapshotLoader.load(Scenarios.archive(scenario))) {
            data = ReportData.of(s);
        }
        Path page = OUT.resolve(scenario + ".html");
        Files.writeString(page, HtmlReport.render(data), StandardCharsets.UTF_8);

        Result dom = run(page, "--dump-dom");
        assertEquals(0, dom.exitCode(), dom.log());
        assertEquals(List.of(), dom.console(), "console messages while loading " + page);
        String html = dom.stdout();
        int n = 0;
        for (Finding f : data.diagnosis().findings()) {
            n++;
            assertTrue(html.contains("id=\"finding-" + n + "\" data-rule=\"" + f.ruleId().label() + "\""),
                    f.ruleId().label());
        }
        assertEquals(data.graph().nodes().size(), count(html, "<g class=\"node "), "graph nodes in the DOM");

        Path png = OUT.resolve(scenario + ".png");
        Files.deleteIfExists(png);
        Result shot = run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,2000");
        assertEquals(0, shot.exitCode(), shot.log());
        assertEquals(List.of(), shot.console());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        boolean graphHasQueueOrPool = data.graph().nodes().stream().anyMatch(x -> x.column() == 1);
        assertEquals(graphHasQueueOrPool, pixels(image, GRAPH_FILL) > 2000, "graph boxes visible in " + png);
        boolean critical = data.diagnosis().worst() == Severity.CRITICAL;
        assertEquals(critical, pixels(image, CRITICAL) > 200, "critical badge visible in " + png);
    }

    private record Result(int exitCode, String stdout, String log, List<String> console) {
    }

    private static Result run(Path page, String... args) throws Exception {
        Path profile = Files.createTempDirectory(OUT, "profile-");
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(args));
        command.add(page.toAbsolutePath().toUri().toString());
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                fail("chromium did not finish within 90 s: " + command);
            }
            String log = Files.readString(err);
            List<String> console = log.lines().filter(l -> l.contains(":CONSOLE")).toList();
            return new Result(p.exitValue(), Files.readString(out), log, console);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            deleteTree(profile);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
