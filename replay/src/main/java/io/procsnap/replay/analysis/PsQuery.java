package io.procsnap.replay.analysis;

import java.util.List;
import java.util.Set;

/**
 * What {@code ps} should list.
 *
 * @param threads one row per thread ({@code -L}) instead of per process
 * @param sort    sort keys ({@code pid tid state comm cpu start wchan syscall}); a leading {@code -} sorts descending;
 *                ties fall back to (pid, tid)
 * @param states  keep rows whose state letter is in this set (empty: all)
 * @param comm    keep rows whose comm (thread or process) contains this text (null: all)
 * @param pids    keep these processes (empty: all)
 */
public record PsQuery(boolean threads, List<String> sort, Set<Character> states, String comm, Set<Integer> pids) {
    public static final List<String> SORT_KEYS = List.of("pid", "tid", "state", "comm", "cpu", "start", "wchan",
            "syscall");

    public PsQuery {
        sort = List.copyOf(sort);
        states = Set.copyOf(states);
        pids = Set.copyOf(pids);
        for (String key : sort) {
            String k = key.startsWith("-") ? key.substring(1) : key;
            if (!SORT_KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown sort key '" + k + "' (known: " + String.join(", ", SORT_KEYS) + ")");
            }
        }
    }

    public static PsQuery all() {
        return new PsQuery(false, List.of(), Set.of(), null, Set.of());
    }
}
