package io.procsnap.replay.model;

import io.procsnap.format.Entry;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The entries of a snapshot in arrival order, found by path: one array of entries and one open-addressing
 * table of their positions. A 169,349-entry capture needs 2.7 MB here against 8.5 MB for a
 * {@code LinkedHashMap} (a 40-byte node per entry and its table) plus a copy of its values as a list.
 * A path that arrives twice keeps its first position and its last entry. Not thread-safe while filling;
 * read-only afterwards.
 */
final class EntryIndex {
    private Entry[] entries;
    /** The hash of each entry's path, by position: a probe compares it before the path. */
    private int[] hashes;
    private int size;
    /** Position + 1 of the entry at each slot, 0 for a free slot; its length a power of two, at most half full. */
    private int[] slots;

    EntryIndex(int expected) {
        int capacity = Math.max(16, Math.min(1 << 24, expected));
        entries = new Entry[capacity];
        hashes = new int[capacity];
        slots = new int[Integer.highestOneBit(Math.max(8, capacity) * 2 - 1) * 2];
    }

    int size() {
        return size;
    }

    /** Adds an entry, or replaces the one at the same path (which keeps its position). */
    void put(Entry entry) {
        String path = entry.path();
        int slot = slot(path);
        if (slots[slot] != 0) {
            entries[slots[slot] - 1] = entry;
            return;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        hashes[size] = path.hashCode();
        entries[size++] = entry;
        slots[slot] = size;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
    }

    Entry get(String path) {
        int at = slots[slot(path)];
        return at == 0 ? null : entries[at - 1];
    }

    boolean containsKey(String path) {
        return slots[slot(path)] != 0;
    }

    /** The entries in arrival order, a read-only view. */
    List<Entry> list() {
        return new View();
    }

    /**
     * The slot holding {@code path}, or the free slot where it belongs (linear probing from a Fibonacci hash:
     * {@code String.hashCode} of paths that differ in a number, {@code proc/P/task/T/stat}, fell into long runs
     * of neighbouring slots, and every probe of a run read an entry's path).
     */
    private int slot(String path) {
        int mask = slots.length - 1;
        int h = path.hashCode();
        int i = start(h, mask);
        for (int at; (at = slots[i]) != 0; i = i + 1 & mask) {
            if (hashes[at - 1] == h && entries[at - 1].path().equals(path)) {
                break;
            }
        }
        return i;
    }

    private static int start(int h, int mask) {
        return (h * 0x9E3779B9 >>> 16 ^ h * 0x9E3779B9) & mask;
    }

    private void rehash(int length) {
        slots = new int[length];
        int mask = length - 1;
        for (int k = 0; k < size; k++) {
            int i = start(hashes[k], mask);
            while (slots[i] != 0) {
                i = i + 1 & mask;
            }
            slots[i] = k + 1;
        }
    }

    private final class View extends AbstractList<Entry> implements RandomAccess {
        @Override
        public Entry get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return entries[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
