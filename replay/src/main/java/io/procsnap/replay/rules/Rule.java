package io.procsnap.replay.rules;

import java.util.List;

/**
 * A stateless check over a snapshot (the shape of JMC's {@code IRule}): a stable kebab-case id, a name,
 * thresholds with defaults, and an honest result: findings with evidence paths, OK, or "not evaluated"
 * naming the missing input.
 */
public interface Rule {
    /** Stable id ({@code sysv-msgq-full}); never renamed. */
    RuleId id();

    String name();

    /** One sentence: what the rule looks for. */
    String description();

    default List<Threshold> thresholds() {
        return List.of();
    }

    RuleResult evaluate(RuleContext context);
}
