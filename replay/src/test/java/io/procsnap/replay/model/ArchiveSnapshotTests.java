package io.procsnap.replay.model;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveSnapshotTests {

    @Test
    void packedTreeGivesTheSameModelThroughTheFormatReader(@TempDir Path dir) throws Exception {
        Path tree = MiniScenario.write(dir.resolve("tree"));
        Path archive = dir.resolve("mini.tar.zst");
        long written = TreeArchiver.pack(tree, archive);
        try (Snapshot s = SnapshotLoader.load(archive, SnapshotLoader.Options.defaults().withVerify(true))) {
            MiniScenario.check(s);
            assertEquals(written, s.entries().size());
            assertEquals(ArchiveState.COMPLETE, s.summary().state());
            assertEquals(List.of(), s.verifyProblems());
            assertEquals(Origin.Kind.ARCHIVE, s.origin().kind());
            Entry dirEntry = s.entry("proc/14088").orElseThrow();
            assertEquals(EntryType.DIRECTORY, dirEntry.header().type());
            assertEquals(040555, dirEntry.header().mode());
            assertEquals(10_000_000_000L, s.summary().durationNanos(), "latest start + elapsed (statfs/1)");
        }
    }

    @Test
    void sameEntriesAsTheTreeInTheSameOrder(@TempDir Path dir) throws Exception {
        Path tree = MiniScenario.write(dir.resolve("tree"));
        Path archive = dir.resolve("mini.tar.zst");
        TreeArchiver.pack(tree, archive);
        try (Snapshot fromTree = SnapshotLoader.fromTree(tree); Snapshot fromArchive = SnapshotLoader.load(archive)) {
            assertEquals(fromTree.entries().stream().map(Entry::path).toList(),
                    fromArchive.entries().stream().map(Entry::path).toList());
            assertEquals(fromArchive.summary().durationNanos(), fromTree.summary().durationNanos());
            assertEquals(fromArchive.summary().countsByStatus(), fromTree.summary().countsByStatus());
            for (Entry e : fromTree.entries()) {
                Entry a = fromArchive.entry(e.path()).orElseThrow();
                assertEquals(e.header().status(), a.header().status(), e.path());
                assertEquals(e.header().uid(), a.header().uid(), e.path());
                assertEquals(e.header().linkTarget(), a.header().linkTarget(), e.path());
                assertArrayEquals(fromTree.content(e.path()).orElseThrow(), fromArchive.content(e.path()).orElseThrow(),
                        e.path());
            }
        }
    }

    @Test
    void contentBeyondTheRetainCapIsReadAgainFromTheArchive(@TempDir Path dir) throws Exception {
        Path tree = MiniScenario.write(dir.resolve("tree"));
        Path archive = dir.resolve("mini.tar.zst");
        TreeArchiver.pack(tree, archive);
        try (Snapshot s = SnapshotLoader.load(archive, SnapshotLoader.Options.defaults().withRetainCap(0))) {
            MiniScenario.check(s);
            assertEquals(0, s.loadStats().retainedBytes());
            assertTrue(s.loadStats().droppedContents() > 40, s.loadStats().toString());
            assertArrayEquals(Files.readAllBytes(tree.resolve("proc/sysvipc/msg")), s.content("proc/sysvipc/msg").orElseThrow());
        }
    }

    @Test
    void cutOffTreeIsWrittenWithoutIndexAndReadAsCutOff(@TempDir Path dir) throws Exception {
        Path tree = MiniScenario.write(dir.resolve("tree"));
        String meta = Files.readString(tree.resolve(FixtureTree.META_FILE));
        Files.writeString(tree.resolve(FixtureTree.META_FILE), meta.replaceFirst("\\{", "{\"cutOffAfter\": 30,"));
        Path archive = dir.resolve("cut.tar.zst");
        assertEquals(30, TreeArchiver.pack(tree, archive));
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            assertEquals(ArchiveState.CUT_OFF, reader.summary().state());
        }
        try (Snapshot s = SnapshotLoader.load(archive)) {
            assertEquals(ArchiveState.CUT_OFF, s.summary().state());
            assertEquals(30, s.entries().size());
            assertEquals("mini", s.manifest().host().hostname());
            try (Snapshot whole = SnapshotLoader.fromTree(MiniScenario.write(dir.resolve("again")))) {
                assertEquals(whole.entries().subList(0, 30).stream().map(Entry::path).toList(),
                        s.entries().stream().map(Entry::path).toList());
            }
            assertEquals(Status.SKIPPED, s.ref("proc/uptime").status(), "not reached before the cut");
        }
    }

    @Test
    void archiveTruncatedMidwayLoadsWhatWasSalvaged(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("big.tar.zst");
        LargeArchiveTests.write(archive);
        byte[] all = Files.readAllBytes(archive);
        Path half = dir.resolve("half.tar.zst");
        Files.write(half, java.util.Arrays.copyOf(all, all.length / 2));
        try (Snapshot s = SnapshotLoader.load(half)) {
            assertTrue(s.summary().state() != ArchiveState.COMPLETE, s.summary().toString());
            assertTrue(s.processes().size() > 10 && s.processes().size() < LargeArchiveTests.PROCESSES,
                    "processes salvaged: " + s.processes().size());
            assertEquals("big", s.manifest().host().hostname());
        }
    }

    @Test
    void notAnArchiveIsAnArchiveException(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.tar.zst");
        Files.writeString(junk, "this is not an archive at all, just text\n".repeat(100));
        io.procsnap.format.ArchiveException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.procsnap.format.ArchiveException.class, () -> SnapshotLoader.load(junk));
        assertEquals(io.procsnap.format.ArchiveException.Kind.NOT_AN_ARCHIVE, e.kind());
    }
}
