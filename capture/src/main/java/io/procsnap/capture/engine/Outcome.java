package io.procsnap.capture.engine;

import io.procsnap.format.Status;

import java.util.List;

/**
 * How an item ended, as handed to its {@link FollowUp}.
 *
 * @param item    the item
 * @param status  how the read ended
 * @param names   directory names for {@link Kind#LIST_DIR} read OK, else empty
 * @param content content for items that asked to keep it ({@link WorkItem#keepContent()}), else null
 */
public record Outcome(WorkItem item, Status status, List<String> names, byte[] content) {
    public Outcome {
        names = names == null ? List.of() : names;
    }
}
