package io.procsnap.capture.engine;

import io.procsnap.capture.MemorySink;
import io.procsnap.format.EntryHeader;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The times the capture records: a read's start to 100 µs, its duration to 1 µs, rounded down; and the
 * writer, woken in batches, still writes a lone entry within its poll interval.
 */
class EntryWriterTests {

    @Test
    void startsAreRecordedTo100MicrosecondsAndDurationsTo1() throws InterruptedException {
        EntryHeader read = EntryHeader.file("proc/1/stat").withTiming(1_234_567_891L, 8_765L);
        EntryHeader r = EntryWriter.rounded(read);
        assertEquals(1_234_500_000L, r.startNanos());
        assertEquals(8_000L, r.elapsedNanos());
        EntryHeader already = EntryHeader.file("proc/1/wchan").withTiming(300_000L, 2_000_000_000L);
        assertSame(already, EntryWriter.rounded(already), "nothing to round: the same header, no copy");

        MemorySink sink = new MemorySink();
        EntryWriter writer = new EntryWriter(sink, new CaptureStats());
        writer.put(read, new byte[] {'1'});
        writer.offer(EntryHeader.file("proc/2/stat").withTiming(99_999L, 1_999L)); // the watchdog's way in
        writer.finish();
        assertTrue(writer.awaitDone(TimeUnit.SECONDS.toNanos(10)));
        assertEquals(r, sink.find("proc/1/stat").orElseThrow().header());
        EntryHeader watched = sink.find("proc/2/stat").orElseThrow().header();
        assertEquals(0L, watched.startNanos());
        assertEquals(1_000L, watched.elapsedNanos());
    }

    /** Below the wake-up marks no producer signals the writer: it finds the entry on its own, without a flush. */
    @Test
    void aLoneEntryIsWrittenWithoutAFlushOrAWakeUp() throws InterruptedException {
        MemorySink sink = new MemorySink();
        EntryWriter writer = new EntryWriter(sink, new CaptureStats());
        Thread.sleep(30); // the writer is waiting now
        writer.put(EntryHeader.file("proc/1/stat"), new byte[] {'1'});
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.find("proc/1/stat").isEmpty() && System.nanoTime() - end < 0) {
            Thread.sleep(1);
        }
        assertTrue(sink.find("proc/1/stat").isPresent(), "written within the poll interval");
        writer.finish();
        assertTrue(writer.awaitDone(TimeUnit.SECONDS.toNanos(10)));
    }
}
