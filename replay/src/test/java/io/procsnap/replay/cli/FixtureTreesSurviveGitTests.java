package io.procsnap.replay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Git keeps no empty directories, so a fixture directory with no file below it (an empty
 * {@code proc/PID/fd}) exists in a working tree but not in a fresh clone. Each such directory must be
 * declared in the scenario's {@code procsnap-meta.json}, or the archive packed from a clone differs from
 * the one packed here and the goldens fail only in CI.
 */
class FixtureTreesSurviveGitTests {

    @Test
    void everyDirectoryWithoutFilesIsDeclaredInTheMetadata() throws IOException {
        List<String> undeclared = new ArrayList<>();
        try (Stream<Path> scenarios = Files.list(Scenarios.fixtures().resolve("scenarios"))) {
            for (Path scenario : scenarios.filter(Files::isDirectory).sorted().toList()) {
                Path metaFile = scenario.resolve("procsnap-meta.json");
                JsonNode entries = Files.exists(metaFile)
                        ? new ObjectMapper().readTree(metaFile.toFile()).path("entries") : null;
                try (Stream<Path> dirs = Files.walk(scenario)) {
                    for (Path dir : dirs.filter(Files::isDirectory).filter(d -> !d.equals(scenario)).toList()) {
                        if (!hasFileBelow(dir)) {
                            String rel = scenario.relativize(dir).toString();
                            if (entries == null || !entries.has(rel)) {
                                undeclared.add(scenario.getFileName() + ": " + rel);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), undeclared, "declare these directories in procsnap-meta.json");
    }

    private static boolean hasFileBelow(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.anyMatch(p -> !Files.isDirectory(p));
        }
    }
}
