package io.procsnap.replay.fuse;

import io.procsnap.format.layout.ArchivePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Walks a mount from inside the mount process, once it is served and its warm-up has read the frames
 * ({@link ProcFileSystem#warmUp}), in the order {@code ps -eLf} does, so that the kernel's caches hold what
 * a first {@code ps} asks for: the root's and each process's {@code task/} listing (READDIRPLUS), then per
 * process and per thread {@code stat}, {@code status} and {@code cmdline} read whole (the page cache),
 * {@code environ} looked up (a miss where the capture lacks it), and each process's {@code /<pid>/ctty}
 * (procps opens it for every task; procfs has no such name). Not a non-leader thread's {@code /<tid>/ctty}:
 * the kernel would keep the root's {@code /<tid>}, and a tool started meanwhile with that pid would get the
 * archived thread for its {@code /proc/self}. A first {@code ps -eLf} over the 10,033-thread
 * capture otherwise sends about 91,000 requests, each a round trip to this process's one FUSE worker.
 *
 * <p>What it reads is served exactly as to any other caller (it changes no byte and no errno), and the
 * kernel keeps it as long as each reply said ({@link CacheTimeouts}: a day, 60 s for a non-leader
 * thread's {@code /<tid>}). It never asks for {@code self}, {@code thread-self} or the numbers of its own
 * process and threads: those resolve to the caller.
 *
 * <p>It walks through a detached copy of the mount ({@link MountClone}), so a request of the walk under way
 * never makes {@code fusermount3 -u DIR} fail as busy; where the copy cannot be made (not {@code root}) it
 * does not walk at all. Two threads keep the one FUSE worker busy; {@link #close} stops them between files
 * and closes the copy, before the mount is taken down ({@link ProcFsMount#close}).
 */
final class KernelCachePrimer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KernelCachePrimer.class.getName());
    /** Walking threads: one waits for its reply while the worker serves the other's request. */
    static final int WALKERS = 2;
    private static final long STOP_WAIT_MILLIS = 5_000;
    /** The walk pauses while another caller sent a look-up within this time (a tool waits on the worker). */
    static final long YIELD_MILLIS = 50;

    private final ProcFileSystem fs;
    private final Path mountPoint;
    private final long ownPid = ProcessHandle.current().pid();
    private final Thread leader;
    private final List<Thread> walkers = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong filesRead = new AtomicLong();
    private final AtomicLong namesLookedUp = new AtomicLong();
    private final AtomicLong processesWalked = new AtomicLong();
    private final AtomicLong yields = new AtomicLong();
    private volatile boolean stop;
    private volatile MountClone clone;
    private volatile String outcome = "not started";

    private KernelCachePrimer(ProcFileSystem fs, Path mountPoint) {
        this.fs = fs;
        this.mountPoint = mountPoint;
        this.leader = Thread.ofPlatform().daemon().name("procsnap-prime").unstarted(this::run);
    }

    /** Starts priming the kernel's caches of the mount at {@code mountPoint}, served by {@code fs}. */
    static KernelCachePrimer start(ProcFileSystem fs, Path mountPoint) {
        KernelCachePrimer p = new KernelCachePrimer(fs, mountPoint);
        p.leader.start();
        return p;
    }

    private void run() {
        long start = System.nanoTime();
        outcome = "running";
        try {
            while (!fs.awaitWarmUp(100) && !stopped()) {
                // the warm-up reads the frames the walk's requests would otherwise read on the worker
            }
            if (stopped()) {
                outcome = "stopped before the walk";
                return;
            }
            try {
                clone = MountClone.of(mountPoint);
            } catch (IOException e) {
                outcome = "not primed: " + e.getMessage();
                LOG.log(System.Logger.Level.DEBUG, () -> "kernel caches " + outcome);
                return;
            }
            registerThread();
            Path root = clone.root();
            List<String> pids = new ArrayList<>();
            try (DirectoryStream<Path> names = Files.newDirectoryStream(root)) {
                for (Path p : names) {
                    String name = p.getFileName().toString();
                    if (ArchivePath.number(name) >= 0 && !isOwn(name)) {
                        pids.add(name);
                    }
                }
            }
            AtomicInteger next = new AtomicInteger();
            for (int i = 0; i < WALKERS; i++) {
                walkers.add(Thread.ofPlatform().daemon().name("procsnap-prime-" + i).start(() -> walk(root, pids, next)));
            }
            for (Thread w : walkers) {
                w.join();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            outcome = (stopped() ? "stopped" : "primed") + ": " + processesWalked.get() + " of " + pids.size()
                    + " processes, " + filesRead.get() + " files read, " + namesLookedUp.get() + " names looked up, "
                    + yields.get() + " pauses for tools, " + ms + " ms";
            LOG.log(System.Logger.Level.DEBUG, () -> "kernel caches " + outcome);
        } catch (IOException | RuntimeException e) {
            outcome = "stopped: " + e;
            LOG.log(System.Logger.Level.DEBUG, () -> "kernel caches " + outcome);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            MountClone c = clone;
            if (c != null) {
                c.close();
            }
            done.countDown();
        }
    }

    /** One walking thread: takes the next process until none is left or the walk is stopped. */
    private void walk(Path root, List<String> pids, AtomicInteger next) {
        registerThread();
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);
        for (int i = next.getAndIncrement(); i < pids.size() && !stopped(); i = next.getAndIncrement()) {
            if (!yieldToTools()) {
                return;
            }
            processesWalked.incrementAndGet();
            String pid = pids.get(i);
            Path process = root.resolve(pid);
            readWhole(process.resolve("stat"), buffer);
            readWhole(process.resolve("status"), buffer);
            lookUp(process.resolve("environ"));
            readWhole(process.resolve("cmdline"), buffer);
            lookUp(process.resolve("ctty"));
            for (String tid : list(process.resolve("task"))) {
                if (stopped()) {
                    return;
                }
                if (tid.equals(pid) || ArchivePath.number(tid) < 0 || isOwn(tid)) {
                    continue;
                }
                Path thread = process.resolve("task").resolve(tid);
                readWhole(thread.resolve("stat"), buffer);
                readWhole(thread.resolve("status"), buffer);
                readWhole(thread.resolve("cmdline"), buffer);
                lookUp(thread.resolve("environ"));
                // not /<tid>/ctty, which procps opens for each thread: that would have the kernel keep the
                // root's /<tid> (60 s for a non-leader thread), and a tool started meanwhile whose pid is
                // that tid would find the archived thread as its /proc/self (ProcFileSystem.resolve)
            }
        }
    }

    /**
     * Waits while a tool (any caller but this walk) sends requests: it finds cached what the walk did so far,
     * and the rest at the worker's full pace, not shared with the walk. False when stopped meanwhile.
     */
    private boolean yieldToTools() {
        long yield = TimeUnit.MILLISECONDS.toNanos(YIELD_MILLIS);
        for (long last = fs.lastToolRequest(); last != 0 && System.nanoTime() - last < yield; last = fs.lastToolRequest()) {
            if (stopped()) {
                return false;
            }
            yields.incrementAndGet();
            try {
                Thread.sleep(YIELD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stopped();
    }

    /** Tells the file system this thread walks (its tid from {@code /proc/thread-self}: {@code PID/task/TID}). */
    private void registerThread() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            fs.primingThread(Integer.parseInt(link.substring(link.lastIndexOf('/') + 1)));
        } catch (IOException | RuntimeException e) {
            // its requests then count as a tool's: the walk only pauses more
        }
    }

    private boolean stopped() {
        return stop || fs.destroyed();
    }

    /** Reads {@code file} to its end; a failure (a read the capture recorded failed) is left as it is. */
    private void readWhole(Path file, ByteBuffer buffer) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            buffer.clear();
            while (c.read(buffer) > 0) {
                buffer.clear();
            }
            filesRead.incrementAndGet();
        } catch (IOException e) {
            // served as it was captured (a failed read answers its errno): nothing to keep
        }
    }

    /** Looks {@code path} up (one stat), so the kernel keeps the name or its absence. */
    private void lookUp(Path path) {
        new java.io.File(path.toString()).exists();
        namesLookedUp.incrementAndGet();
    }

    private static List<String> list(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            // a listing the capture failed to take: nothing below it to prime
        }
        return names;
    }

    /**
     * Whether {@code number} names this process or one of its threads: the mount resolves those to the
     * caller's own live process ({@link ProcFileSystem#resolve}), which is not what a tool will see.
     */
    private boolean isOwn(String number) {
        return number.equals(Long.toString(ownPid)) || new java.io.File("/proc/" + ownPid + "/task/" + number).exists();
    }

    /** Waits up to {@code millis} for the walk to end (done, stopped or not possible here); true when it has. */
    boolean awaitDone(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /** How the walk ended, or that it runs: for logs and tests. */
    String outcome() {
        return outcome;
    }

    /**
     * Stops the walk between files, waits for it (bounded) and closes the mount's copy, so that nothing of
     * the walk keeps the superblock alive once the mount point is unmounted.
     */
    @Override
    public void close() {
        stop = true;
        try {
            leader.join(java.time.Duration.ofMillis(STOP_WAIT_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (leader.isAlive()) {
            // a walker still in a request: closing the copy's descriptor now could let the next open in
            // this JVM reuse its number under the walker's /proc/self/fd/N paths; the leader closes it
            // when its walkers end (run's finally)
            LOG.log(System.Logger.Level.DEBUG, "kernel caches: the walk did not stop within " + STOP_WAIT_MILLIS
                    + " ms; its copy of the mount is closed when it does");
            return;
        }
        MountClone c = clone;
        if (c != null) {
            c.close();
        }
    }
}
