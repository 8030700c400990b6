package io.procsnap.capture.watch;

import io.procsnap.capture.ProcFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watcher's reads against a read that really blocks: opening a FIFO without a writer waits in the
 * kernel, as a procfs read can. The read is reported stuck, its worker abandoned, the file skipped while
 * that worker is still stuck, and read again once it came back; past the limit of abandoned workers
 * nothing is read. Waits are bounded; nothing is asserted about how long a read took.
 */
class FileReadsTests {
    private static final long TIMEOUT = 300_000_000L;

    @TempDir
    Path dir;

    private static List<String> stuck(FileReads.Batch b) {
        return b.stuck().stream().map(FileReads.Stuck::path).toList();
    }

    @Test
    void aBlockedReadIsReportedAbandonedAndSkippedUntilItComesBack() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            String stat = fx.file("stat", "procs_blocked 3\n").toString();
            String msg = fx.file("msg", "key msqid\n").toString();
            String fifo = fx.fifo("stuck-fifo").toString();
            FileReads reads = new FileReads();
            FileReads.Batch first = reads.read(List.of(stat, fifo, msg), TIMEOUT);
            assertEquals("procs_blocked 3\n", first.texts().get(stat));
            assertEquals(List.of(fifo), stuck(first));
            assertTrue(!first.texts().containsKey(msg), "the worker is stuck before it");
            assertEquals(1, reads.abandonedCount());
            Condition c = Triggers.checkHung(first.stuck().get(0).path(), first.stuck().get(0).sinceNanos(), System.nanoTime());
            assertEquals("check-hung:" + fifo, c.key());
            assertTrue(TriggerKind.CHECK_HUNG.event);

            FileReads.Batch second = reads.read(List.of(stat, fifo, msg), TIMEOUT);
            assertEquals(List.of(fifo), stuck(second), "still stuck, and not opened a second time");
            assertEquals("key msqid\n", second.texts().get(msg), "a fresh worker reads the rest");
            assertEquals(1, reads.abandonedCount());

            fx.release(); // the stuck open returns
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reads.abandonedCount() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(0, reads.abandonedCount(), "the abandoned worker came back");
            FileReads.Batch third = reads.read(List.of(stat, msg), TIMEOUT);
            assertEquals(List.of(), stuck(third));
            assertEquals(2, third.texts().size());
        }
    }

    @Test
    void pastTheLimitOfAbandonedWorkersNothingIsRead() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            String stat = fx.file("stat", "procs_blocked 0\n").toString();
            FileReads reads = new FileReads();
            for (int i = 0; i < FileReads.MAX_ABANDONED; i++) {
                String fifo = fx.fifo("fifo" + i).toString();
                assertEquals(List.of(fifo), stuck(reads.read(List.of(fifo), TIMEOUT)).subList(i, i + 1));
            }
            FileReads.Batch none = reads.read(List.of(stat), TIMEOUT);
            assertEquals(FileReads.MAX_ABANDONED, none.stuck().size());
            assertTrue(none.texts().isEmpty(), "no worker is started past the limit");
            assertTrue(reads.read(List.of(stat), TIMEOUT).errors().isEmpty());
        }
    }
}
