package io.procsnap.capture.watch;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads the tick's small procfs files on one worker thread, the whole batch under one timeout, as the
 * capture reads every file under its own: when the worker does not finish in time, the file it is
 * reading is reported as stuck, the worker is abandoned (a daemon thread that may stay blocked in the
 * kernel) and a fresh one takes the next batch. A file an abandoned worker is still stuck on is not read
 * again until that worker comes back; after {@value #MAX_ABANDONED} abandoned workers no file is read.
 * Between ticks the worker waits on a queue: no CPU.
 */
final class FileReads {
    static final int MAX_ABANDONED = 4;
    private static final int CAP = 1 << 20;

    /** A file a worker has been reading since {@code sinceNanos} (System.nanoTime). */
    record Stuck(String path, long sinceNanos) { }

    /**
     * @param texts   file contents (UTF-8) by path
     * @param errors  why a file could not be read ({@code NoSuchFileException} and the like), by path
     * @param stuck   reads that did not return: this batch's and earlier ones still blocked
     */
    record Batch(Map<String, String> texts, Map<String, String> errors, List<Stuck> stuck) { }

    private static final class Job {
        final List<String> paths;
        final Map<String, String> texts = new ConcurrentHashMap<>();
        final Map<String, String> errors = new ConcurrentHashMap<>();
        final CountDownLatch done = new CountDownLatch(1);

        Job(List<String> paths) {
            this.paths = paths;
        }
    }

    private static final class Worker extends Thread {
        final BlockingQueue<Job> jobs = new ArrayBlockingQueue<>(1);
        volatile String current;
        volatile long currentSince;
        volatile boolean abandoned;

        Worker() {
            super("procsnap-watch-reader");
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[64 << 10];
            while (!abandoned) {
                Job job;
                try {
                    job = jobs.take();
                } catch (InterruptedException e) {
                    return;
                }
                for (String path : job.paths) {
                    currentSince = System.nanoTime();
                    current = path;
                    try {
                        job.texts.put(path, read(path, buffer));
                    } catch (IOException e) {
                        job.errors.put(path, e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                    current = null;
                    if (abandoned) {
                        break;
                    }
                }
                job.done.countDown();
            }
        }
    }

    private Worker worker;
    private final List<Worker> abandoned = new ArrayList<>();

    /** Reads {@code paths}, waiting at most {@code timeoutNanos} for all of them. */
    Batch read(List<String> paths, long timeoutNanos) {
        abandoned.removeIf(w -> w.current == null);
        List<Stuck> stuck = new ArrayList<>();
        List<String> todo = new ArrayList<>(paths);
        for (Worker w : abandoned) {
            String path = w.current;
            if (path != null) {
                stuck.add(new Stuck(path, w.currentSince));
                todo.remove(path);
            }
        }
        Job job = new Job(todo);
        if (abandoned.size() >= MAX_ABANDONED || todo.isEmpty()) {
            return new Batch(Map.copyOf(job.texts), Map.copyOf(job.errors), stuck);
        }
        if (worker == null) {
            worker = new Worker();
            worker.start();
        }
        worker.jobs.offer(job);
        boolean done;
        try {
            done = job.done.await(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            String path = worker.current;
            if (path != null) {
                stuck.add(new Stuck(path, worker.currentSince));
            }
            worker.abandoned = true;
            abandoned.add(worker);
            worker = null;
        }
        return new Batch(Map.copyOf(job.texts), Map.copyOf(job.errors), stuck);
    }

    /** Workers abandoned and still blocked. */
    int abandonedCount() {
        abandoned.removeIf(w -> w.current == null);
        return abandoned.size();
    }

    /** A small file's text, at most {@value #CAP} bytes (procfs reports size 0: read to EOF). */
    static String read(String path, byte[] buffer) throws IOException {
        try (InputStream in = new FileInputStream(path)) {
            int n = 0;
            byte[] b = buffer;
            for (int r; (r = in.read(b, n, b.length - n)) > 0; ) {
                n += r;
                if (n == b.length) {
                    if (b.length >= CAP) {
                        break;
                    }
                    b = java.util.Arrays.copyOf(b, Math.min(CAP, b.length * 2));
                }
            }
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }
    }
}
