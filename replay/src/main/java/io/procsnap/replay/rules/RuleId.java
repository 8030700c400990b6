package io.procsnap.replay.rules;

import java.util.Comparator;
import java.util.Locale;

/**
 * The stable id of every rule. The label is what {@code diagnose}, {@code --rule}, {@code --threshold},
 * {@code --json} and {@code fleet} show ({@code sysv-msgq-full}); never renamed. Add a constant with a
 * new {@code <Symptom>Rule}.
 */
public enum RuleId {
    SYSV_MSGQ_FULL,
    FS_FULL,
    CAPTURE_HUNG_READS,
    HUNG_READS_ZFS_FULL,
    D_STATE_THREADS,
    FUTEX_HOTSPOT,
    STATFS_HANG,
    COMMAND_HANG,
    STUCK_THREADS,
    MEMORY_PRESSURE,
    CAPTURE_INCOMPLETE;

    /** Ids in the order of their labels, as tables sort them. */
    public static final Comparator<RuleId> BY_LABEL = Comparator.comparing(RuleId::label);

    private final String label;

    RuleId() {
        this.label = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Kebab-case: {@code sysv-msgq-full}. */
    public String label() {
        return label;
    }

    /** The label, so that an id prints as it always has. */
    @Override
    public String toString() {
        return label;
    }
}
