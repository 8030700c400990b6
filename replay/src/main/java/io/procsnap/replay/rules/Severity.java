package io.procsnap.replay.rules;

import java.util.Locale;

/** How bad a finding is; ordered from least to most severe. */
public enum Severity {
    /** Worth knowing; not a problem by itself. */
    INFO,
    /** Likely a problem or a gap that lowers confidence. */
    WARNING,
    /** The machine is (part) hung because of this. */
    CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
