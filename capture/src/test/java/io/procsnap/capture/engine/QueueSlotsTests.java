package io.procsnap.capture.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The item queue's slots: taken and given back in any sizes, the waiting declarer woken once a quarter is free. */
class QueueSlotsTests {

    @Test
    void slotsAreTakenAndGivenBack() throws InterruptedException {
        QueueSlots s = new QueueSlots(16);
        assertTrue(s.tryAcquire(10, 0));
        assertFalse(s.tryAcquire(7, 1_000_000L), "6 free, 7 asked: times out");
        assertTrue(s.tryAcquire(6, 0));
        assertEquals(0, s.free());
        s.release(16);
        assertEquals(16, s.free());
    }

    @Test
    void aWaitingDeclarerIsWokenOnceAQuarterIsFreeNotAtEachRelease() throws InterruptedException {
        QueueSlots s = new QueueSlots(1024);
        assertTrue(s.tryAcquire(1024, 0));
        AtomicBoolean got = new AtomicBoolean();
        Thread declarer = new Thread(() -> {
            try {
                got.set(s.tryAcquire(4, TimeUnit.SECONDS.toNanos(20)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        declarer.start();
        // waiting now, to be woken at 256 free (polled: on a loaded machine 100 ms may not be enough)
        while (declarer.getState() != Thread.State.TIMED_WAITING && declarer.isAlive()) {
            Thread.sleep(5);
        }
        for (int i = 0; i < 63; i++) {
            s.release(4); // 252 free: enough for it, but below the mark
        }
        Thread.sleep(100);
        assertFalse(got.get(), "not woken below a quarter of the queue");
        s.release(4);
        declarer.join(10_000);
        assertTrue(got.get(), "woken at a quarter free");
        assertEquals(252, s.free());
    }
}
