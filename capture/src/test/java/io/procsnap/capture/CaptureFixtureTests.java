package io.procsnap.capture;

import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Captures of fixture procfs trees where FIFOs stand for reads that hang in the kernel. */
class CaptureFixtureTests {
    @TempDir
    Path dir;

    @Test
    void healthyFixtureIsCapturedCompletely() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.process(100, "sshd");
            MemorySink sink = new MemorySink();
            Capture.Result r = Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 500, 10_000, 2, 4, false), sink,
                    System.nanoTime(), null);
            assertTrue(r.finished());
            assertTrue(sink.closed());
            assertNull(r.stopReason());
            assertEquals(1, r.processes());
            assertEquals(1, r.threads());
            assertEquals("100 (sshd) S 1 100 100 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0\n",
                    sink.get("proc/100/stat").text());
            assertEquals(EntryType.DIRECTORY, sink.get("proc/100").header().type());
            assertTrue(sink.get("proc/100").header().uid() >= 0, "owner of proc/PID recorded");
            assertEquals("/dev/null", sink.get("proc/100/fd/0").header().linkTarget());
            assertEquals("net:[4026531840]", sink.get("proc/100/ns/net").header().linkTarget());
            assertEquals(Status.OK, sink.get("proc/100/task/100/wchan").header().status());
            assertEquals(Status.OK, sink.get("proc/sysvipc/msg").header().status());
            assertTrue(sink.get("statfs/0").text().contains("mount_point: /\n"), sink.get("statfs/0").text());
            assertTrue(sink.get("cmd/zpool-list/status").text().contains("\"found\":false"));
            assertTrue(sink.withStatus(Status.TIMEOUT).isEmpty());
            // the fast pass (stat, wchan of every thread, SysV tables) comes before the details
            List<String> paths = sink.paths();
            assertTrue(paths.indexOf("proc/100/task/100/wchan") < paths.indexOf("proc/100/status"));
            assertTrue(paths.indexOf("proc/sysvipc/shm") < paths.indexOf("proc/100/status"));
            assertTrue(paths.indexOf("proc/100/status") < paths.indexOf("proc/loadavg"));
            assertTrue(paths.indexOf("proc/loadavg") < paths.indexOf("cmd/df/status"));
        }
    }

    @Test
    void hungReadIsTimedOutAndItsLockClassSkippedByBreaker() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.process(100, "ok");
            fx.process(200, "stuck");
            java.nio.file.Files.delete(fx.proc.resolve("200/status"));
            fx.fifo("200/status");
            MemorySink sink = new MemorySink();
            long t = System.nanoTime();
            Capture.Result r = Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 300, 10_000, 2, 4, false), sink,
                    t, null);
            long took = (System.nanoTime() - t) / 1_000_000L;
            assertTrue(r.finished());
            MemorySink.Stored hung = sink.get("proc/200/status");
            assertEquals(Status.TIMEOUT, hung.header().status());
            long elapsedMs = hung.header().elapsedNanos() / 1_000_000L;
            assertTrue(elapsedMs >= 300 && elapsedMs < 1000, "elapsed until abandoned: " + elapsedMs);
            // status is of lock class NONE: the process's other NONE files are skipped, the rest is read
            MemorySink.Stored skipped = sink.get("proc/200/task/200/sched");
            assertEquals(Status.SKIPPED, skipped.header().status());
            assertEquals("breaker: proc/200/status timed out", skipped.header().detail());
            assertEquals(Status.SKIPPED, sink.get("proc/200/comm").header().status());
            assertEquals(Status.OK, sink.get("proc/200/cmdline").header().status(), "MMAP: another class");
            assertEquals(Status.OK, sink.get("proc/200/io").header().status(), "EXEC_UPDATE: another class");
            assertEquals(Status.OK, sink.get("proc/100/cmdline").header().status(), "other processes unaffected");
            assertEquals(Status.OK, sink.get("proc/loadavg").header().status());
            assertEquals(1, r.abandoned());
            assertEquals(List.of("proc/200/status"), r.stats().hung());
            assertTrue(took < 5000, "took " + took);
        }
    }

    /**
     * The default re-sample: the threads that look blocked in the fast pass (D, or a wait channel outside
     * the idle places) are sampled once more; a thread in epoll_wait is not; without it, no samples.
     */
    @Test
    void theDefaultCaptureResamplesOnlyTheThreadsThatLookBlocked() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.process(100, "sender");
            fx.file("100/task/100/wchan", "do_msgsnd");
            fx.process(200, "server");
            fx.file("200/task/200/wchan", "do_epoll_wait");
            fx.process(300, "disk");
            fx.file("300/task/300/stat", ProcFixture.stat(300, "disk", 'D'));
            fx.file("300/task/300/wchan", "0");
            MemorySink sink = new MemorySink();
            Capture.Result r = Capture.run(Plans.resampling(fx.proc, Plans.statOnlyBin(dir)), sink, System.nanoTime(), null);
            assertTrue(r.finished());
            for (String f : List.of("stat", "wchan", "syscall", "stack")) {
                assertEquals(Status.OK, sink.get("samples/1/proc/100/task/100/" + f).header().status(), f);
                assertEquals(Status.OK, sink.get("samples/1/proc/300/task/300/" + f).header().status(), f);
            }
            assertFalse(sink.paths().stream().anyMatch(p -> p.startsWith("samples/1/proc/200/")), "epoll_wait is idle");
            long first = sink.get("proc/100/task/100/wchan").header().startNanos();
            long again = sink.get("samples/1/proc/100/task/100/wchan").header().startNanos();
            assertTrue(again - first >= 100 * Plans.MS, "re-sampled the interval after the fast pass: " + (again - first));

            MemorySink plain = new MemorySink();
            Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 300, 10_000, 2, 4, false), plain, System.nanoTime(), null);
            assertFalse(plain.paths().stream().anyMatch(p -> p.startsWith("samples/")), "no re-sample unless asked");
        }
    }

    @Test
    void everyProcessFileHangingStillEndsByTheDeadline() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            for (int pid = 1000; pid < 1040; pid++) {
                fx.process(pid, "p" + pid);
                for (String f : List.of("stat", "wchan", "status", "cmdline", "task/" + pid + "/stat",
                        "task/" + pid + "/wchan")) {
                    java.nio.file.Files.delete(fx.proc.resolve(pid + "/" + f));
                    fx.fifo(pid + "/" + f);
                }
            }
            MemorySink sink = new MemorySink();
            long deadlineMs = 3000;
            long t = System.nanoTime();
            // cap high enough that the deadline, not the cap, ends it: 40 hung pids x 0.4 s / 2 readers = 8 s
            Capture.Result r = Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 400, deadlineMs, 2, 200, false),
                    sink, t, null);
            long took = (System.nanoTime() - t) / 1_000_000L;
            assertTrue(took < deadlineMs + 1000, "capture took " + took + " ms for a " + deadlineMs + " ms deadline");
            assertTrue(r.finished(), "archive finished");
            assertTrue(sink.closed());
            assertEquals("deadline", r.stopReason());
            assertFalse(sink.withStatus(Status.TIMEOUT).isEmpty());
            assertTrue(sink.withStatus(Status.SKIPPED).stream().anyMatch(e -> "deadline".equals(e.header().detail())));
            assertTrue(sink.withStatus(Status.SKIPPED).stream()
                    .anyMatch(e -> e.header().detail().startsWith("breaker: proc/10")));
            assertEquals(Status.SKIPPED, sink.get("proc/loadavg").header().status(), "system pass came after the deadline");
        }
    }

    /**
     * The fast pass reads the threads of a process whose own stat says D as soon as its task listing is
     * read, before the threads of the processes before it in pid order and before the fast-pass rows of
     * those after it, so its threads' re-sample is due as early as can be (the default capture, which
     * watches for blocked threads; one reader: the archive's order is the reading order). The others'
     * threads come after every process's rows; the entries are those of a capture without the watch.
     */
    @Test
    void theThreadsOfAProcessThatLooksBlockedAreReadFirstRightAfterItsTaskListing() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.process(100, "server");
            fx.file("100/task/100/wchan", "do_epoll_wait");
            fx.process(300, "disk");
            fx.file("300/stat", ProcFixture.stat(300, "disk", 'D'));
            fx.file("300/task/300/stat", ProcFixture.stat(300, "disk", 'D'));
            fx.process(400, "client");
            fx.file("400/task/400/wchan", "do_epoll_wait");
            MemorySink sink = new MemorySink();
            Capture.Plan p = Plans.resampling(fx.proc, Plans.statOnlyBin(dir), 1, 10_000, 100);
            assertTrue(Capture.run(p, sink, System.nanoTime(), null).finished());
            List<String> order = sink.paths();
            assertTrue(order.indexOf("proc/300/task/300/stat") >= 0 && order.indexOf("proc/100/task/100/stat") >= 0, order::toString);
            assertTrue(order.indexOf("proc/300/task/300/stat") < order.indexOf("proc/100/task/100/stat"),
                    "the blocked-looking process's thread first: " + order);
            assertTrue(order.indexOf("proc/300/task") < order.indexOf("proc/300/task/300/stat"), order::toString);
            assertTrue(order.indexOf("proc/300/task/300/wchan") < order.indexOf("proc/400/stat"),
                    "its threads before the next process's rows: " + order);
            assertTrue(order.indexOf("proc/400/task") < order.indexOf("proc/100/task/100/stat"),
                    "the other threads after every process's rows: " + order);

            MemorySink plain = new MemorySink();
            Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 300, 10_000, 1, 4, false), plain, System.nanoTime(), null);
            java.util.Set<String> entries = new java.util.TreeSet<>(order);
            entries.removeIf(e -> e.startsWith("samples/"));
            assertEquals(new java.util.TreeSet<>(plain.paths()), entries, "the same entries, the re-sample's aside");
        }
    }

    /**
     * Stopped (here by the deadline) while blocked threads still wait for their re-sample: each of their
     * re-sample entries is in the archive, skipped with the stop's reason, as when the re-sample was
     * declared after the passes; running it beside them had left nothing of them.
     */
    @Test
    void aStopBeforeTheReSampleIsDueRecordsItsEntriesSkipped() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.process(100, "sender");
            fx.file("100/task/100/wchan", "do_msgsnd");
            MemorySink sink = new MemorySink();
            Capture.Plan p = Plans.resampling(fx.proc, Plans.statOnlyBin(dir), 2, 2000, 20_000);
            Capture.Result r = Capture.run(p, sink, System.nanoTime(), null);
            assertTrue(r.finished(), "archive finished");
            assertEquals("deadline", r.stopReason());
            for (String f : List.of("stat", "wchan", "syscall", "stack")) {
                var e = sink.get("samples/1/proc/100/task/100/" + f).header();
                assertEquals(Status.SKIPPED, e.status(), f);
                assertEquals("deadline", e.detail(), f);
            }
        }
    }

    @Test
    void capOnAbandonedThreadsSkipsRiskyItemsButNotSystemFiles() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            for (int pid = 1000; pid < 1010; pid++) {
                fx.process(pid, "p" + pid);
                java.nio.file.Files.delete(fx.proc.resolve(pid + "/stat"));
                fx.fifo(pid + "/stat");
            }
            MemorySink sink = new MemorySink();
            Capture.Result r = Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 200, 20_000, 2, 3, false), sink,
                    System.nanoTime(), null);
            assertTrue(r.finished());
            assertNull(r.stopReason());
            assertTrue(r.abandoned() >= 3 && r.abandoned() <= 5, "abandoned " + r.abandoned());
            assertTrue(sink.withStatus(Status.SKIPPED).stream()
                    .anyMatch(e -> e.header().detail().startsWith("cap: ")), "cap reason recorded");
            assertEquals(Status.OK, sink.get("proc/loadavg").header().status());
            assertEquals(Status.OK, sink.get("proc/sysvipc/msg").header().status());
        }
    }

    @Test
    void linksAreOnlyReadlinkedAndForbiddenFilesNeverOpened() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.process(100, "victim");
            Path trap = fx.fifo("trap-fifo");
            fx.link("100/fd/3", trap.toString());
            java.nio.file.Files.delete(fx.proc.resolve("100/exe"));
            fx.link("100/exe", trap.toString());
            java.nio.file.Files.delete(fx.proc.resolve("100/cwd"));
            fx.link("100/cwd", trap.toString());
            fx.fifo("100/environ");
            fx.fifo("100/mem");
            fx.fifo("kmsg");
            fx.fifo("kcore");
            MemorySink sink = new MemorySink();
            Capture.Result r = Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 300, 10_000, 2, 4, false), sink,
                    System.nanoTime(), null);
            assertTrue(r.finished());
            assertTrue(sink.withStatus(Status.TIMEOUT).isEmpty(), "nothing was opened: " + sink.withStatus(Status.TIMEOUT));
            assertEquals(trap.toString(), sink.get("proc/100/fd/3").header().linkTarget());
            assertEquals(EntryType.SYMLINK, sink.get("proc/100/exe").header().type());
            assertEquals(trap.toString(), sink.get("proc/100/cwd").header().linkTarget());
            for (String never : List.of("proc/100/environ", "proc/100/mem", "proc/kmsg", "proc/kcore")) {
                assertTrue(sink.find(never).isEmpty(), never + " must not be read");
            }
        }
    }

    @Test
    void environIsReadOnlyWhenAsked() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.process(100, "p");
            fx.file("100/environ", "HOME=/root\0");
            MemorySink sink = new MemorySink();
            Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 300, 10_000, 2, 4, true), sink, System.nanoTime(), null);
            assertEquals("HOME=/root\0", sink.get("proc/100/environ").text());
        }
    }

    @Test
    void threadThatVanishedIsRecordedVanished() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.process(100, "p");
            java.nio.file.Files.createDirectories(fx.proc.resolve("100/task/101"));
            MemorySink sink = new MemorySink();
            Capture.Result r = Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 300, 10_000, 2, 4, false), sink,
                    System.nanoTime(), null);
            assertEquals(2, r.threads());
            MemorySink.Stored gone = sink.get("proc/100/task/101/stat");
            assertEquals(Status.VANISHED, gone.header().status());
            assertEquals("ENOENT", gone.header().detail());
        }
    }

    @Test
    void fileLargerThanTheCapIsTruncated() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.file("meminfo", "x".repeat((1 << 20) + 10));
            MemorySink sink = new MemorySink();
            Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 300, 10_000, 2, 4, false), sink, System.nanoTime(), null);
            MemorySink.Stored big = sink.get("proc/meminfo");
            assertEquals(Status.TRUNCATED, big.header().status());
            assertEquals(1 << 20, big.content().length);
        }
    }

    @Test
    void hungStatfsSkipsDfAndHungZpoolSkipsTheOtherZfsCommands() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.file("self/mountinfo", "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                    + "23 22 0:50 / /mnt/dead rw,relatime - nfs4 srv:/x rw\n");
            Path bin = java.nio.file.Files.createDirectories(dir.resolve("fakebin"));
            script(bin, "stat", "for a; do last=$a; done; [ \"$last\" = /mnt/dead ] && exec sleep 60; exec /usr/bin/stat \"$@\"");
            script(bin, "zpool", "[ \"$1\" = list ] && exec sleep 60; echo pool");
            script(bin, "zfs", "echo dataset");
            script(bin, "df", "echo df-ran");
            MemorySink sink = new MemorySink();
            long t = System.nanoTime();
            Capture.Plan p = Plans.plan(fx.proc, bin, 300, 300, 300, 20_000, 2, 4, false, 0);
            // stat -f per mount (the path without the bundle's statfs helper; StatfsHelperIT hangs the helper)
            p = new Capture.Plan(p.settings(), p.engine().withStatfsHelper(""), p.commands(), p.samples(),
                    p.intervalNanos(), p.skip());
            Capture.Result r = Capture.run(p, sink, t, null);
            assertTrue(r.finished());
            assertTrue((System.nanoTime() - t) / 1_000_000L < 10_000);
            assertEquals(Status.OK, sink.get("statfs/0").header().status());
            assertEquals(Status.TIMEOUT, sink.get("statfs/1").header().status());
            assertEquals("stat -f killed", sink.get("statfs/1").header().detail());
            MemorySink.Stored df = sink.get("cmd/df/status");
            assertEquals(Status.SKIPPED, df.header().status());
            assertEquals("breaker: statfs/1 timed out", df.header().detail());
            MemorySink.Stored hung = sink.get("cmd/zpool-list/status");
            assertEquals(Status.TIMEOUT, hung.header().status());
            // The ZFS commands run one at a time, but two readers race for the first of them: one other
            // command may have run (and answered) before the hung zpool started. Every one that would
            // have started after it is skipped by the breaker.
            int skippedCount = 0;
            for (String other : List.of("cmd/zpool-status/status", "cmd/zpool-get/status", "cmd/zfs-list/status",
                    "cmd/zfs-get/status")) {
                MemorySink.Stored e = sink.get(other);
                if (e.header().status() == Status.SKIPPED) {
                    assertEquals("breaker: cmd/zpool-list timed out", e.header().detail(), other);
                    skippedCount++;
                } else {
                    assertEquals(Status.OK, e.header().status(), other);
                    assertTrue(e.header().startNanos() < hung.header().startNanos(), other + " ran after the hang");
                }
            }
            assertTrue(skippedCount >= 3, "at most one ZFS command can run before the hung one: " + skippedCount);
        }
    }

    @Test
    void samplesRepeatEveryThreadsStatWchanSyscallStack() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir)) {
            fx.process(100, "p");
            MemorySink sink = new MemorySink();
            Capture.run(Plans.plan(fx.proc, Plans.statOnlyBin(dir), 300, 1000, 1000, 10_000, 2, 4, false, 2), sink,
                    System.nanoTime(), null);
            for (int k = 1; k <= 2; k++) {
                for (String f : List.of("stat", "wchan", "syscall", "stack")) {
                    MemorySink.Stored e = sink.get("samples/" + k + "/proc/100/task/100/" + f);
                    assertEquals(Status.OK, e.header().status());
                    assertEquals(sink.get("proc/100/task/100/" + f).text(), e.text());
                }
            }
            assertTrue(sink.get("samples/2/proc/100/task/100/stat").header().startNanos()
                    - sink.get("samples/1/proc/100/task/100/stat").header().startNanos() >= 90_000_000L, "interval kept");
        }
    }

    private static void script(Path bin, String name, String body) throws java.io.IOException {
        Path p = bin.resolve(name);
        java.nio.file.Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        java.nio.file.Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
