package io.procsnap.replay.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procsnap.format.ExitCode;
import io.procsnap.replay.cli.CliRun;
import io.procsnap.replay.cli.Scenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fleet} over a directory laid out as {@code procsnap watch} leaves it: archives named by the
 * watcher with the trigger in their manifest, one taken by hand, the watcher's hidden state directory
 * and a capture still writing its hidden temporary file. The archives are listed by trigger and host;
 * the hidden files are not read.
 */
class WatchFleetTests {
    @TempDir
    static Path dir;

    static String trigger(String name, String summary, String fired) {
        return "{\"name\": \"" + name + "\", \"summary\": \"" + summary + "\", \"since_utc\": \"2026-11-22T00:59:50Z\","
                + " \"fired_utc\": \"" + fired + "\", \"values\": {\"msqid\": \"32769\"}, \"also\": []}";
    }

    @BeforeAll
    static void watchDirectory() throws IOException {
        FleetArchives.pack(Scenarios.tree("msgq-deadlock"), "dev-17", "2026-11-22T01:00:10Z",
                trigger("msgq-full", "SysV queue msqid 32769 at 100% of its byte limit", "2026-11-22T01:00:10Z"),
                dir.resolve("procsnap-dev-17-20261122T010010Z-msgq-full.tar.zst"));
        FleetArchives.pack(Scenarios.tree("msgq-deadlock"), "dev-17", "2026-11-22T01:10:12Z",
                trigger("msgq-full", "SysV queue msqid 32769 at 100% of its byte limit, again", "2026-11-22T01:10:12Z"),
                dir.resolve("procsnap-dev-17-20261122T011012Z-msgq-full.tar.zst"));
        FleetArchives.pack(Scenarios.tree("zfs-full"), "db-01", "2026-11-22T02:00:00Z",
                trigger("fs-full", "/tank (zfs tank) is 100% full", "2026-11-22T02:00:00Z"),
                dir.resolve("procsnap-db-01-20261122T020000Z-fs-full.tar.zst"));
        FleetArchives.pack(Scenarios.tree("healthy"), "web-01", dir.resolve("procsnap-web-01-by-hand.tar.zst"));
        Path state = Files.createDirectories(dir.resolve(".procsnap-watch"));
        Files.writeString(state.resolve("state"), "last_trigger=msgq-full\n");
        Files.writeString(state.resolve("log"), "2026-11-22T01:00:10Z capturing\n");
        Files.write(dir.resolve(".procsnap-dev-17-20261122T012000Z-hung-task.tar.zst.tmp-4242"), new byte[] {0x28, 1});
    }

    @Test
    void archivesAreListedByTriggerAndHostAndHiddenFilesAreNotRead() {
        CliRun run = CliRun.of("fleet", dir.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).contains(" TRIGGER ") && lines.get(0).indexOf("TRIGGER") < lines.get(0).indexOf("TOP FINDINGS"),
                run.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("dev-17 ") && l.contains("msgq-full ")
                && l.contains("sysv-msgq-full(critical)")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("web-01 ") && l.contains(" - ")), run.out());
        String section = run.out().substring(run.out().indexOf("taken by procsnap watch, by trigger and host"
                + " (1 other archives taken by hand):"));
        List<String> rows = section.lines().skip(2).takeWhile(l -> !l.isBlank()).toList();
        assertEquals(2, rows.size(), section);
        assertTrue(rows.get(0).matches("msgq-full +dev-17 +2  2026-11-22 01:00:10Z +2026-11-22 01:10:12Z +SysV queue msqid"
                + " 32769 at 100% of its byte limit, again"), rows.get(0));
        assertTrue(rows.get(1).matches("fs-full +db-01 +1  2026-11-22 02:00:00Z +2026-11-22 02:00:00Z +/tank .*"), rows.get(1));
        assertTrue(run.out().contains("4 archives from 3 hosts analysed, 0 skipped"), run.out());
        assertTrue(!run.out().contains(".procsnap-watch") && !run.err().contains("tmp-4242"), run.out() + run.err());
    }

    @Test
    void jsonlCarriesTheTrigger() throws IOException {
        CliRun run = CliRun.of("fleet", "--jsonl", dir.toString());
        ObjectMapper mapper = new ObjectMapper();
        int watched = 0;
        for (String line : run.out().lines().toList()) {
            JsonNode n = mapper.readTree(line);
            if (n.get("file").asText().endsWith("by-hand.tar.zst")) {
                assertTrue(n.get("trigger").isNull(), line);
            } else {
                watched++;
                assertTrue(n.get("file").asText().contains("-" + n.get("trigger").asText() + ".tar.zst"), line);
                assertTrue(n.get("trigger_summary").asText().length() > 10, line);
            }
        }
        assertTrue(watched >= 3, run.out());
    }

    @Test
    void aFleetWithoutWatchArchivesHasNoTriggerColumn(@TempDir Path plain) throws IOException {
        FleetArchives.pack(Scenarios.tree("healthy"), "web-02", plain.resolve("web-02.tar.zst"));
        CliRun run = CliRun.of("fleet", plain.toString());
        assertTrue(!run.out().contains("TRIGGER") && !run.out().contains("taken by procsnap watch"), run.out());
    }
}
