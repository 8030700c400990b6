package io.procsnap.replay.fuzz;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every input the parser fuzzer found (src/test/resources/fuzz/KIND-what-fail.txt, KIND = the
 * parser's seed prefix) must now be parsed or rejected with ParseException, never crash.
 */
class ParserFindingsTests {
    private static List<Path> findings(String kindPrefix) throws Exception {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/fuzz"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(kindPrefix)
                    && p.getFileName().toString().endsWith("-fail.txt")).sorted().toList();
        }
    }

    private static List<String> run(String kind) throws Exception {
        List<Path> files = findings(kind + "-");
        assertTrue(!files.isEmpty(), "no findings for " + kind);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.ISO_8859_1);
            String outcome = ParserFuzzTests.outcome(kind, text, false);
            if (outcome != null && !outcome.equals("rejected")) {
                problems.add(f.getFileName() + ": " + outcome);
            }
        }
        return problems;
    }

    /** B1: KernelLogParser.hungTasks threw NumberFormatException on a pid or duration longer than a long. */
    @Test
    void dmesgOverflowsAreRejectedNotThrown() throws Exception {
        assertEquals(List.of(), run("dmesg"));
    }
}
