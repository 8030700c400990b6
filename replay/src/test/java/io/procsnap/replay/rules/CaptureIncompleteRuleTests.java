package io.procsnap.replay.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capture-incomplete on small fixture trees. */
class CaptureIncompleteRuleTests {
    @TempDir
    Path dir;

    private RuleResult evaluate(String entriesJson) throws IOException {
        Files.createDirectories(dir.resolve("proc/2"));
        Files.writeString(dir.resolve("proc/2/stat"), "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 1 0 0 20 0 1 0 12 0 0\n");
        Files.createDirectories(dir.resolve("proc/700"));
        Files.writeString(dir.resolve("proc/700/stat"), "700 (app) S 1 700 700 0 -1 4194560 0 0 0 0 0 1 0 0 20 0 1 0 12 0 0\n");
        Files.writeString(dir.resolve("procsnap-meta.json"), "{\"entries\": {" + entriesJson + "}}");
        try (Snapshot s = SnapshotLoader.fromTree(dir)) {
            return new CaptureIncompleteRule().evaluate(new RuleContext(s, Map.of()));
        }
    }

    @Test
    void unreadableExeOfAKernelThreadIsNotAGapInTheCapture() throws IOException {
        RuleResult r = evaluate("\"proc/2/exe\": {\"type\": \"symlink\", \"status\": \"error\", \"detail\": \"ENOENT\"}");
        assertEquals(List.of(), r.findings(), "the live machine answers ENOENT too");
    }

    @Test
    void otherFailuresStillCountAndTheKernelThreadLinkStaysOutOfTheList() throws IOException {
        RuleResult r = evaluate("\"proc/2/exe\": {\"type\": \"symlink\", \"status\": \"error\", \"detail\": \"ENOENT\"},"
                + "\"proc/700/cmdline\": {\"status\": \"timeout\", \"elapsedMs\": 2000},"
                + "\"proc/700/io\": {\"status\": \"error\", \"detail\": \"EIO\"}");
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding f = r.findings().get(0);
        assertTrue(f.summary().startsWith("2 reads timed out, failed"), f.summary());
        assertFalse(f.details().toString().contains("exe"), f.details().toString());
    }
}
