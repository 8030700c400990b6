package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.replay.analysis.InfoReport;
import io.procsnap.replay.model.IndexListing;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import io.procsnap.replay.render.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code info} answers a whole Linux archive from its index (issue 16) with the report the walk makes of it,
 * and walks every archive the index cannot stand for: damaged frames, cuts, SunOS captures.
 */
class InfoFromIndexTests {
    @TempDir
    Path dir;

    private static String json(Object report) {
        StringWriter w = new StringWriter();
        Json.write(report, new PrintWriter(w));
        return w.toString();
    }

    /** The report of the walk: the archive loaded as {@code info} loaded it before issue 16. */
    private static String walked(Path archive) throws Exception {
        try (Snapshot s = SnapshotLoader.load(archive, SnapshotLoader.Options.defaults().withRetainCap(0)
                .withRows(InfoReport.ROWS))) {
            return json(InfoReport.of(s));
        }
    }

    /** The report from the index, or empty when the index cannot stand for the walk. */
    private static Optional<String> indexed(Path archive) throws Exception {
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            Optional<IndexListing> listing = IndexListing.read(reader);
            return listing.isPresent()
                    ? Optional.of(json(InfoReport.of(reader, archive.toString(), listing.get())))
                    : Optional.empty();
        }
    }

    @Test
    void everyLinuxScenarioIsAnsweredFromItsIndexWithTheWalksReport() throws Exception {
        int fromIndex = 0;
        List<String> walkedOnly = new ArrayList<>();
        for (Map.Entry<String, Path> a : Scenarios.archives().entrySet()) {
            Optional<String> r = indexed(a.getValue());
            if (r.isPresent()) {
                assertEquals(walked(a.getValue()), r.get(), a.getKey());
                fromIndex++;
            } else {
                walkedOnly.add(a.getKey());
            }
        }
        // every scenario is one or the other; the walked ones must each have a reason (below)
        assertTrue(fromIndex > 0, "from the index: " + fromIndex + ", walked: " + walkedOnly);
        for (String name : walkedOnly) {
            try (ArchiveReader reader = ArchiveReader.open(Scenarios.archive(name))) {
                assertTrue(reader.manifest().platform() == null || reader.manifest().platform().isSunos()
                        || !reader.summary().damages().isEmpty(), name + " is a whole Linux capture, yet walked");
            }
        }
    }

    /**
     * {@code --verify} also compares the seek table's checksums, which answering from the index does not: an
     * archive whose last seek-table checksum is wrong (its frames intact) gets the verified walk's report.
     */
    @Test
    void verifyReportsWhatTheIndexPathWouldNotSee() throws Exception {
        byte[] b = Files.readAllBytes(Scenarios.archive("msgq-deadlock"));
        b[b.length - 9 - 4] ^= 0x5a; // the last seek-table entry's checksum, before the 9-byte footer
        Path p = Files.write(dir.resolve("seek-checksum.tar.zst"), b);
        String verified;
        try (Snapshot s = SnapshotLoader.load(p, SnapshotLoader.Options.defaults().withRetainCap(0)
                .withRows(InfoReport.ROWS).withVerify(true))) {
            assertTrue(!s.verifyProblems().isEmpty(), "the flip is a verify problem");
            verified = json(InfoReport.of(s));
        }
        CliRun run = CliRun.of("info", "--json", "--verify", p.toString());
        assertEquals(verified.strip(), run.out().strip(), run.err());
    }

    @Test
    void aFlippedFrameOrACutIsWalkedAndTheCommandPrintsTheWalksReport() throws Exception {
        Path good = Scenarios.archive("msgq-deadlock");
        byte[] bytes = Files.readAllBytes(good);
        Random rnd = new Random(16);
        int damaged = 0;
        for (int i = 0; i < 12; i++) {
            byte[] b = bytes.clone();
            String name;
            if (i < 8) {
                int at = bytes.length / 8 + rnd.nextInt(bytes.length * 3 / 4);
                b[at] ^= (byte) (1 + rnd.nextInt(255));
                name = "flip-" + at;
            } else {
                b = java.util.Arrays.copyOf(bytes, bytes.length * (i - 7) / 5);
                name = "cut-" + b.length;
            }
            Path p = Files.write(dir.resolve(name + ".tar.zst"), b);
            String walk;
            try {
                walk = walked(p);
            } catch (java.io.IOException refused) {
                continue; // refused by the reader either way
            }
            Optional<String> r = indexed(p);
            if (r.isPresent()) {
                assertEquals(walk, r.get(), name); // the flip hit no frame (the seek table's padding, say)
            } else {
                damaged++;
            }
            CliRun run = CliRun.of("info", "--json", p.toString());
            assertEquals(walk.strip(), run.out().strip(), name + ": " + run.err());
        }
        assertTrue(damaged >= 6, "damaged archives walked: " + damaged);
    }
}
