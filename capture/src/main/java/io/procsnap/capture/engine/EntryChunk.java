package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;

/**
 * Entries one reader produced, handed to the writer as one queued element: one lock and one
 * wake-up of the writer per chunk instead of per entry (per entry they cost thousands of context
 * switches per capture). A reader fills it with the entries of the items it runs, in order, and
 * queues it at the end of each task (a process's batch) or when it is full; the items it counts are
 * only then reported done, so the engine is never idle while entries sit here. After the reader is
 * abandoned the watchdog queues what it holds. Owned by one thread at a time.
 */
final class EntryChunk {
    /** At most this many entries (leaving room for a command's three). */
    static final int MAX_ENTRIES = 256;
    /** Queued once its content reaches this many bytes. */
    static final int MAX_BYTES = 256 << 10;

    final EntryHeader[] headers = new EntryHeader[MAX_ENTRIES];
    final byte[][] contents = new byte[MAX_ENTRIES][];
    int size;
    /** Content bytes as the writer's byte bound counts them (each entry at most the bound). */
    long permits;
    /** Items whose entries are all here: reported done once the chunk is queued. */
    int items;

    /** Adds an entry; times are rounded as {@link EntryWriter#put} rounds them. */
    void add(EntryHeader header, byte[] content) {
        headers[size] = EntryWriter.rounded(header);
        contents[size] = content;
        size++;
        permits += EntryWriter.permits(content);
    }

    /** Drops the entries added after {@code mark} (an item that failed half-way adds none). */
    void truncate(int mark) {
        for (int i = mark; i < size; i++) {
            permits -= EntryWriter.permits(contents[i]);
            headers[i] = null;
            contents[i] = null;
        }
        size = mark;
    }

    /** Moves every entry to {@code target} (which has room: it is queued once full) and empties this one. */
    void moveTo(EntryChunk target) {
        for (int i = 0; i < size; i++) {
            target.headers[target.size] = headers[i];
            target.contents[target.size] = contents[i];
            target.size++;
            headers[i] = null;
            contents[i] = null;
        }
        target.permits += permits;
        permits = 0;
        size = 0;
    }

    boolean isFull() {
        return size > MAX_ENTRIES - 3 || permits >= MAX_BYTES;
    }

    boolean isEmpty() {
        return size == 0 && items == 0;
    }
}
