package io.procsnap.replay.model;

import io.procsnap.format.ArchiveState;
import io.procsnap.format.Status;
import io.procsnap.format.layout.StatfsRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveSnapshotTests {

    @Test
    void liveProcOfThisMachine() throws Exception {
        long self = ProcessHandle.current().pid();
        try (Snapshot s = SnapshotLoader.live()) {
            assertEquals(Origin.Kind.LIVE, s.origin().kind());
            assertEquals(ArchiveState.COMPLETE, s.summary().state());
            ProcessInfo me = s.process((int) self).orElseThrow();
            assertEquals("java", me.comm());
            assertTrue(me.threads().size() > 5, "JVM threads: " + me.threads().size());
            // a JVM thread that ended between the task listing and its stat (the loader's own helper
            // threads come and go) has no stat to read; every thread still alive has its stat
            assertTrue(me.threads().stream().allMatch(t -> t.stat().present()
                    || !Files.exists(Path.of("/proc/self/task/" + t.tid()))), "every live thread's stat read");
            assertTrue(me.threads().stream().filter(t -> t.stat().present()).count() > 5);
            assertTrue(me.threads().stream().anyMatch(t -> t.syscall().present()
                    && t.syscall().value().futexAddress(s.arch()).isPresent()), "some JVM thread waits in futex");
            assertTrue(me.commandLine().contains("java") || me.commandLine().contains("surefire")
                    || me.commandLine().contains("RunTests"), me.commandLine());
            assertTrue(me.fds().size() >= 3);
            assertTrue(me.oomScore().present());
            assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), s.manifest().host().hostname());
            // kthreadd is pid 2 in the initial pid namespace (not inside a container's own namespace)
            s.process(2).filter(k -> k.comm().equals("kthreadd")).ifPresent(kthreadd -> {
                assertTrue(kthreadd.kernelThread());
                assertEquals(List.of(), kthreadd.cmdline().value());
            });
            assertTrue(s.processes().stream().filter(p -> !p.vanished()).allMatch(p -> p.stat().present()
                    || p.stat().source().status() != Status.OK), "every stat read ok parsed");
            assertTrue(s.uptimeSeconds() > 0);
            assertTrue(s.bootTime().isPresent());
            assertTrue(s.ipc().msgQueues().present());
            assertTrue(s.ipc().limits().msgmnb().present());
            assertTrue(s.unixSockets().present());
            assertTrue(s.mounts().stream().anyMatch(m -> m.mountPoint().equals("/proc")));
            Mount root = s.mounts().stream().filter(m -> m.mountPoint().equals("/")).findFirst().orElseThrow();
            StatfsRecord statfs = root.statfs().value();
            FileStore store = Files.getFileStore(Path.of("/"));
            assertEquals(store.getTotalSpace(), statfs.totalBytes());
            assertEquals(s.mounts().size(), s.fsUsage().size());
            assertTrue(s.loadStats().entries() > 100);
        }
    }

    @Test
    void aReadThatHangsBecomesATimeoutAndTheLoadFinishes(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("proc"));
        Path pid = Files.createDirectories(root.resolve("77"));
        Files.writeString(root.resolve("uptime"), "100.00 50.00\n");
        Files.writeString(pid.resolve("wchan"), "do_msgsnd");
        Path fifo = pid.resolve("status");
        mkfifo(fifo);
        long start = System.nanoTime();
        var options = SnapshotLoader.Options.defaults().withReadTimeout(Duration.ofMillis(300));
        try (Snapshot s = SnapshotLoader.live(root, options)) {
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis < 10_000, "load took " + elapsedMillis + " ms");
            ProcessInfo p = s.process(77).orElseThrow();
            assertEquals(Status.TIMEOUT, p.status().source().status());
            assertTrue(p.status().whyMissing().startsWith("proc/77/status timed out after 0."), p.status().whyMissing());
            assertEquals("do_msgsnd", p.wchan().value(), "read in the fast pass, before the hang");
            // the capture's breakers are per lock class: status (NONE) hung, so the process's other NONE files
            // are skipped; syscall (EXEC_UPDATE) and cmdline (MMAP) are still read, in the second lane
            assertEquals(Status.SKIPPED, s.ref("proc/77/limits").status(), "the breaker of the hung read's class");
            assertEquals("breaker: proc/77/status timed out", s.ref("proc/77/sched").detail());
            assertEquals(Status.VANISHED, p.syscall().source().status(), "another class: read (the tree has none)");
            assertEquals(Status.VANISHED, p.cmdline().source().status(), "another class: read (the tree has none)");
            assertEquals(Status.VANISHED, s.ref("proc/77/stat").status());
            assertEquals(100.0, s.uptimeSeconds());
            assertEquals(1L, s.summary().countsByStatus().get(Status.TIMEOUT));
        } finally {
            release(fifo);
        }
    }

    @Test
    void afterAHungReadAFreshReaderGoesOnWithTheNextProcess(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("proc"));
        Path hung = Files.createDirectories(root.resolve("78"));
        Path fifo = hung.resolve("status");
        mkfifo(fifo);
        Path next = Files.createDirectories(root.resolve("79"));
        Files.writeString(next.resolve("syscall"), "running\n");
        Files.writeString(next.resolve("cmdline"), "sleeper\0");
        var options = SnapshotLoader.Options.defaults().withReadTimeout(Duration.ofMillis(200));
        try (Snapshot s = SnapshotLoader.live(root, options)) {
            ProcessInfo p = s.process(78).orElseThrow();
            assertEquals(Status.TIMEOUT, p.status().source().status());
            assertTrue(p.status().source().elapsedNanos() >= 200_000_000L);
            ProcessInfo q = s.process(79).orElseThrow();
            assertEquals("running", q.syscall().value().label(), "read by a reader while the hung one stays blocked");
            assertEquals(List.of("sleeper"), q.cmdline().value());
            assertEquals(1L, s.summary().countsByStatus().get(Status.TIMEOUT));
        } finally {
            release(fifo);
        }
    }

    @Test
    void liveRootAndArchiveOfTheSameFilesGiveTheSameModel(@TempDir Path dir) throws Exception {
        Path tree = MiniScenario.write(dir.resolve("tree"));
        Path archive = dir.resolve("mini.tar.zst");
        TreeArchiver.pack(tree, archive);
        var options = SnapshotLoader.Options.defaults().withLiveSamples(1, Duration.ofMillis(10));
        try (Snapshot live = SnapshotLoader.live(tree.resolve("proc"), options);
             Snapshot packed = SnapshotLoader.load(archive)) {
            for (int pid : List.of(MiniScenario.PID, MiniScenario.ZOMBIE)) {
                ProcessInfo a = live.process(pid).orElseThrow();
                ProcessInfo b = packed.process(pid).orElseThrow();
                assertEquals(b.stat().value(), a.stat().value());
                assertEquals(b.status().value(), a.status().value());
                assertEquals(b.cmdline().value(), a.cmdline().value());
                assertEquals(b.wchan().value(), a.wchan().value());
                assertEquals(b.syscall().value(), a.syscall().value());
                assertEquals(b.threads().stream().map(ThreadInfo::tid).toList(), a.threads().stream().map(ThreadInfo::tid).toList());
                for (int i = 0; i < b.threads().size(); i++) {
                    ThreadInfo x = a.threads().get(i);
                    ThreadInfo y = b.threads().get(i);
                    assertEquals(y.stat().value(), x.stat().value());
                    assertEquals(y.wchan().value(), x.wchan().value());
                    assertEquals(y.syscall().value(), x.syscall().value());
                    assertEquals(y.stack().value(), x.stack().value());
                    assertEquals(y.stat().path(), x.stat().path());
                }
            }
            ProcessInfo liveProcess = live.process(MiniScenario.PID).orElseThrow();
            assertEquals("socket:[40236]", liveProcess.fds().get(1).target());
            assertEquals(packed.ipc().msgQueues().value(), live.ipc().msgQueues().value());
            assertEquals(packed.ipc().limits().sem().value(), live.ipc().limits().sem().value());
            assertEquals(packed.unixSockets().value(), live.unixSockets().value());
            assertEquals(packed.mounts().stream().map(Mount::info).toList(), live.mounts().stream().map(Mount::info).toList());
            assertEquals(2, live.sampleCount());
            ThreadInfo sender = liveProcess.threads().get(1);
            assertEquals(2, sender.samples().size());
            assertEquals("samples/1/proc/14088/task/14091/wchan", sender.samples().get(1).wchan().path());
            assertEquals("do_msgsnd", sender.samples().get(1).wchan().value());
        }
    }

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    /** Opens the FIFO for writing so the abandoned reader thread gets EOF and ends. */
    private static void release(Path fifo) {
        try (OutputStream out = Files.newOutputStream(fifo)) {
            out.flush();
        } catch (Exception e) {
            // the reader is gone already
        }
    }
}
