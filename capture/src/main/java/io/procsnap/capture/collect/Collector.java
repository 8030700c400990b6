package io.procsnap.capture.collect;

import io.procsnap.capture.engine.WorkItem;

import java.util.function.Consumer;

/**
 * A source of work: declares what to read in each phase, never reads anything itself. The engine
 * executes the items (timeouts, breakers, status recording); follow-ups declared on items turn a
 * directory listing into the reads that depend on it.
 */
public interface Collector {
    /**
     * @param phase     the pass being declared
     * @param sample    for {@link Phase#SAMPLE}, the sample number k (1..N); else 0
     * @param inventory what earlier phases learned (pids, tids, mountinfo)
     * @param out       receives the items, in the order they should run
     */
    void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out);
}
