package io.procsnap.replay.model;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A capture of 10,000 threads (500 processes of 20 threads, every thread with stat, status, wchan,
 * syscall and stack) loads with raw content bounded by the retain cap; prints the load figures.
 */
class LargeArchiveTests {
    static final int PROCESSES = 500;
    static final int THREADS = 20;

    @Test
    void tenThousandThreadsWithBoundedRawContent(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("large.tar.zst");
        write(archive);
        long cap = 1 << 20;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        try (Snapshot s = SnapshotLoader.load(archive, SnapshotLoader.Options.defaults().withRetainCap(cap))) {
            System.gc();
            long after = rt.totalMemory() - rt.freeMemory();
            assertEquals(PROCESSES * THREADS, s.threads().size());
            assertEquals(PROCESSES, s.processes().size());
            assertTrue(s.loadStats().retainedBytes() <= cap, s.loadStats().toString());
            assertTrue(s.loadStats().contentBytes() > 10 * cap, s.loadStats().toString());
            ThreadInfo last = s.threads().get(s.threads().size() - 1);
            assertEquals("do_msgsnd", last.wchan().value());
            assertEquals(2, last.samples().size());
            System.out.printf("large archive: %d entries, %d content bytes, %d retained, load %d ms, "
                            + "model heap about %d MiB, archive %d KiB%n", s.loadStats().entries(),
                    s.loadStats().contentBytes(), s.loadStats().retainedBytes(), s.loadStats().elapsedNanos() / 1_000_000,
                    (after - before) >> 20, Files.size(archive) >> 10);
            assertTrue(after - before < 400L << 20, "model heap " + ((after - before) >> 20) + " MiB");
        }
    }

    static void write(Path archive) throws Exception {
        String status = MiniScenario.sample("status-process.txt");
        String stat = MiniScenario.sample("stat-comm-paren.txt");
        String stack = MiniScenario.sample("stack-msgsnd.txt");
        String syscall = MiniScenario.sample("syscall-msgsnd.txt");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive));
             ArchiveWriter w = ArchiveWriter.open(out, manifest("big"))) {
            for (int p = 0; p < PROCESSES; p++) {
                int pid = 1000 + p * (THREADS + 1);
                w.add(EntryHeader.directory("proc/" + pid).withOwner(040555, 1000, 1000), null);
                add(w, "proc/" + pid + "/stat", stat.replace("14092", Integer.toString(pid)));
                add(w, "proc/" + pid + "/status", status);
                add(w, "proc/" + pid + "/cmdline", "/usr/bin/app\0--worker\0");
                for (int t = 0; t < THREADS; t++) {
                    int tid = pid + t;
                    String base = "proc/" + pid + "/task/" + tid;
                    w.add(EntryHeader.directory(base), null);
                    add(w, base + "/stat", stat.replace("14092", Integer.toString(tid)));
                    add(w, base + "/status", status);
                    add(w, base + "/wchan", "do_msgsnd");
                    add(w, base + "/syscall", syscall);
                    add(w, base + "/stack", stack);
                    add(w, "samples/1/" + base + "/wchan", "do_msgsnd");
                }
            }
        }
    }

    /** A test capture's manifest, of host {@code host}. */
    static Manifest manifest(String host) {
        return new Manifest(Manifest.FORMAT_VERSION, "procsnap", "test", new Manifest.Host(host, "6.18", null, null),
                new Manifest.Captor(0, 0, 0), Instant.parse("2026-11-22T00:00:00Z"), -1, Map.of(),
                new Manifest.Platform("amd64", 100, 4096, "test"), Map.of());
    }

    static void add(ArchiveWriter w, String path, String content) throws Exception {
        w.add(EntryHeader.file(path), content.getBytes(StandardCharsets.ISO_8859_1));
    }
}
