package io.procsnap.capture.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The item queue's slots ({@link EngineConfig#QUEUE_CAPACITY}): the declaring thread takes a task's slots,
 * a reader gives them back when it takes the task. Unlike a {@link java.util.concurrent.Semaphore}, whose
 * every release wakes a waiting acquirer (which then finds too little room and parks again), a release
 * wakes the waiting declarer only once a quarter of the queue more than was free when it began to wait
 * (at least what it asks for, at most the whole queue) is free: the declarer refills the queue in a few
 * large steps instead of a wake-up, with its futex call and inter-processor interrupt, per task a reader
 * takes. One thread waits at a time (the engine declares under one lock): {@link #wakeAt} is its mark.
 */
final class QueueSlots {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final int capacity;
    /** Changed without the lock: the readers' releases contend on nothing unless the declarer waits. */
    private final AtomicInteger free;
    /** Free slots the waiting declarer needs before it is woken, 0 when none waits (set under {@link #lock}). */
    private volatile int wakeAt;

    QueueSlots(int capacity) {
        this.capacity = capacity;
        this.free = new AtomicInteger(capacity);
    }

    /**
     * Takes {@code n} slots (at most the capacity), waiting at most {@code nanos} for them.
     *
     * @return whether they were taken
     */
    boolean tryAcquire(int n, long nanos) throws InterruptedException {
        if (take(n)) {
            return true;
        }
        lock.lock();
        try {
            long left = nanos;
            // wakeAt is published before free is looked at again, and a release adds to free before it
            // looks at wakeAt: one of the two sees the other (and the wait is bounded anyway)
            while (true) {
                wakeAt = Math.min(capacity, Math.max(n, free.get() + capacity / 4));
                if (take(n)) {
                    return true;
                }
                if (left <= 0) {
                    return false;
                }
                left = room.awaitNanos(left);
            }
        } finally {
            wakeAt = 0;
            lock.unlock();
        }
    }

    private boolean take(int n) {
        int f;
        do {
            f = free.get();
            if (f < n) {
                return false;
            }
        } while (!free.compareAndSet(f, f - n));
        return true;
    }

    /** Gives back {@code n} slots. */
    void release(int n) {
        int now = free.addAndGet(n);
        int wake = wakeAt;
        if (wake > 0 && now >= wake) {
            lock.lock();
            try {
                if (wakeAt > 0) {
                    wakeAt = 0;
                    room.signal();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Free slots now (for tests). */
    int free() {
        return free.get();
    }
}
