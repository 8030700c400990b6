package io.procsnap.format.fuzz;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Inputs found by {@link FormatFuzzTests}, kept under corpus/fuzz/ (named {@code <what>-fail.tar.zst},
 * apart from CorpusTests' files): each must now open or be refused with an ArchiveException.
 */
class FuzzCorpusTests {
    private static FuzzHarness.Outcome outcome(String name) throws Exception {
        Path file = Path.of(FuzzCorpusTests.class.getResource("/corpus/fuzz/" + name).toURI());
        Path scratch = Files.createTempFile("fuzz-corpus", ".tar.zst");
        try (FuzzHarness h = new FuzzHarness(10_000)) {
            FuzzHarness.Outcome o = h.run(Files.readAllBytes(file), scratch);
            if (!h.findings.isEmpty()) {
                throw new AssertionError(name + ": " + h.findings.get(0).what());
            }
            return o;
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    @Test
    void indexMapPointingPastTheUsableFramesIsDamageNotEof() throws Exception {
        List<FuzzHarness.Outcome> outcomes = new ArrayList<>();
        outcomes.add(outcome("index-map-past-frames-fail.tar.zst"));
        assertEquals(1, outcomes.size());
    }
}
