package io.procsnap.capture.engine;

import io.procsnap.capture.MemorySink;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine alone, on real files and real (dead) processes. */
class EngineTests {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private Engine engine(MemorySink sink, CaptureStats stats, boolean environ) {
        EngineConfig c = new EngineConfig(2, 4, 10_000 * MS, 500 * MS, 1 << 20, 300 * MS, environ);
        return new Engine(c, new EntryWriter(sink, stats), new CommandRunner(List.of("/usr/bin"), List.of(), 300 * MS, 4096),
                System.nanoTime());
    }

    @Test
    void processThatExitedIsRecordedVanished() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        long pid = p.pid();
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        MemorySink sink = new MemorySink();
        Engine e = engine(sink, new CaptureStats(), false);
        for (String f : List.of("stat", "status", "wchan")) {
            e.submit(WorkItem.of("proc/" + pid + "/" + f, "/proc/" + pid + "/" + f, Kind.READ_FILE, 1000 * MS));
        }
        e.submit(WorkItem.of("proc/" + pid + "/exe", "/proc/" + pid + "/exe", Kind.READLINK, 1000 * MS));
        e.submit(WorkItem.of("proc/" + pid, "/proc/" + pid, Kind.OWNER, 1000 * MS));
        e.awaitIdle();
        e.shutdown();
        Thread.sleep(100);
        for (String path : List.of("/stat", "/status", "/wchan", "/exe", "")) {
            assertEquals(Status.VANISHED, sink.get("proc/" + pid + path).header().status(), path);
        }
    }

    @Test
    void followUpsRunAndListingsFeedThem() throws Exception {
        Files.writeString(dir.resolve("a"), "A");
        Files.writeString(dir.resolve("b"), "B");
        MemorySink sink = new MemorySink();
        Engine e = engine(sink, new CaptureStats(), false);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        e.submit(WorkItem.of("d", dir.toString(), Kind.LIST_DIR, 1000 * MS).then(o -> {
            List<WorkItem> next = new ArrayList<>();
            for (String n : o.names()) {
                seen.add(n);
                next.add(WorkItem.of("d/" + n, dir.resolve(n).toString(), Kind.READ_FILE, 1000 * MS));
            }
            return next;
        }));
        e.awaitIdle();
        e.shutdown();
        Thread.sleep(100);
        assertEquals(2, seen.size());
        assertEquals("A", sink.get("d/a").text());
        assertEquals("B", sink.get("d/b").text());
    }

    /**
     * What is due now (the re-sample) goes ahead of what a pass already queued: with the one reader held on
     * a FIFO and 20 items waiting, an item given to {@code submitFirst} is read before every one of them.
     */
    @Test
    void submitFirstRunsAheadOfTheQueuedWork() throws Exception {
        try (io.procsnap.capture.ProcFixture fx = new io.procsnap.capture.ProcFixture(dir)) {
            fx.fifo("1/held");
            for (int i = 0; i < 20; i++) {
                fx.file("3/f" + i, "f" + i);
            }
            fx.file("4/due", "due");
            MemorySink sink = new MemorySink();
            java.util.Set<Path> earlier = readerTasks(); // other tests' abandoned readers may sit on FIFOs too
            EngineConfig one = new EngineConfig(1, 4, 10_000 * MS, 500 * MS, 1 << 20, 300 * MS, false);
            Engine e = new Engine(one, new EntryWriter(sink, new CaptureStats()),
                    new CommandRunner(List.of("/usr/bin"), List.of(), 300 * MS, 4096), System.nanoTime());
            e.submit(WorkItem.of("proc/1/held", fx.proc.resolve("1/held").toString(), Kind.READ_FILE, 5000 * MS));
            awaitReadersBlockedOnFifos(1, earlier);
            for (int i = 0; i < 20; i++) {
                e.submit(WorkItem.of("proc/3/f" + i, fx.proc.resolve("3/f" + i).toString(), Kind.READ_FILE, 1000 * MS));
            }
            e.submitFirst(List.of(WorkItem.of("proc/4/due", fx.proc.resolve("4/due").toString(), Kind.READ_FILE,
                    1000 * MS)));
            try (java.io.OutputStream out = Files.newOutputStream(fx.proc.resolve("1/held"))) {
                out.write('x');
            }
            e.awaitIdle();
            e.shutdown();
            Thread.sleep(100);
            assertEquals("due", sink.get("proc/4/due").text());
            // one reader reads and ships in order, so the sink's order is the reading order (start times
            // are kept to 0.1 ms, and two reads in a row often share one)
            List<String> order = sink.paths();
            for (int i = 0; i < 20; i++) {
                assertTrue(order.indexOf("proc/4/due") < order.indexOf("proc/3/f" + i), "f" + i + " read before the due item: " + order);
            }
        }
    }

    /** This process's reader threads ({@code /proc/self/task/TID} whose comm starts with procsnap-reader). */
    private static java.util.Set<Path> readerTasks() throws java.io.IOException {
        java.util.Set<Path> readers = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(t.resolve("comm")).startsWith("procsnap-reader")) {
                        readers.add(t);
                    }
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return readers;
    }

    /**
     * Waits (at most 10 s) until {@code n} reader threads not among {@code earlier} sleep opening or reading
     * a FIFO (an open waits in wait_for_partner).
     */
    private static void awaitReadersBlockedOnFifos(int n, java.util.Set<Path> earlier) throws Exception {
        long end = System.nanoTime() + 10_000 * MS;
        while (System.nanoTime() - end < 0) {
            int blocked = 0;
            for (Path t : readerTasks()) {
                try {
                    if (!earlier.contains(t)
                            && Files.readString(t.resolve("wchan")).matches("(?s).*(wait_for_partner|fifo|pipe).*")) {
                        blocked++;
                    }
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
            if (blocked >= n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(n + " readers not blocked on their FIFOs within 10 s");
    }

    /**
     * A read that hangs in the middle of a process's batch: the items before it keep their entries
     * (queued by the watchdog from the abandoned reader's chunk), it is a timeout, and the rest of the
     * batch is skipped by the breaker; another process's batch is untouched.
     */
    @Test
    void hangInTheMiddleOfABatchKeepsWhatWasReadAndSkipsTheRest() throws Exception {
        try (io.procsnap.capture.ProcFixture fx = new io.procsnap.capture.ProcFixture(dir)) {
            for (String f : List.of("a", "b", "d", "e")) {
                fx.file("7/" + f, f.toUpperCase());
                fx.file("8/" + f, f);
            }
            fx.fifo("7/c");
            MemorySink sink = new MemorySink();
            CaptureStats stats = new CaptureStats();
            EntryWriter writer = new EntryWriter(sink, stats);
            EngineConfig c = new EngineConfig(2, 4, 10_000 * MS, 500 * MS, 1 << 20, 300 * MS, false);
            Engine e = new Engine(c, writer, new CommandRunner(List.of("/usr/bin"), List.of(), 300 * MS, 4096),
                    System.nanoTime());
            for (int pid : new int[] {7, 8}) {
                List<String> keys = List.of("proc/" + pid);
                for (String f : List.of("a", "b", "c", "d", "e")) {
                    if (pid == 8 && f.equals("c")) {
                        continue;
                    }
                    e.submit(WorkItem.guarded("proc/" + pid + "/" + f, fx.proc.resolve(pid + "/" + f).toString(),
                            Kind.READ_FILE, 200 * MS, keys, null));
                }
            }
            List<Engine.AbandonedReader> gone = finish(e, fx, writer);
            assertEquals("A", sink.get("proc/7/a").text());
            assertEquals("B", sink.get("proc/7/b").text());
            assertEquals(Status.TIMEOUT, sink.get("proc/7/c").header().status());
            for (String f : List.of("d", "e")) {
                assertEquals(Status.SKIPPED, sink.get("proc/7/" + f).header().status(), f);
                assertTrue(sink.get("proc/7/" + f).header().detail().startsWith("breaker: proc/7/c"), f);
            }
            for (String f : List.of("a", "b", "d", "e")) {
                assertEquals(f, sink.get("proc/8/" + f).text());
            }
            assertEquals(1, e.abandonedThreads());
            assertEquals(9, sink.entries().size());
        }
    }

    /**
     * Breakers per lock class and the second lane: process 7's read of class X hangs; its other item of
     * class X is skipped, its items of class A are still read (in the second lane), and a second hang of
     * class B there takes a lane reader, not the only main reader: process 8, declared after, is read.
     */
    @Test
    void aHangTripsItsClassOnlyAndTheRestRunsInTheSecondLane() throws Exception {
        try (io.procsnap.capture.ProcFixture fx = new io.procsnap.capture.ProcFixture(dir)) {
            for (String f : List.of("a", "d")) {
                fx.file("7/" + f, f.toUpperCase());
            }
            fx.file("7/e", "E");
            fx.fifo("7/c");
            fx.fifo("7/f");
            for (String f : List.of("a", "b")) {
                fx.file("8/" + f, f);
            }
            MemorySink sink = new MemorySink();
            EntryWriter writer = new EntryWriter(sink, new CaptureStats());
            EngineConfig c = new EngineConfig(1, 4, 10_000 * MS, 500 * MS, 1 << 20, 300 * MS, false);
            Engine e = new Engine(c, writer, new CommandRunner(List.of("/usr/bin"), List.of(), 300 * MS, 4096),
                    System.nanoTime());
            String[][] seven = {{"a", "A"}, {"c", "X"}, {"d", "A"}, {"e", "X"}, {"f", "B"}};
            for (String[] item : seven) {
                List<String> trips = List.of("proc/7 " + item[1]);
                e.submit(WorkItem.guarded("proc/7/" + item[0], fx.proc.resolve("7/" + item[0]).toString(), Kind.READ_FILE,
                        200 * MS, List.of("proc/7", "proc/7 " + item[1]), trips, null));
            }
            for (String f : List.of("a", "b")) {
                e.submit(WorkItem.guarded("proc/8/" + f, fx.proc.resolve("8/" + f).toString(), Kind.READ_FILE, 200 * MS,
                        List.of("proc/8", "proc/8 A"), List.of("proc/8 A"), null));
            }
            List<Engine.AbandonedReader> gone = finish(e, fx, writer);
            assertEquals("A", sink.get("proc/7/a").text());
            assertEquals(Status.TIMEOUT, sink.get("proc/7/c").header().status());
            assertEquals("D", sink.get("proc/7/d").text());
            assertEquals(Status.SKIPPED, sink.get("proc/7/e").header().status());
            assertTrue(sink.get("proc/7/e").header().detail().startsWith("breaker: proc/7/c"));
            assertEquals(Status.TIMEOUT, sink.get("proc/7/f").header().status());
            assertEquals("a", sink.get("proc/8/a").text());
            assertEquals("b", sink.get("proc/8/b").text());
            assertEquals(2, e.abandonedThreads());
            assertEquals(1, e.abandonedLaneThreads());
            assertEquals(List.of("proc/7/c", "proc/7/f"), gone.stream().map(Engine.AbandonedReader::path).toList());
            assertEquals(List.of(false, true), gone.stream().map(Engine.AbandonedReader::lane).toList());
        }
    }

    @Test
    void environIsRefusedUnlessConfigured() {
        MemorySink sink = new MemorySink();
        Engine e = engine(sink, new CaptureStats(), false);
        assertThrows(IllegalArgumentException.class,
                () -> e.submit(WorkItem.of("proc/1/environ", "/proc/1/environ", Kind.READ_FILE, 1000 * MS)));
        e.shutdown();
    }

    @Test
    void writerQueueIsBoundedInBytes() {
        assertTrue(EntryWriter.MAX_QUEUED_BYTES <= 4 << 20);
        assertTrue(EntryWriter.MAX_QUEUED_ENTRIES <= 4096);
    }

    /**
     * Waits for the engine to go idle, checks that every reader it abandoned is a thread of this process,
     * shuts it down, releases the fixture's hung files and finishes the writer; the abandoned readers.
     */
    private static List<Engine.AbandonedReader> finish(Engine e, io.procsnap.capture.ProcFixture fx, EntryWriter writer)
            throws Exception {
        e.awaitIdle();
        List<Engine.AbandonedReader> gone = e.abandonedReaders();
        for (Engine.AbandonedReader r : gone) {
            assertTrue(Files.isDirectory(Path.of("/proc/self/task/" + r.tid())), "tid " + r.tid() + " is ours");
        }
        e.shutdown();
        fx.release();
        writer.finish();
        assertTrue(writer.awaitDone(5_000 * MS));
        return gone;
    }
}
