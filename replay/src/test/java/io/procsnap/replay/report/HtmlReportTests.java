package io.procsnap.replay.report;

import io.procsnap.replay.cli.CliRun;
import io.procsnap.replay.cli.Scenarios;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import io.procsnap.replay.model.TreeArchiver;
import io.procsnap.replay.rules.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTests {

    static List<String> scenarios() {
        return Scenarios.names();
    }

    private static ReportData data(String scenario) throws IOException {
        try (Snapshot s = SnapshotLoader.load(Scenarios.archive(scenario))) {
            return ReportData.of(s);
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyFixtureRendersEveryFindingWithItsEvidenceAndNothingExternal(String scenario) throws IOException {
        ReportData d = data(scenario);
        String html = HtmlReport.render(d);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("Content-Security-Policy\" content=\"" + HtmlReport.CSP + "\""));
        assertFalse(html.toLowerCase().contains("<script"), "no script");
        assertFalse(html.contains("src="), "no external resource");
        assertFalse(html.contains("href="), "no link");
        String withoutNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(withoutNamespace.contains("http://") || withoutNamespace.contains("https://"), "no network address");
        for (String section : List.of("summary", "graph", "findings", "health", "threads", "queues", "filesystems")) {
            assertTrue(html.contains("id=\"" + section + "\""), section);
        }
        int n = 0;
        for (Finding f : d.diagnosis().findings()) {
            n++;
            assertTrue(html.contains("id=\"finding-" + n + "\" data-rule=\"" + f.ruleId().label() + "\""),
                    f.ruleId().label());
            assertTrue(html.contains(Html.text(f.summary())), f.summary());
            f.evidence().forEach(e -> assertTrue(html.contains("<code>" + Html.text(e) + "</code>"), e));
        }
        assertEquals(d.graph().nodes().size(), count(html, "<g class=\"node "));
        assertEquals(!d.graph().isEmpty(), html.contains("<svg class=\"wait-graph\""));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void findingsAreTheOnesDiagnosePrints(String scenario) throws IOException {
        ReportData d = data(scenario);
        CliRun run = CliRun.of("diagnose", "--json", Scenarios.archive(scenario).toString());
        List<String> printed = new ArrayList<>();
        new ObjectMapper().readTree(run.out()).get("findings").forEach(f -> printed.add(f.get("ruleId").asText() + " "
                + f.get("summary").asText()));
        assertEquals(printed, d.diagnosis().findings().stream().map(f -> f.ruleId().label() + " " + f.summary()).toList());
    }

    @Test
    void msgqDeadlockGraphIsTheWholeChain() throws IOException {
        WaitGraph g = data("msgq-deadlock").graph();
        List<WaitGraph.Kind> kinds = g.nodes().stream().map(WaitGraph.Node::kind).toList();
        assertEquals(List.of(WaitGraph.Kind.QUEUE, WaitGraph.Kind.THREADS, WaitGraph.Kind.CONSUMER,
                WaitGraph.Kind.SOCKET, WaitGraph.Kind.LISTENER), kinds);
        assertEquals(List.of(new WaitGraph.Edge("send-0-0", "q-0", "msgsnd"),
                new WaitGraph.Edge("q-0", "consumer-8", "drained by"),
                new WaitGraph.Edge("consumer-8", "socket-16457", "connect fd 4"),
                new WaitGraph.Edge("socket-16457", "listener-6", "accepted by")), g.edges());
        assertEquals("4 threads app[4] in msgsnd", g.nodes().get(1).label());
        assertEquals("/var/agentx/master", g.nodes().get(3).label());
        assertEquals("snmpd[6]", g.nodes().get(4).label());
    }

    @Test
    void zfsFullGraphHasThreadsWaitingOnThePool() throws IOException {
        WaitGraph g = data("zfs-full").graph();
        assertEquals(WaitGraph.Kind.POOL, g.nodes().get(0).kind());
        assertTrue(g.nodes().get(0).label().startsWith("pool "));
        assertTrue(g.edges().size() >= 1);
        assertTrue(g.edges().stream().allMatch(e -> e.to().equals(g.nodes().get(0).id())));
        assertTrue(g.nodes().stream().anyMatch(n -> n.label().contains("txg_wait_open")), g.nodes().toString());
    }

    @Test
    void healthyMachineHasNoGraph() throws IOException {
        ReportData d = data("healthy");
        assertTrue(d.graph().isEmpty());
        assertTrue(HtmlReport.render(d).contains("No diagnosed chain to draw"));
    }

    @Test
    void hostileTextFromTheArchiveIsEscaped(@TempDir Path tmp) throws IOException {
        Path tree = tmp.resolve("tree");
        copy(Scenarios.tree("msgq-deadlock"), tree);
        String evil = "<script>alert('x')</script>\"&<img src=x onerror=alert(1)>";
        Path meta = tree.resolve("procsnap-meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"app-host-01\"", "\"" + evil.replace("\"", "\\\"") + "\""));
        // the listener's command line and comm: hostile process names
        Path cmdline = tree.resolve("proc/6/cmdline");
        Files.write(cmdline, "snmpd\0<b onmouseover=alert(2)>\0".getBytes());
        Path archive = tmp.resolve("evil.tar.zst");
        TreeArchiver.pack(tree, archive);
        String html;
        try (Snapshot s = SnapshotLoader.load(archive)) {
            assertTrue(s.manifest().host().hostname().contains("<script>"));
            html = HtmlReport.render(ReportData.of(s));
        }
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("<b onmouseover"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(html.contains("&lt;b onmouseover=alert(2)&gt;"), "command line shown escaped");
    }

    @Test
    void escapesMarkupQuotesAndControlCharacters() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;", Html.text("<a href=\"x\" title='y'>&"));
        assertEquals("a\uFFFDb\uFFFDc\td", Html.text("a\u0000b\u001bc\td"));
        assertEquals("\uFFFDx", Html.text("\uD800x"), "lone surrogate");
        assertEquals("\uD83D\uDE00", Html.text("\uD83D\uDE00"), "a valid pair stays");
        assertEquals("", Html.text(null));
    }

    @Test
    void barsAreClampedAndRedFromNinetyPercent() {
        assertTrue(HtmlReport.bar(150, null).contains("width:100.0%"));
        assertTrue(HtmlReport.bar(-1, null).contains("width:0.0%"));
        assertTrue(HtmlReport.bar(95, "full").contains("class=\"bar high\""));
        assertTrue(HtmlReport.bar(50, null).contains("class=\"bar\""));
        assertTrue(HtmlReport.countBar(100).contains("class=\"bar count\""), "a thread count is never an alarm");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
