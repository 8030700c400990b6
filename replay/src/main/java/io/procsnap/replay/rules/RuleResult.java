package io.procsnap.replay.rules;

import java.util.List;

/**
 * What one rule concluded: findings, nothing wrong, or that it could not be evaluated and why. A rule
 * never reports "nothing wrong" when its input is missing.
 *
 * @param notes   for {@link Outcome#NOT_EVALUATED} the reasons ({@code proc/sysvipc/msg timed out after 2.0 s});
 *                otherwise limits of what was evaluated ({@code stack denied for 12 threads})
 */
public record RuleResult(RuleId ruleId, String ruleName, Outcome outcome, List<Finding> findings, List<String> notes) {
    public enum Outcome { FINDINGS, OK, NOT_EVALUATED }

    public RuleResult {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    public static RuleResult notEvaluated(Rule rule, List<String> reasons) {
        return new RuleResult(rule.id(), rule.name(), Outcome.NOT_EVALUATED, List.of(), reasons);
    }

    /** FINDINGS when there are any, else OK. */
    public static RuleResult of(Rule rule, List<Finding> findings, List<String> notes) {
        return new RuleResult(rule.id(), rule.name(), findings.isEmpty() ? Outcome.OK : Outcome.FINDINGS, findings,
                notes);
    }
}
