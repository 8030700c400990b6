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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small fleet of real archives: five healthy hosts, one with the message-queue deadlock, one with the
 * full ZFS pool, one cut-off capture, plus a file that is not an archive, an empty file and an archive
 * whose compressed frames were overwritten.
 */
class FleetCommandTests {
    @TempDir
    static Path dir;

    @BeforeAll
    static void fleet() throws IOException {
        for (int i = 1; i <= 5; i++) {
            FleetArchives.pack(Scenarios.tree("healthy"), "web-0" + i, dir.resolve("web-0" + i + ".tar.zst"));
        }
        FleetArchives.pack(Scenarios.tree("msgq-deadlock"), "web-06", dir.resolve("web-06.tar.zst"));
        FleetArchives.pack(Scenarios.tree("zfs-full"), "db-01", dir.resolve("db-01.tar.zst"));
        Files.copy(Scenarios.archive("cutoff"), dir.resolve("web-07-cutoff.tar.zst"));
        Files.writeString(dir.resolve("notes.txt"), "this is a note someone left beside the archives\n");
        Files.write(dir.resolve("empty.tar.zst"), new byte[0]);
        byte[] bytes = Files.readAllBytes(dir.resolve("web-01.tar.zst"));
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i < 4 ? bytes[i] : bytes[i] ^ 0x5a);
        }
        Files.write(dir.resolve("web-99-garbled.tar.zst"), bytes);
    }

    @Test
    void tableHasOneRowPerArchiveTheRuleCountsTheOutliersAndTheSkippedFiles() {
        CliRun run = CliRun.of("fleet", "--workers", "2", dir.toString());
        assertEquals(ExitCode.ARCHIVE, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        for (String host : List.of("web-01", "web-02", "web-03", "web-04", "web-05", "web-06", "db-01")) {
            assertEquals(1, lines.stream().filter(l -> l.startsWith(host + " ")).count(), host + "\n" + run.out());
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("web-06 ") && l.contains("critical")
                && l.contains("sysv-msgq-full(critical)")), run.out());
        assertTrue(run.out().contains("majority (5 of "), run.out());
        String outliers = run.out().substring(run.out().indexOf("outliers ("));
        assertTrue(outliers.contains("web-06") && outliers.contains("+sysv-msgq-full"), outliers);
        assertTrue(outliers.contains("db-01") && outliers.contains("+fs-full"), outliers);
        assertTrue(outliers.indexOf("db-01") < outliers.indexOf("skipped"), "critical outliers listed");
        for (String host : List.of("web-01 ", "web-02 ", "web-05 ")) {
            assertTrue(!outliers.substring(0, outliers.indexOf("skipped")).contains(host), host + " is not an outlier");
        }
        assertTrue(run.out().contains("notes.txt: foreign: not a procsnap archive"), run.out());
        assertTrue(run.out().contains("empty.tar.zst: foreign:"), run.out());
        assertTrue(run.out().contains("web-99-garbled.tar.zst: corrupt: nothing can be recovered"), run.out());
        assertTrue(run.err().contains("skipped " + dir.resolve("notes.txt")), run.err());
        assertTrue(run.err().lines().noneMatch(l -> l.contains("\r")), "no progress off a terminal");
    }

    @Test
    void jsonlHasOneObjectPerArchivePerFinding() throws IOException {
        CliRun run = CliRun.of("fleet", "--jsonl", dir.toString());
        ObjectMapper mapper = new ObjectMapper();
        Map<String, List<JsonNode>> byFile = new TreeMap<>();
        for (String line : run.out().lines().toList()) {
            JsonNode n = mapper.readTree(line);
            byFile.computeIfAbsent(Path.of(n.get("file").asText()).getFileName().toString(), k -> new ArrayList<>())
                    .add(n);
        }
        assertEquals(11, byFile.size(), byFile.keySet().toString());
        List<JsonNode> healthy = byFile.get("web-02.tar.zst");
        assertEquals(1, healthy.size());
        assertTrue(healthy.get(0).get("rule_id").isNull());
        assertEquals("complete", healthy.get(0).get("state").asText());
        List<JsonNode> sick = byFile.get("web-06.tar.zst");
        assertEquals("sysv-msgq-full", sick.get(0).get("rule_id").asText());
        assertEquals("critical", sick.get(0).get("severity").asText());
        assertEquals("web-06", sick.get(0).get("host").asText());
        assertTrue(sick.get(0).get("evidence").toString().contains("proc/sysvipc/msg"));
        assertEquals("msgq:0", sick.get(0).get("subject").asText());
        assertEquals("[\"thread:4/8\"]", sick.get(0).get("related").get("consumer").toString());
        assertEquals("[\"process:6\"]", sick.get(0).get("related").get("listener").toString());
        assertTrue(healthy.get(0).get("subject").isNull());
        assertEquals("{}", healthy.get(0).get("related").toString());
        JsonNode notes = byFile.get("notes.txt").get(0);
        assertEquals("foreign", notes.get("skipped").asText());
        assertTrue(notes.get("host").isNull());
    }

    @Test
    void aSetOfOnlyBadFilesStillRunsToTheEnd(@TempDir Path bad) throws IOException {
        Files.writeString(bad.resolve("a.tar.zst"), "not an archive");
        Files.write(bad.resolve("b.tar.zst"), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 1, 2, 3});
        CliRun run = CliRun.of("fleet", bad.toString());
        assertEquals(ExitCode.ARCHIVE, run.exitCode());
        assertTrue(run.out().contains("0 archives from 0 hosts analysed, 2 skipped"), run.out());
    }

    @Test
    void progressWhenAsked() {
        CliRun run = CliRun.of("fleet", "--progress", "always", "--workers", "1", dir.toString());
        assertTrue(run.err().contains("\rprocsnap-replay fleet: 11/11 archives (3 skipped)"), run.err());
        assertEquals(ExitCode.USAGE, CliRun.of("fleet", "--progress", "sometimes", dir.toString()).exitCode());
    }

    @Test
    void aMissingInputIsAnEnvironmentError() {
        CliRun run = CliRun.of("fleet", dir.resolve("nope").toString());
        assertEquals(ExitCode.ENVIRONMENT, run.exitCode());
        assertTrue(run.err().contains("no such file or directory"), run.err());
    }

    @Test
    void rowsKeepTheOrderOfTheFilesWhateverTheWorkers() throws IOException {
        List<Path> files = FleetScan.expand(List.of(dir));
        List<ArchiveRow> one = FleetScan.scan(files, 1, (d, t, r) -> { });
        List<ArchiveRow> four = FleetScan.scan(files, 4, (d, t, r) -> { });
        assertEquals(files.stream().map(Path::toString).toList(), four.stream().map(ArchiveRow::file).toList());
        assertEquals(one, four);
        assertNull(one.stream().filter(r -> r.file().endsWith("web-03.tar.zst")).findFirst().orElseThrow().worst());
    }
}
