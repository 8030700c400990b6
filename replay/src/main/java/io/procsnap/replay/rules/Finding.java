package io.procsnap.replay.rules;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * One conclusion of a rule. What it concluded about which objects is in its structure ({@code subject},
 * {@code related}); the text says the same for people. Tools read the structure, never the text.
 *
 * @param ruleId   the rule's stable id
 * @param severity how bad
 * @param summary  one line naming the root cause or the symptom
 * @param details  the chain of reasoning, one fact per line, in order
 * @param evidence archive paths the facts were read from ({@code proc/sysvipc/msg}, {@code proc/4/task/8/wchan})
 * @param subject  the one object the finding is about (a queue, a pool, a mount, a process, a futex); null
 *                 when the finding is about no single object
 * @param related  the other objects it names, each with its part (the senders, the consumer, the socket and
 *                 its listener of a full queue; the threads blocked behind a full pool), in the finding's order
 */
public record Finding(RuleId ruleId, Severity severity, String summary, List<String> details, List<String> evidence,
                      Subject subject, List<Related> related) {
    public Finding {
        details = List.copyOf(details);
        evidence = List.copyOf(new LinkedHashSet<>(evidence));
        related = List.copyOf(new LinkedHashSet<>(related));
    }

    /** A finding about no single object and naming no other. */
    public Finding(RuleId ruleId, Severity severity, String summary, List<String> details, List<String> evidence) {
        this(ruleId, severity, summary, details, evidence, null, List.of());
    }

    /** The objects related in this role, in order. */
    public List<Subject> related(Related.Role role) {
        return related.stream().filter(r -> r.role() == role).map(Related::object).toList();
    }

    /** The objects of one type related in this role, in order. */
    public <T extends Subject> List<T> related(Related.Role role, Class<T> type) {
        return related(role).stream().filter(type::isInstance).map(type::cast).toList();
    }
}
