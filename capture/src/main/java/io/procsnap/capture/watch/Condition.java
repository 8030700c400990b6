package io.procsnap.capture.watch;

import java.util.Map;

/**
 * Something wrong seen in one tick: which trigger, which object ({@code key}, stable from tick to tick
 * while it lasts, e.g. {@code msgq-full:32769}), one line for people, and the values behind it.
 *
 * @param sinceNanos when it began by the watcher's monotonic clock if known better than "when first
 *                   seen" (a statfs that has not returned began when it was started), else -1
 */
record Condition(TriggerKind kind, String key, String summary, Map<String, String> values, long sinceNanos) {
    Condition {
        values = Map.copyOf(values);
    }

    Condition(TriggerKind kind, String key, String summary, Map<String, String> values) {
        this(kind, key, summary, values, -1);
    }
}
