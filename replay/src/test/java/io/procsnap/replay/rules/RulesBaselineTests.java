package io.procsnap.replay.rules;

import io.procsnap.replay.cli.Scenarios;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rule on every fixture scenario, compared with one reviewed baseline,
 * {@code fixtures/golden/rules-baseline.txt} (the shape of JMC's {@code TestRulesWithJfr}). A change in
 * any rule's outcome, severity or summary on any scenario shows up here as one diff to review;
 * {@code -Dgolden.update=true} rewrites the file.
 */
class RulesBaselineTests {

    @Test
    void allRulesOnAllScenariosMatchTheReviewedBaseline() throws Exception {
        List<String> actual = new ArrayList<>();
        actual.add("# rules baseline: every rule on every fixture scenario (reviewed; rewrite with -Dgolden.update=true)");
        for (Map.Entry<String, Path> e : Scenarios.archives().entrySet()) {
            try (Snapshot s = SnapshotLoader.load(e.getValue())) {
                Diagnosis d = Diagnosis.run(s, Rules.all(), Map.of());
                actual.add("");
                actual.add("[" + e.getKey() + "]");
                for (RuleResult r : d.results()) {
                    actual.add(r.ruleId().label() + ": " + r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                    for (Finding f : r.findings()) {
                        actual.add("  " + f.severity().label() + ": " + f.summary());
                    }
                    if (r.outcome() == RuleResult.Outcome.NOT_EVALUATED) {
                        r.notes().forEach(n -> actual.add("  because: " + n));
                    }
                }
            }
        }
        Path baseline = Scenarios.fixtures().resolve("golden").resolve("rules-baseline.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(baseline.getParent());
            Files.write(baseline, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(baseline), "missing " + baseline + " (run with -Dgolden.update=true and review it)");
        assertLinesMatch(Files.readAllLines(baseline, StandardCharsets.UTF_8), actual, "rules baseline changed");
    }

    @Test
    void everyRuleHasAStableKebabCaseIdAndThresholdDefaults() {
        List<String> ids = new ArrayList<>();
        for (Rule r : Rules.all()) {
            String id = r.id().label();
            assertTrue(id.matches("[a-z]+(-[a-z]+)*"), id);
            assertTrue(!r.name().isBlank() && !r.description().isBlank(), id);
            r.thresholds().forEach(t -> assertTrue(t.name().matches("[a-z0-9]+(-[a-z0-9]+)*") && !t.description().isBlank(),
                    id + "." + t.name()));
            ids.add(id);
        }
        assertEquals(ids.stream().distinct().count(), ids.size(), "duplicate rule ids " + ids);
        assertEquals(List.of("sysv-msgq-full", "fs-full", "hung-reads-zfs-full", "capture-hung-reads", "d-state-threads", "futex-hotspot",
                "statfs-hang", "command-hang", "stuck-threads", "memory-pressure", "capture-incomplete"), ids);
    }
}
