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
}
