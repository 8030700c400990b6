package io.procsnap.replay.fuse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry contents read from the archive on first use and kept, least recently used first out, up to
 * a byte budget. Loads run outside the lock, so a slow frame never blocks reads of cached entries.
 *
 * <p>A miss also loads the other entries stored in the same compressed frame ({@code batchOf}):
 * the reader decompresses the frame once for all of them, so a cold {@code ps} over 10,000 threads
 * costs one decompression per frame rather than one per file.
 *
 * <p>A budget of 0 keeps nothing and loads no neighbours: every read copies its entry out of the reader's
 * few decompressed frames. {@code mount} runs so by default (issue 16): with the serial collector, contents
 * kept here or evicted from here had been promoted and stayed in the old generation, which is never
 * collected while it can grow, and the kernel's page cache keeps what was read anyway.
 */
final class ContentCache {
    /** Loads the content of one node. */
    @FunctionalInterface
    interface Loader {
        byte[] load(Node node) throws IOException;
    }

    private final long budgetBytes;
    private final Loader loader;
    private final java.util.function.Function<Node, java.util.List<Node>> batchOf;
    private final LinkedHashMap<Node, byte[]> lru = new LinkedHashMap<>(1024, 0.75f, true);
    private long heldBytes;
    private long loads;

    ContentCache(long budgetBytes, Loader loader) {
        this(budgetBytes, loader, java.util.List::of);
    }

    ContentCache(long budgetBytes, Loader loader, java.util.function.Function<Node, java.util.List<Node>> batchOf) {
        this.budgetBytes = budgetBytes;
        this.loader = loader;
        this.batchOf = batchOf;
    }

    byte[] get(Node node) throws IOException {
        if (budgetBytes == 0) {
            synchronized (lru) {
                loads++;
            }
            return loader.load(node);
        }
        synchronized (lru) {
            byte[] hit = lru.get(node);
            if (hit != null) {
                return hit;
            }
        }
        byte[] content = loader.load(node);
        put(node, content);
        long batchBytes = 0;
        for (Node other : batchOf.apply(node)) {
            if (other == node || batchBytes > budgetBytes / 8) {
                continue;
            }
            synchronized (lru) {
                if (lru.containsKey(other)) {
                    continue;
                }
            }
            try {
                byte[] c = loader.load(other);
                batchBytes += c.length;
                put(other, c);
            } catch (IOException e) {
                // a neighbour that cannot be read fails on its own open, not this one
            }
        }
        return content;
    }

    private void put(Node node, byte[] content) {
        synchronized (lru) {
            loads++;
            if (content.length <= budgetBytes && !lru.containsKey(node)) {
                lru.put(node, content);
                heldBytes += content.length;
                var it = lru.entrySet().iterator();
                while (heldBytes > budgetBytes && it.hasNext()) {
                    Map.Entry<Node, byte[]> eldest = it.next();
                    if (eldest.getKey() == node) {
                        continue;
                    }
                    heldBytes -= eldest.getValue().length;
                    it.remove();
                }
            }
        }
    }

    /** Whether contents are kept at all (a budget above 0). */
    boolean keeps() {
        return budgetBytes > 0;
    }

    /** Bytes held now. */
    long heldBytes() {
        synchronized (lru) {
            return heldBytes;
        }
    }

    /** Archive reads done so far (cache misses). */
    long loads() {
        synchronized (lru) {
            return loads;
        }
    }
}
