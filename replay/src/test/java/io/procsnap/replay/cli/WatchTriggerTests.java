package io.procsnap.replay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procsnap.replay.fleet.FleetArchives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An archive {@code procsnap watch} took (the manifest's {@code trigger}): {@code info}, {@code diagnose}
 * (text and JSON) and {@code report} say why it was taken; an archive taken by hand says nothing of it
 * (the goldens cover that).
 */
class WatchTriggerTests {
    private static final String TRIGGER = "{\"name\": \"msgq-full\", \"summary\": \"SysV queue msqid 32769 key 0x0000162e"
            + " at 100% of its byte limit (16384 of 16384 bytes, 128 messages)\", \"since_utc\": \"2026-11-22T01:00:00Z\","
            + " \"fired_utc\": \"2026-11-22T01:00:10Z\", \"values\": {\"msqid\": \"32769\", \"cbytes\": \"16384\","
            + " \"command\": \"echo <b>hi</b>\"}, \"also\": [\"procs-blocked: 12 tasks blocked waiting for I/O (for 3 s)\"]}";

    @TempDir
    static Path dir;
    static Path archive;

    @BeforeAll
    static void pack() throws IOException {
        archive = FleetArchives.pack(Scenarios.tree("msgq-deadlock"), "dev-17", "2026-11-22T01:00:10Z", TRIGGER,
                dir.resolve("procsnap-dev-17-20261122T010010Z-msgq-full.tar.zst"));
    }

    @Test
    void infoShowsTheTriggerItsValuesAndWhatElseHeld() {
        String out = CliRun.of("info", archive.toString()).out();
        assertTrue(out.contains("trigger:   msgq-full since 2026-11-22 01:00:00Z, captured 2026-11-22 01:00:10Z: SysV queue"
                + " msqid 32769 key 0x0000162e at 100% of its byte limit (16384 of 16384 bytes, 128 messages)\n"), out);
        assertTrue(out.contains("trigger:     cbytes=16384 command='echo <b>hi</b>' msqid=32769\n"), out);
        assertTrue(out.contains("trigger:     also: procs-blocked: 12 tasks blocked waiting for I/O (for 3 s)\n"), out);
    }

    @Test
    void diagnoseSaysWhyFirstAndTheJsonCarriesIt() throws IOException {
        CliRun run = CliRun.of("diagnose", archive.toString());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().startsWith("TAKEN BY procsnap watch: msgq-full since 2026-11-22 01:00:00Z"), run.out());
        assertTrue(run.out().contains("CRITICAL sysv-msgq-full: SysV queue msqid"), run.out());
        JsonNode json = new ObjectMapper().readTree(CliRun.of("diagnose", "--json", archive.toString()).out());
        assertEquals("msgq-full", json.get("trigger").get("name").asText());
        assertEquals("32769", json.get("trigger").get("values").get("msqid").asText());
        assertEquals("2026-11-22T01:00:10Z", json.get("trigger").get("fired").asText());
        JsonNode byHand = new ObjectMapper().readTree(CliRun.of("diagnose", "--json", Scenarios.archive("msgq-deadlock")
                .toString()).out());
        assertFalse(byHand.has("trigger"), "no trigger, no field");
    }

    @Test
    void reportHasAWhySectionEscaped() throws IOException {
        Path html = dir.resolve("r.html");
        assertEquals(0, CliRun.of("report", archive.toString(), "-o", html.toString()).exitCode());
        String page = Files.readString(html);
        assertTrue(page.contains("<section id=\"trigger\"><h2>Why this capture was taken</h2>"), page);
        assertTrue(page.contains("<dt>taken by</dt><dd>procsnap watch: msgq-full</dd>"), page);
        assertTrue(page.contains("echo &lt;b&gt;hi&lt;/b&gt;") && !page.contains("<b>hi</b>"), "escaped");
        assertTrue(page.contains("<li>procs-blocked: 12 tasks blocked waiting for I/O (for 3 s)</li>"), page);
    }
}
