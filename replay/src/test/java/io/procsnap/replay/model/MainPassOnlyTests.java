package io.procsnap.replay.model;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.ProcessTable;
import io.procsnap.replay.analysis.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16: a command that reads the main pass alone lists the repeated samples without parsing or copying them. */
class MainPassOnlyTests {
    private static final int PID = 2000;
    /** A thread that appears only in sample 2 (born after the main pass). */
    private static final int LATE = PID + 9;

    @Test
    void theSamplesAreListedAndCountedButNotLoaded(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("samples.tar.zst");
        write(archive);
        SnapshotLoader.Options all = SnapshotLoader.Options.defaults().withRetainCap(0).withRows(ProcessTable.ROWS);
        try (Snapshot full = SnapshotLoader.load(archive, all);
             Snapshot main = SnapshotLoader.load(archive, all.withMainPassOnly(true))) {
            assertEquals(full.entries(), main.entries());
            assertEquals(3, full.sampleCount());
            assertEquals(3, main.sampleCount());
            assertEquals(tids(full), tids(main));
            assertTrue(tids(main).contains(LATE));
            ThreadInfo t = main.threads().get(1);
            assertEquals(1, t.samples().size());
            assertEquals(3, full.threads().get(1).samples().size());
            assertEquals("do_msgsnd", t.wchan().value());
            assertEquals(full.threads().get(1).stat(), t.stat());
            // what ps and threads show of the main pass is the same
            assertEquals(Threads.of(full), Threads.of(main));
            io.procsnap.replay.analysis.PsQuery withThreads = new io.procsnap.replay.analysis.PsQuery(true, List.of(),
                    java.util.Set.of(), null, java.util.Set.of());
            assertEquals(ProcessTable.rows(full, withThreads), ProcessTable.rows(main, withThreads));
            // the samples' bytes were skipped, not copied: 8 wchan files of "do_msgrcv" and the late thread's
            assertEquals(full.loadStats().contentBytes() - 8 * "do_msgrcv".length() - "futex_wait".length(),
                    main.loadStats().contentBytes());
        }
    }

    @Test
    void aScanSkipsTheContentItIsNotAskedFor(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("samples.tar.zst");
        write(archive);
        List<String> copied = new ArrayList<>();
        List<Entry> seen = new ArrayList<>();
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            r.scan((e, content) -> {
                seen.add(e);
                if (e.path().startsWith("samples/")) {
                    assertNull(content, e.path());
                } else if (e.size() > 0) {
                    assertNotNull(content, e.path());
                    copied.add(e.path());
                }
            }, path -> !path.startsWith("samples/"));
            assertEquals(r.entries(), seen);
        }
        assertFalse(copied.isEmpty());
    }

    private static List<Integer> tids(Snapshot s) {
        return s.threads().stream().map(ThreadInfo::tid).toList();
    }

    private static void write(Path archive) throws Exception {
        write(archive, false);
    }

    /**
     * The frames of the samples are not read when the index can stand for them (the capture flushes a frame
     * between phases, so the samples fill frames of their own): the samples are known from their index rows,
     * threads and counts as from the walk, and only the entries read are listed.
     */
    @Test
    void theFramesOfTheSamplesAreNotRead(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("flushed.tar.zst");
        write(archive, true);
        SnapshotLoader.Options all = SnapshotLoader.Options.defaults().withRetainCap(0).withRows(ProcessTable.ROWS);
        try (Snapshot full = SnapshotLoader.load(archive, all);
             Snapshot main = SnapshotLoader.load(archive, all.withMainPassOnly(true))) {
            assertEquals(full.entries().stream().filter(e -> !e.path().startsWith("samples/")).toList(), main.entries());
            assertEquals(3, main.sampleCount());
            assertEquals(tids(full), tids(main));
            assertTrue(tids(main).contains(LATE));
            assertEquals(Threads.of(full), Threads.of(main));
            io.procsnap.replay.analysis.PsQuery withThreads = new io.procsnap.replay.analysis.PsQuery(true, List.of(),
                    java.util.Set.of(), null, java.util.Set.of());
            assertEquals(ProcessTable.rows(full, withThreads), ProcessTable.rows(main, withThreads));
            assertEquals(full.summary(), main.summary());
        }
    }

    private static void write(Path archive, boolean flushBetweenPhases) throws Exception {
        String stat = MiniScenario.sample("stat-comm-paren.txt");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive));
             ArchiveWriter w = ArchiveWriter.open(out, LargeArchiveTests.manifest("h"))) {
            w.add(EntryHeader.directory("proc/" + PID).withOwner(040555, 1000, 1000), null);
            LargeArchiveTests.add(w, "proc/" + PID + "/stat", stat.replace("14092", Integer.toString(PID)));
            LargeArchiveTests.add(w, "proc/" + PID + "/cmdline", "/usr/bin/app\0");
            for (int t = 0; t < 4; t++) {
                String base = "proc/" + PID + "/task/" + (PID + t);
                w.add(EntryHeader.directory(base), null);
                LargeArchiveTests.add(w, base + "/stat", stat.replace("14092", Integer.toString(PID + t)));
                LargeArchiveTests.add(w, base + "/wchan", "do_msgsnd");
            }
            for (int k = 1; k <= 2; k++) {
                if (flushBetweenPhases) {
                    w.flush();
                }
                for (int t = 0; t < 4; t++) {
                    String path = "samples/" + k + "/proc/" + PID + "/task/" + (PID + t) + "/wchan";
                    LargeArchiveTests.add(w, path, "do_msgrcv");
                }
            }
            String late = "samples/2/proc/" + PID + "/task/" + LATE + "/" + KernelFile.THREAD_WCHAN.file();
            LargeArchiveTests.add(w, late, "futex_wait");
        }
    }
}
