package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The content cache stays within its byte budget and loads each frame's neighbours once. */
class ContentCacheTests {

    static Node file(int i) {
        return Node.archived("f" + i, new Entry(EntryHeader.file("proc/f" + i), 30, i / 4, i));
    }

    @Test
    void memoryStaysWithinTheBudget() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        ContentCache cache = new ContentCache(100, n -> {
            loads.incrementAndGet();
            return new byte[30];
        });
        for (int i = 0; i < 50; i++) {
            assertEquals(30, cache.get(file(i)).length);
            assertTrue(cache.heldBytes() <= 100, "held " + cache.heldBytes());
        }
        assertEquals(50, loads.get());
    }

    @Test
    void aMissLoadsTheOtherEntriesOfItsFrame() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nodes.add(file(i));
        }
        AtomicInteger loads = new AtomicInteger();
        ContentCache cache = new ContentCache(1 << 20, n -> {
            loads.incrementAndGet();
            return new byte[30];
        }, n -> nodes.stream().filter(m -> m.entry().frame() == n.entry().frame()).toList());
        cache.get(nodes.get(1));
        assertEquals(4, loads.get(), "nodes 0..3 share frame 0");
        cache.get(nodes.get(3));
        cache.get(nodes.get(0));
        assertEquals(4, loads.get());
        cache.get(nodes.get(5));
        assertEquals(8, loads.get());
    }

    @Test
    void anEntryLargerThanTheBudgetIsServedButNotKept() throws Exception {
        ContentCache cache = new ContentCache(10, n -> new byte[30]);
        assertEquals(30, cache.get(file(0)).length);
        assertEquals(0, cache.heldBytes());
    }

    @Test
    void aBudgetOfZeroKeepsNothingAndLoadsNoNeighbours() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(file(i));
        }
        List<Node> loaded = new ArrayList<>();
        ContentCache cache = new ContentCache(0, n -> {
            loaded.add(n);
            return new byte[30];
        }, n -> nodes);
        assertEquals(30, cache.get(nodes.get(1)).length);
        assertEquals(30, cache.get(nodes.get(1)).length);
        assertEquals(List.of(nodes.get(1), nodes.get(1)), loaded, "each read loads its own entry, nothing else");
        assertEquals(0, cache.heldBytes());
        assertEquals(2, cache.loads());
    }
}
