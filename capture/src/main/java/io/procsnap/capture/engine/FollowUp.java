package io.procsnap.capture.engine;

import java.util.List;

/**
 * What to do once an item finished: declare more items from its outcome (a directory listing gives
 * the names to read next). Runs on the engine thread that completed the item; must be thread-safe
 * and must not block.
 */
@FunctionalInterface
public interface FollowUp {
    List<WorkItem> next(Outcome outcome);
}
