package io.procsnap.replay.model;

import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryIndexTests {

    private static Entry file(String path, long size) {
        return new Entry(EntryHeader.file(path), size, 0, 0);
    }

    @Test
    void findsEveryPathAndKeepsArrivalOrderWhileGrowing() {
        EntryIndex index = new EntryIndex(16);
        List<String> paths = IntStream.range(0, 5000).mapToObj(i -> "proc/" + (5000 - i) + "/stat").toList();
        paths.forEach(p -> index.put(file(p, 1)));
        assertEquals(5000, index.size());
        assertEquals(paths, index.list().stream().map(Entry::path).toList());
        for (String p : paths) {
            assertEquals(p, index.get(p).path());
            assertTrue(index.containsKey(p));
        }
        assertNull(index.get("proc/5001/stat"));
        assertFalse(index.containsKey("proc/0/stat"));
    }

    @Test
    void aRepeatedPathKeepsItsFirstPositionAndItsLastEntry() {
        EntryIndex index = new EntryIndex(4);
        index.put(file("proc/1/stat", 1));
        index.put(file("proc/1/status", 1));
        Entry again = file("proc/1/stat", 2);
        index.put(again);
        assertEquals(2, index.size());
        assertSame(again, index.list().get(0));
        assertSame(again, index.get("proc/1/stat"));
    }

    @Test
    void theListIsReadOnly() {
        EntryIndex index = new EntryIndex(4);
        index.put(file("proc/1/stat", 1));
        assertThrows(UnsupportedOperationException.class, () -> index.list().add(file("proc/2/stat", 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> index.list().get(1));
    }
}
