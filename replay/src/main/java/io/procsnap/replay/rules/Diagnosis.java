package io.procsnap.replay.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.procsnap.format.Manifest;
import io.procsnap.replay.model.Snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The result of running every rule on a snapshot: findings ordered by severity (most severe first, then
 * by rule order), and each rule's outcome including the ones that could not be evaluated; with why the
 * capture was taken when {@code procsnap watch} took it ({@code trigger}, from the manifest; absent from
 * the JSON otherwise).
 */
public record Diagnosis(List<Finding> findings, List<RuleResult> results,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Manifest.Trigger trigger) {
    public Diagnosis {
        findings = List.copyOf(findings);
        results = List.copyOf(results);
    }

    /** A diagnosis of a capture taken by hand (no trigger). */
    public Diagnosis(List<Finding> findings, List<RuleResult> results) {
        this(findings, results, null);
    }

    public static Diagnosis run(Snapshot snapshot, List<Rule> rules, Map<String, Double> thresholds) {
        RuleContext context = new RuleContext(snapshot, thresholds);
        List<RuleResult> results = new ArrayList<>();
        String partial = switch (snapshot.summary().state()) {
            case COMPLETE -> null;
            case CUT_OFF -> "evaluated on a cut-off capture (" + snapshot.summary().entryCount()
                    + " entries): what was not captured may hide findings";
            case SALVAGED -> "evaluated on a salvaged archive: damaged parts may hide findings";
        };
        for (Rule r : rules) {
            RuleResult result = r.evaluate(context);
            if (partial != null && result.outcome() != RuleResult.Outcome.NOT_EVALUATED
                    && r.id() != RuleId.CAPTURE_INCOMPLETE) {
                List<String> notes = new ArrayList<>(result.notes());
                notes.add(partial);
                result = new RuleResult(result.ruleId(), result.ruleName(), result.outcome(), result.findings(), notes);
            }
            results.add(result);
        }
        List<RuleId> order = rules.stream().map(Rule::id).toList();
        List<Finding> findings = new ArrayList<>();
        results.forEach(r -> findings.addAll(r.findings()));
        findings.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparingInt(f -> order.indexOf(f.ruleId())));
        return new Diagnosis(findings, results, snapshot.manifest() == null ? null : snapshot.manifest().trigger());
    }

    /** The most severe finding's severity, or null when there are none. */
    public Severity worst() {
        return findings.isEmpty() ? null : findings.get(0).severity();
    }
}
