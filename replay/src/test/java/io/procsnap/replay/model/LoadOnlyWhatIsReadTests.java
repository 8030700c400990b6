package io.procsnap.replay.model;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.ProcessTable;
import io.procsnap.replay.analysis.PsQuery;
import io.procsnap.replay.analysis.Threads;
import io.procsnap.replay.parse.ProcStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact model: rows a command does not read stay unparsed, stacks are shared, thread statuses lose their text. */
class LoadOnlyWhatIsReadTests {

    @Test
    void rowsOutsideTheWantedOnesAreListedButNotLoaded(@TempDir Path dir) throws Exception {
        Path tree = MiniScenario.write(dir);
        SnapshotLoader.Options only = SnapshotLoader.Options.defaults()
                .withRows(Set.of(KernelFile.THREAD_STAT, KernelFile.THREAD_WCHAN));
        try (Snapshot s = SnapshotLoader.fromTree(tree, only)) {
            ProcessInfo p = s.process(MiniScenario.PID).orElseThrow();
            ThreadInfo sender = p.threads().stream().filter(t -> t.tid() == MiniScenario.SENDER).findFirst().orElseThrow();
            assertTrue(sender.stat().present());
            assertEquals("do_msgsnd", sender.wchan().value());
            assertFalse(sender.stack().present());
            assertEquals("proc/14088/task/14091/stack: not loaded for this command", sender.stack().whyMissing());
            assertEquals("proc/14088/cgroup: not loaded for this command", p.cgroup().whyMissing());
            assertFalse(s.ipc().msgQueues().present());
            // not captured stays not captured; every entry is still listed
            assertEquals("proc/14088/io not captured", p.io().whyMissing());
            try (Snapshot all = SnapshotLoader.fromTree(tree)) {
                assertEquals(all.entries(), s.entries());
                assertEquals(all.threads().size(), s.threads().size());
                assertTrue(all.process(MiniScenario.PID).orElseThrow().cgroup().present());
            }
        }
    }

    @Test
    void threadsWithTheSameStackShareOneList(@TempDir Path dir) throws Exception {
        Path tree = MiniScenario.write(dir);
        Path task = tree.resolve("proc/" + MiniScenario.PID + "/task");
        Files.createDirectories(task.resolve("14093"));
        Files.copy(task.resolve(MiniScenario.SENDER + "/stack"), task.resolve("14093/stack"));
        try (Snapshot s = SnapshotLoader.fromTree(tree)) {
            ProcessInfo p = s.process(MiniScenario.PID).orElseThrow();
            ThreadInfo sender = p.threads().stream().filter(t -> t.tid() == MiniScenario.SENDER).findFirst().orElseThrow();
            ThreadInfo twin = p.threads().stream().filter(t -> t.tid() == 14093).findFirst().orElseThrow();
            assertTrue(sender.stack().present());
            assertSame(sender.stack().value(), twin.stack().value());
            assertEquals("proc/14088/task/14093/stack", twin.stack().path());
        }
    }

    @Test
    void aThreadsStatusKeepsItsFieldsWithoutItsText(@TempDir Path dir) throws Exception {
        Path tree = MiniScenario.write(dir);
        String status = MiniScenario.sample("status-process.txt");
        Files.writeString(tree.resolve("proc/" + MiniScenario.PID + "/task/" + MiniScenario.PID + "/status"), status);
        try (Snapshot s = SnapshotLoader.fromTree(tree)) {
            ProcessInfo p = s.process(MiniScenario.PID).orElseThrow();
            ProcStatus ofThread = p.threads().get(0).status().value();
            ProcStatus ofProcess = p.status().value();
            assertEquals("", ofThread.text());
            assertNotEquals("", ofProcess.text());
            assertEquals(ofProcess.withoutText(), ofThread);
        }
    }

    /**
     * Issue 16: the bytes of a process's or thread's file whose row the command does not read are skipped by
     * the scan, not copied (a thread's sched: 18 MB of a 10,000-thread capture), and what the command shows is
     * the same; SunOS's binary files, told apart by their bytes, are always copied.
     */
    @Test
    void theBytesOfRowsNotReadAreNotCopied(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("sched.tar.zst");
        String stat = MiniScenario.sample("stat-comm-paren.txt");
        String sched = "app (2000, #threads: 2)\n-------------------------------------------------------------------\n"
                + "se.exec_start                                :      12345678.901234\n";
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive));
             ArchiveWriter w = ArchiveWriter.open(out, LargeArchiveTests.manifest("h"))) {
            w.add(EntryHeader.directory("proc/2000").withOwner(040555, 1000, 1000), null);
            LargeArchiveTests.add(w, "proc/2000/stat", stat.replace("14092", "2000"));
            LargeArchiveTests.add(w, "proc/2000/sched", sched);
            LargeArchiveTests.add(w, "proc/2000/limits", "Limit Soft Limit Hard Limit Units\n");
            for (int tid = 2000; tid < 2002; tid++) {
                String base = "proc/2000/task/" + tid;
                w.add(EntryHeader.directory(base), null);
                LargeArchiveTests.add(w, base + "/stat", stat.replace("14092", Integer.toString(tid)));
                LargeArchiveTests.add(w, base + "/wchan", "do_msgsnd");
                LargeArchiveTests.add(w, base + "/sched", sched);
            }
        }
        SnapshotLoader.Options all = SnapshotLoader.Options.defaults().withRetainCap(0);
        try (Snapshot full = SnapshotLoader.load(archive, all);
             Snapshot ps = SnapshotLoader.load(archive, all.withRows(ProcessTable.ROWS))) {
            assertEquals(full.entries(), ps.entries());
            // full skips the threads' sched (no parser), ps the process's sched and limits as well
            long skipped = sched.length() + "Limit Soft Limit Hard Limit Units\n".length();
            assertEquals(full.loadStats().contentBytes() - skipped, ps.loadStats().contentBytes());
            try (Snapshot copied = SnapshotLoader.load(archive, SnapshotLoader.Options.defaults())) {
                assertEquals(full.loadStats().contentBytes() + 2L * sched.length(), copied.loadStats().contentBytes());
                assertEquals(Threads.of(copied), Threads.of(full));
            }
            assertEquals(Threads.of(full), Threads.of(ps));
            PsQuery withThreads = new PsQuery(true, List.of(), Set.of(), null, Set.of());
            assertEquals(ProcessTable.rows(full, withThreads), ProcessTable.rows(ps, withThreads));
            // a row not read still says so, and its bytes are still there when asked for
            assertEquals("proc/2000/limits: not loaded for this command",
                    ps.process(2000).orElseThrow().limits().whyMissing());
            assertEquals(sched, new String(ps.content("proc/2000/task/2001/sched").orElseThrow()));
        }
        SnapshotAssembler threads = new SnapshotAssembler(0, 16, Threads.ROWS, false);
        assertFalse(threads.wantsContent("proc/2000/task/2001/sched"));
        assertFalse(threads.wantsContent("samples/2/proc/2000/task/2001/sched"));
        assertFalse(threads.wantsContent("proc/2000/cgroup"));
        assertTrue(threads.wantsContent("proc/2000/task/2001/stack"));
        assertTrue(threads.wantsContent("proc/2000/status"));
        for (String sunos : List.of("psinfo", "lpsinfo", "lstatus", "lwp/1/lwpsinfo")) {
            assertTrue(threads.wantsContent("proc/2000/" + sunos), sunos);
        }
        assertTrue(threads.wantsContent("proc/meminfo"));
        assertFalse(threads.wantsContent("proc/2000/no-such-row")); // no parser: accept() never reads it
        assertFalse(threads.wantsContent("proc/2000/task/2001/comm"));
        assertFalse(threads.wantsContent("samples/1/proc/2000/task/2001/sched"));
        // not a process's file as the format cuts paths: wanted, as the walk hands it on
        for (String other : List.of("proc/02000/sched", "proc/2000/", "proc/2000", "proc/2000/task/2001",
                "proc/2000/task/2001/", "samples/0/proc/2000/task/2001/sched", "proc/99999999999/sched",
                "cmd/ps/stdout", "statfs/1")) {
            assertTrue(threads.wantsContent(other), other);
        }
        // with every row parsed (diagnose, report), a thread's sched is still not copied: nothing parses it
        SnapshotAssembler every = new SnapshotAssembler(0, 16, null, false);
        assertFalse(every.wantsContent("proc/2000/task/2001/sched"));
        assertTrue(every.wantsContent("proc/2000/limits"));
        assertTrue(every.wantsContent("proc/2000/sched"));
        assertTrue(new SnapshotAssembler(1 << 20, 16, Threads.ROWS, false).wantsContent("proc/2000/task/2001/sched"));
    }
}
