package io.procsnap.replay.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeSnapshotTests {

    @Test
    void fixtureTreeLoadsDirectly(@TempDir Path dir) throws Exception {
        try (Snapshot s = SnapshotLoader.fromTree(MiniScenario.write(dir))) {
            MiniScenario.check(s);
            assertArrayEquals("__do_sys_pause".getBytes(StandardCharsets.UTF_8), s.content("proc/14088/wchan").orElseThrow());
            assertTrue(s.content("proc/absent").isEmpty());
        }
    }

    @Test
    void cutOffTreeLoadsItsFirstEntries(@TempDir Path dir) throws Exception {
        Path tree = MiniScenario.write(dir);
        Files.writeString(tree.resolve(FixtureTree.META_FILE), "{\"cutOffAfter\": 5}");
        try (Snapshot s = SnapshotLoader.fromTree(tree)) {
            assertEquals(5, s.entries().size());
            assertEquals(io.procsnap.format.ArchiveState.CUT_OFF, s.summary().state());
            assertEquals("cmd/dmesg/stdout", s.entries().get(0).path());
        }
    }

    @Test
    void pathOrderIsNumericPerSegment() {
        assertTrue(FixtureTree.PATH_ORDER.compare("proc/2", "proc/10") < 0);
        assertTrue(FixtureTree.PATH_ORDER.compare("proc/10", "proc/10/stat") < 0);
        assertTrue(FixtureTree.PATH_ORDER.compare("proc/10/stat", "proc/11") < 0);
        assertTrue(FixtureTree.PATH_ORDER.compare("cmd/x", "proc/1") < 0);
    }
}
