package io.procsnap.replay.model;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.parse.ProcStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
