package io.procsnap.replay.rules;

import java.util.List;

/**
 * One conclusion of a rule.
 *
 * @param ruleId   the rule's stable id
 * @param severity how bad
 * @param summary  one line naming the root cause or the symptom
 * @param details  the chain of reasoning, one fact per line, in order
 * @param evidence archive paths the facts were read from ({@code proc/sysvipc/msg}, {@code proc/4/task/8/wchan})
 */
public record Finding(String ruleId, Severity severity, String summary, List<String> details, List<String> evidence) {
    public Finding {
        details = List.copyOf(details);
        evidence = List.copyOf(new java.util.LinkedHashSet<>(evidence));
    }
}
