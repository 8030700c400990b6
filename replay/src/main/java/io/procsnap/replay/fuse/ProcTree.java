package io.procsnap.replay.fuse;

import java.util.Map;

/**
 * The immutable tree served by a mount (see {@link TreeBuilder} for its layout).
 *
 * @param root    the mount root: the captured {@code proc/}
 * @param meta    {@code /.procsnap}
 * @param placed  archive entries placed in the tree
 * @param skipped archive entries not served (invalid or conflicting paths)
 * @param sample  the repeated sample overlaid at the root, 0 for the main pass
 * @param threads the process of each thread that does not lead its group, by tid
 * @param headers where the headers of a tree built from the index are read from, or null when every
 *                node's header was known at build
 */
public record ProcTree(Node root, Node meta, int placed, int skipped, int sample, Map<String, Node> threads,
                       FrameHeaders headers) {

    public ProcTree {
        threads = Map.copyOf(threads);
    }

    /**
     * The task directory of a thread that is not a thread group leader, by tid: procfs answers a lookup
     * of {@code /proc/TID} for every thread without listing it, and procps reads {@code /proc/TID/wchan}
     * that way for {@code ps -L}.
     */
    public Node thread(String tid) {
        Node process = threads.get(tid);
        Node task = process == null ? null : process.child("task");
        Node thread = task == null ? null : task.child(tid);
        return thread != null && thread.isDirectory() ? thread : null;
    }

    /** The captured {@code proc/self} of the capturing program, or null. */
    public Node capturedSelf() {
        return meta.child(TreeBuilder.CAPTURED_SELF);
    }

    /** Walks {@code segments} from the root; null when a name is missing or a file is in the way. */
    public Node find(String[] segments, int from) {
        return walk(root, segments, from);
    }

    static Node walk(Node start, String[] segments, int from) {
        Node n = start;
        for (int i = from; i < segments.length && n != null; i++) {
            n = n.child(segments[i]);
        }
        return n;
    }
}
