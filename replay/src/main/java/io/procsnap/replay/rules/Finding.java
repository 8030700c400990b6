package io.procsnap.replay.rules;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One conclusion of a rule.
 *
 * @param ruleId   the rule's stable id
 * @param severity how bad
 * @param summary  one line naming the root cause or the symptom
 * @param details  the chain of reasoning, one fact per line, in order
 * @param evidence archive paths the facts were read from ({@code proc/sysvipc/msg}, {@code proc/4/task/8/wchan})
 * @param subject  the one object the finding is about, for tools that follow it (the report's wait-for
 *                 graph, {@code --json} readers) without parsing the summary: {@code msgq:MSQID},
 *                 {@code zpool:NAME}, {@code mount:K} (line K of {@code proc/self/mountinfo}, the mount
 *                 of {@code statfs/K}); null when the finding is about no single object
 */
public record Finding(String ruleId, Severity severity, String summary, List<String> details, List<String> evidence,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String subject) {
    public Finding {
        details = List.copyOf(details);
        evidence = List.copyOf(new java.util.LinkedHashSet<>(evidence));
    }

    /** A finding about no single object. */
    public Finding(String ruleId, Severity severity, String summary, List<String> details, List<String> evidence) {
        this(ruleId, severity, summary, details, evidence, null);
    }

    public static String msgq(int msqid) {
        return "msgq:" + msqid;
    }

    public static String zpool(String name) {
        return "zpool:" + name;
    }

    public static String mount(int mountinfoLine) {
        return "mount:" + mountinfoLine;
    }
}
