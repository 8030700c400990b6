package io.procsnap.capture.engine;

/**
 * How the engine runs.
 *
 * @param readers        reader threads working through the queue
 * @param maxAbandoned   abandoned (hung) reader threads after which risky items are skipped; a few
 *                       more ({@code readers}) may still be abandoned by non-risky items, never more
 * @param deadlineNanos  the whole capture's deadline, from engine start
 * @param closeReserveNanos time kept before the deadline to finish the archive: from
 *                       {@code deadline - reserve} on, nothing new starts
 * @param maxFileBytes   cap per file (content beyond is dropped, entry TRUNCATED)
 * @param graceNanos     commands: SIGTERM to SIGKILL, and SIGKILL to "left behind"
 * @param includeEnviron whether environ files may be read at all
 * @param statfsHelper   the statfs helper program ({@link StatfsHelper}), or empty for {@code stat -f} per mount
 */
public record EngineConfig(int readers, int maxAbandoned, long deadlineNanos, long closeReserveNanos,
                           int maxFileBytes, long graceNanos, boolean includeEnviron, String statfsHelper) {

    /** Queue slots for items declared by collectors (follow-ups have their own unbounded deque). */
    public static final int QUEUE_CAPACITY = 1024;

    public EngineConfig {
        if (readers < 1 || maxAbandoned < 0 || deadlineNanos <= 0 || maxFileBytes < 1) {
            throw new IllegalArgumentException("invalid engine config");
        }
        statfsHelper = statfsHelper == null ? "" : statfsHelper;
    }

    /** With the statfs helper the launcher names ({@value StatfsHelper#PROPERTY}), if any. */
    public EngineConfig(int readers, int maxAbandoned, long deadlineNanos, long closeReserveNanos,
                        int maxFileBytes, long graceNanos, boolean includeEnviron) {
        this(readers, maxAbandoned, deadlineNanos, closeReserveNanos, maxFileBytes, graceNanos, includeEnviron,
                System.getProperty(StatfsHelper.PROPERTY, ""));
    }

    /** The same configuration with another statfs helper (empty: {@code stat -f} per mount). */
    public EngineConfig withStatfsHelper(String program) {
        return new EngineConfig(readers, maxAbandoned, deadlineNanos, closeReserveNanos, maxFileBytes, graceNanos,
                includeEnviron, program);
    }

    /** Readers of the second lane (the items of processes with a hung read): 1, or 2 from 4 readers on. */
    public int laneReaders() {
        return readers >= 4 ? 2 : 1;
    }

    /** Second-lane readers abandoned after which its risky items are skipped: as many as the main lane's. */
    public int laneMaxAbandoned() {
        return maxAbandoned;
    }

    /** The reserve for a deadline: a tenth of it, at least 0.3 s, at most 3 s. */
    public static long reserveFor(long deadlineNanos) {
        return Math.max(300_000_000L, Math.min(3_000_000_000L, deadlineNanos / 10));
    }
}
