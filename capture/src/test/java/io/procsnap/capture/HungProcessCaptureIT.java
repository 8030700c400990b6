package io.procsnap.capture;

import io.procsnap.capture.holders.Reproduction;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.SelfRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The capture of the real machine while a real reproduction holds one lock class of a target process
 * (holders/, as in LockClassesIT): the hung read trips the breaker of its class for that process only,
 * the files of other classes are read in the engine's second lane, so the process is named (comm,
 * status) and its threads' states are known; the rest of the machine is read as usual. Each test
 * takes a few seconds and tears its reproduction down by pid (the capture's abandoned readers then get
 * an error from the aborted FUSE connection and end).
 */
class HungProcessCaptureIT {
    private static final Duration SETUP = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @BeforeEach
    void needs() {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "needs /dev/fuse");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: FUSE mounts, other processes' /proc/PID/mem");
        assumeTrue(Files.exists(Path.of("/usr/lib/python3/dist-packages/fusepy.py"))
                || Files.exists(Path.of("/usr/lib/python3/dist-packages/fuse.py")), "needs python3-fusepy (scripts/setup.sh)");
    }

    /**
     * EXEC_UPDATE held for good (an exec waiting in exec_mmap for the old mm): stat hangs; wchan and the
     * links are skipped by that class's breaker; comm, status, the task listing and every thread's
     * status are read; cmdline (MMAP, also held) hangs in the second lane, not in the main one.
     */
    @Test
    void aProcessWhoseStatHangsIsStillNamedAndItsThreadsListed() throws Exception {
        try (Reproduction r = Reproduction.start(Files.createDirectories(dir.resolve("repro")))) {
            Reproduction.Target t = r.target();
            r.helper("memread", "memread", Long.toString(t.pid()), t.addr());
            r.fs().awaitRequest("read /data", SETUP);
            Process writer = r.helper("clearrefs", "clearrefs", Long.toString(t.pid()));
            Reproduction.awaitState(Long.toString(writer.pid()), 'D', SETUP);
            t.command("exec /bin/sleep sleep 1000");
            Reproduction.awaitState(Long.toString(t.pid()), 'D', SETUP);
            List<Long> tids = Reproduction.tids(t.pid());

            MemorySink sink = new MemorySink();
            long start = System.nanoTime();
            Capture.Result result = Capture.run(Plans.plan(Path.of("/proc"), Plans.statOnlyBin(dir), 500, 1000, 2000,
                    30_000, 2, 8, false, 0), sink, start, null);
            long tookMs = (System.nanoTime() - start) / 1_000_000L;
            assertTrue(result.finished());
            String p = "proc/" + t.pid();
            assertEquals(Status.TIMEOUT, sink.get(p + "/stat").header().status());
            for (String skipped : List.of("wchan", "io", "exe", "stack")) {
                assertEquals(Status.SKIPPED, sink.get(p + "/" + skipped).header().status(), skipped);
                assertEquals("breaker: " + p + "/stat timed out", sink.get(p + "/" + skipped).header().detail(), skipped);
            }
            assertEquals("lockholder\n", sink.get(p + "/comm").text());
            assertTrue(sink.get(p + "/status").text().contains("\nState:\tD"), sink.get(p + "/status").text());
            for (String ok : List.of("limits", "cgroup", "statm", "sched", "task")) {
                assertEquals(Status.OK, sink.get(p + "/" + ok).header().status(), ok);
            }
            for (long tid : tids) {
                String task = p + "/task/" + tid;
                assertEquals(Status.OK, sink.get(task + "/status").header().status(), task);
                assertTrue(sink.get(task + "/status").text().contains("\nState:\t"), task);
                assertEquals(Status.SKIPPED, sink.get(task + "/stat").header().status(), task);
            }
            assertEquals(Status.TIMEOUT, sink.get(p + "/cmdline").header().status(), "MMAP is held too");
            assertTrue(result.abandoned() >= 2, "stat on a main reader, cmdline on a lane reader: " + result.abandoned());
            // the rest of the machine: the capture itself and init were read in full
            String self = "proc/" + ProcessHandle.current().pid();
            for (String f : List.of("stat", "status", "cmdline", "io")) {
                assertEquals(Status.OK, sink.get(self + "/" + f).header().status(), self + "/" + f);
            }
            assertEquals(Status.OK, sink.get("proc/1/stat").header().status());
            assertTrue(tookMs < 15_000, "capture took " + tookMs + " ms");
            // know thyself: procsnap/self names this process and the readers it left on the target's files
            SelfRecord own = SelfRecord.parse(sink.get(ArchivePath.SELF).content());
            assertEquals(ProcessHandle.current().pid(), own.pid());
            assertEquals(List.of(p + "/stat", p + "/cmdline"), own.abandoned().stream().map(SelfRecord.Reader::path)
                    .filter(x -> x.startsWith(p + "/")).toList());
            // the first readers exist before the capture lists its own threads: the archive holds them
            assertTrue(own.abandoned().stream().anyMatch(reader -> sink.find("proc/" + own.pid() + "/task/" + reader.tid()
                    + "/status").isPresent()), "an abandoned reader among the captured threads: " + own.abandoned());
            // the statfs of mounts: the statfs helper's children where it is built, else stat -f per mount
            assertTrue(own.children().stream().anyMatch(c -> c.program().equals("stat") || c.program().equals("procsnap-statfs")),
                    "statfs children: " + own.children());
        }
    }

    /**
     * MMAP held for good (a reader of /proc/TARGET/mem in a fault the FUSE daemon never answers, a
     * writer queued): cmdline hangs, and nothing else of the target is lost: stat, wchan, the links.
     */
    @Test
    void aHungCmdlineCostsOnlyTheMmapClass() throws Exception {
        try (Reproduction r = Reproduction.start(Files.createDirectories(dir.resolve("repro")))) {
            Reproduction.Target t = r.target();
            r.helper("memread", "memread", Long.toString(t.pid()), t.addr());
            r.fs().awaitRequest("read /data", SETUP);
            t.command("mmap");
            Reproduction.awaitAnyThreadState(t.pid(), 'D', SETUP);

            MemorySink sink = new MemorySink();
            Capture.Result result = Capture.run(Plans.plan(Path.of("/proc"), Plans.statOnlyBin(dir), 500, 1000, 2000,
                    30_000, 2, 8, false, 0), sink, System.nanoTime(), null);
            assertTrue(result.finished());
            String p = "proc/" + t.pid();
            assertEquals(Status.TIMEOUT, sink.get(p + "/cmdline").header().status());
            for (String ok : List.of("stat", "wchan", "status", "comm", "io", "stack", "exe", "task")) {
                assertEquals(Status.OK, sink.get(p + "/" + ok).header().status(), ok);
            }
        }
    }
}
