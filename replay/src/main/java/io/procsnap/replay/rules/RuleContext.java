package io.procsnap.replay.rules;

import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.Threads;
import io.procsnap.replay.model.OwnTasks;
import io.procsnap.replay.model.Snapshot;

import java.util.List;
import java.util.Map;

/**
 * What a rule evaluates: the snapshot, its threads already classified (computed once for all rules)
 * without the capture's own ({@link OwnTasks}: procsnap, its abandoned readers and its children are
 * never counted among the machine's), and threshold overrides keyed {@code <rule-id>.<name>}.
 */
public final class RuleContext {
    private final Snapshot snapshot;
    private final List<ThreadView> threads;
    private final OwnTasks own;
    private final Map<String, Double> overrides;

    public RuleContext(Snapshot snapshot, Map<String, Double> overrides) {
        this.snapshot = snapshot;
        this.own = OwnTasks.of(snapshot);
        this.threads = Threads.of(snapshot).stream().filter(t -> !own.owns(t.pid())).toList();
        this.overrides = Map.copyOf(overrides);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The machine's threads: every captured thread but the capture's own. */
    public List<ThreadView> threads() {
        return threads;
    }

    /** The capture's own tasks, left out of {@link #threads()}. */
    public OwnTasks own() {
        return own;
    }

    /** The value of a rule's threshold: the override, else its default. */
    public double threshold(Rule rule, String name) {
        for (Threshold t : rule.thresholds()) {
            if (t.name().equals(name)) {
                return overrides.getOrDefault(rule.id().label() + "." + name, t.defaultValue());
            }
        }
        throw new IllegalArgumentException("rule " + rule.id().label() + " has no threshold " + name);
    }
}
