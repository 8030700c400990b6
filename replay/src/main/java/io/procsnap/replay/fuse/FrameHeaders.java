package io.procsnap.replay.fuse;

import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import io.procsnap.replay.archive.ArchiveSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The headers of a tree built from the archive's index ({@link TreeBuilder}), read one compressed frame
 * at a time when a node of that frame is first asked for its type, attributes or content. Mounting then
 * decompresses only the index; {@code ls} or {@code ps} pays for the frames it touches, and reading a
 * file's content right after its header finds the frame still decompressed in the reader's cache.
 *
 * <p>A header the frame does not hold (an index that names a path its frame lacks) or a frame that
 * fails to decompress leaves its nodes answering {@code EIO}, with {@code user.procsnap.status}
 * {@code error}: the rest of the mount is served.
 */
final class FrameHeaders {
    private static final System.Logger LOG = System.getLogger(FrameHeaders.class.getName());

    private final ArchiveSource source;
    /** Nodes waiting for a frame's headers, with the archive path each waits for; dropped once read. */
    private final Map<Integer, Waiting> waiting = new HashMap<>();
    /** The files with stored content in each frame whose headers were read (for {@link ContentCache}'s batches). */
    private final Map<Integer, List<Node>> files = new HashMap<>();
    private long framesRead;

    FrameHeaders(ArchiveSource source) {
        this.source = source;
    }

    /** Called while building: {@code node} waits for the header of archive path {@code path} in frame {@code k}. */
    void await(int k, Node node, String path) {
        waiting.computeIfAbsent(k, x -> new Waiting()).add(node, path);
    }

    /**
     * The nodes waiting for one frame and their paths, the paths in one buffer: a String per entry kept
     * until its frame is read was two objects per entry for the collector to copy while the tree is
     * built (about 340,000 for the 10,033-thread capture) and about 12 MB of heap after the mount.
     */
    private static final class Waiting {
        private Node[] nodes = new Node[64];
        private int[] ends = new int[64];
        private final StringBuilder paths = new StringBuilder(64 * 32);
        private int count;

        void add(Node node, String path) {
            if (count == nodes.length) {
                nodes = java.util.Arrays.copyOf(nodes, count * 2);
                ends = java.util.Arrays.copyOf(ends, count * 2);
            }
            paths.append(path);
            nodes[count] = node;
            ends[count] = paths.length();
            count++;
        }

        boolean any(java.util.function.Predicate<String> wanted) {
            for (int i = 0; i < count; i++) {
                if (wanted.test(path(i))) {
                    return true;
                }
            }
            return false;
        }

        String path(int i) {
            return paths.substring(i == 0 ? 0 : ends[i - 1], ends[i]);
        }
    }

    /** Reads frame {@code k}'s headers and hands them to the nodes that wait for them. */
    synchronized void read(int k) {
        Waiting nodes = waiting.remove(k);
        if (nodes == null) {
            return;
        }
        framesRead++;
        Map<String, Entry> byPath = new HashMap<>();
        IOException failure = null;
        try {
            for (Entry e : source.entriesInFrame(k)) {
                byPath.putIfAbsent(e.path(), e);
            }
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            LOG.log(System.Logger.Level.WARNING, "frame " + k + ": " + e.getMessage() + "; its entries answer EIO");
        }
        List<Node> withContent = new ArrayList<>();
        // last to first: a directory's node that waited twice in this frame (its main-pass header, then
        // its sample's) takes the header it waited for last, as it would from two frames; reading a
        // header ends the node's wait, so the earlier one is skipped below
        for (int i = nodes.count - 1; i >= 0; i--) {
            Node n = nodes.nodes[i];
            if (n.awaitedFrame() != k) {
                continue; // a sample's entry took this node over since, or its later wait here was read
            }
            String path = nodes.path(i);
            Entry e = byPath.get(path);
            if (e == null) {
                if (failure == null) {
                    LOG.log(System.Logger.Level.WARNING, "index names " + path + " in frame " + k
                            + ", which does not hold it; it answers EIO");
                }
                e = new Entry(new EntryHeader(path, n.hasChildren() ? EntryType.DIRECTORY : EntryType.FILE,
                        Status.ERROR, "EIO", -1, -1, -1, 0, 0, null), 0, -1, -1);
            }
            n.headerRead(e);
            if (e.header().type() == EntryType.FILE && e.size() > 0
                    && FailedReads.errnoOf(e.header()) == 0) {
                withContent.add(n);
            }
        }
        java.util.Collections.reverse(withContent); // in the order the nodes began to wait (the index's row order)
        files.put(k, withContent);
    }

    /** The files with stored content in frame {@code k}, once its headers were read; else empty. */
    synchronized List<Node> filesIn(int k) {
        return files.getOrDefault(k, List.of());
    }

    /** The frames with nodes still waiting for their headers, in archive order. */
    synchronized int[] awaitedFrames() {
        return awaitedFrames(path -> true);
    }

    /** The frames with a node still waiting for the header of an archive path that {@code wanted} accepts, in archive order. */
    synchronized int[] awaitedFrames(java.util.function.Predicate<String> wanted) {
        return waiting.entrySet().stream().filter(w -> w.getValue().any(wanted)).mapToInt(Map.Entry::getKey)
                .sorted().toArray();
    }

    /** Frames whose headers were read so far. */
    synchronized long framesRead() {
        return framesRead;
    }
}
