package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.Status;
import io.procsnap.replay.archive.ArchiveSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.cryptomator.jfuse.api.Fuse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The priming walk ({@link KernelCachePrimer}) on real FUSE mounts: a first {@code ps -eLf} after it sends
 * far fewer requests and prints the same bytes, failed reads still answer their errno, and
 * {@code fusermount3 -u} while it walks succeeds at once and the mount ends promptly. Needs root (the
 * walk's copy of the mount, {@code unshare --mount} for ps), /dev/fuse and libfuse3.
 */
class KernelCachePrimerIT {
    Path dir;
    ProcFsMount mount;
    ProcFileSystem fs;

    @BeforeEach
    void dir() throws Exception {
        assertTrue(FuseEnvironment.probe().usable(), "this test needs FUSE: " + FuseEnvironment.probe().problems());
        dir = Files.createTempDirectory("procsnap-prime-it");
    }

    @AfterEach
    void cleanUp() throws Exception {
        Commands.closeAndRemove(mount, dir);
    }

    private ProcFsMount mount(ArchiveSource source, ProcTree tree) throws Exception {
        mount = ProcFsMount.mount(FuseEnvironment.probe(), callers -> fs = new ProcFileSystem(source, tree,
                Fuse.builder().errno(), callers, Path.of("/proc"), 64 << 20), dir, ProcFsMount.Options.defaults());
        return mount;
    }

    /** Mounts {@code src} and starts the walk. */
    private KernelCachePrimer primed(MemorySource src) throws Exception {
        mount(src, TreeBuilder.build(src, 0));
        mount.prime();
        return mount.primer();
    }

    /** ps -eLf with the mount over /proc; its output and the requests the mount served for it. */
    private record Run(String out, long requests) {
    }

    private Run psOverMount() throws Exception {
        long before = fs.requests();
        var r = Commands.run(60, "unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" /proc && exec ps -eLf", "sh", dir.toString());
        assertEquals(0, r.exit(), r.err());
        return new Run(r.out(), fs.requests() - before);
    }

    /**
     * A capture of this machine, mounted twice: without priming, a first ps -eLf reaches the server for most
     * of what it reads; once the walk is done, the same ps finds nearly all of it in the kernel's caches
     * (here 1,670-2,780 requests cold, 244-255 after the walk, 38 warm: a warm ps asks only for the caller's own
     * {@code /proc/self}; the two or three requests per process a primed first ps still sends beyond a warm one
     * are not explained yet). Fails with the walk doing nothing (a first ps then asks as much as a cold one).
     */
    @Test
    void aFirstPsAfterPrimingSendsFarFewerRequestsAndPrintsTheSame() throws Exception {
        Path archive = Captures.ofThisMachine();
        Run cold;
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            ArchiveSource source = ArchiveSource.of(reader);
            mount(source, TreeBuilder.build(source, 0));
            cold = psOverMount();
            mount.close();
            mount = null;
        }
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            ArchiveSource source = ArchiveSource.of(reader);
            mount(source, TreeBuilder.build(source, 0));
            mount.prime();
            KernelCachePrimer primer = mount.primer();
            assertTrue(primer.awaitDone(TimeUnit.SECONDS.toMillis(60)), "the walk did not end: " + primer.outcome());
            assertTrue(primer.outcome().startsWith("primed"), primer.outcome());
            Run primed = psOverMount();
            Run warm = psOverMount();
            System.out.println("first ps -eLf over a capture of this machine: " + cold.requests() + " requests unprimed, "
                    + primed.requests() + " primed, " + warm.requests() + " warm (" + primer.outcome() + ")");
            assertEquals(cold.out(), primed.out(), "the same ps output with and without priming");
            assertTrue(cold.out().lines().count() > 20, cold.out());
            assertTrue(cold.requests() > 2 * warm.requests(), "a cold ps should need the server for most of what it reads: "
                    + cold.requests() + " cold, " + warm.requests() + " warm");
            assertTrue((primed.requests() - warm.requests()) * 4 < cold.requests() - warm.requests(),
                    "the walk should leave a first ps less than a quarter of what a cold one asks beyond a warm one: "
                            + cold.requests() + " cold, " + primed.requests() + " primed, " + warm.requests() + " warm ("
                            + primer.outcome() + ")");
        }
    }

    /** Processes enough for the walk to take a while: {@code n} processes of 4 threads, one with failed reads. */
    static MemorySource manyProcesses(int n) {
        MemorySource src = new MemorySource().dir("proc", 0555, 0, 0);
        for (int pid = 100; pid < 100 + n * 4; pid += 4) {
            src.dir("proc/" + pid, 0555, 0, 0);
            src.file("proc/" + pid + "/stat", pid + " (worker) S 1 " + pid + " " + pid + " 0 -1\n");
            src.file("proc/" + pid + "/status", "Name:\tworker\nState:\tS (sleeping)\nTgid:\t" + pid + "\n");
            src.file("proc/" + pid + "/cmdline", "worker\0");
            for (int tid = pid; tid < pid + 4; tid++) {
                String t = "proc/" + pid + "/task/" + tid;
                src.dir(t, 0555, 0, 0);
                src.file(t + "/stat", tid + " (worker) S 1 " + pid + " " + pid + " 0 -1\n");
                src.file(t + "/status", "Name:\tworker\nState:\tS (sleeping)\nTgid:\t" + pid + "\nPid:\t" + tid + "\n");
                src.file(t + "/cmdline", "worker\0");
            }
        }
        src.failed("proc/100/environ", Status.DENIED, "EACCES", 10_000);
        src.failed("proc/100/task/101/cmdline", Status.TIMEOUT, null, 2_000_000_000L);
        return src;
    }

    /**
     * {@code fusermount3 -u} while the walk runs succeeds on the first try (the walk goes through its own
     * copy of the mount, so a request of it under way does not make the mount point busy), and closing the
     * mount then, as the mount command does when its mount point is gone, stops the walk and returns promptly.
     */
    @Test
    void fusermountWhileTheWalkRunsUnmountsAtOnceAndTheWalkStops() throws Exception {
        KernelCachePrimer primer = primed(manyProcesses(6_000));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fs.requests() < 5_000 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("running", primer.outcome(), "the walk should still run when unmounted; requests " + fs.requests());
        var u = Commands.run(10, "fusermount3", "-u", dir.toString());
        assertEquals(0, u.exit(), "fusermount3 -u while the walk runs: " + u.err());
        assertFalse(ProcFsMount.isMountPoint(dir));
        long t0 = System.nanoTime();
        mount.close();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(primer.awaitDone(0), "close() returned with the walk still running");
        assertTrue(primer.outcome().startsWith("stopped"), primer.outcome());
        assertTrue(ms < 6_000, "close took " + ms + " ms");
    }

    /** What the walk read is served to the next tool exactly as before, and failed reads still fail as captured. */
    @Test
    void afterTheWalkContentsAndFailedReadsAreServedAsCaptured() throws Exception {
        KernelCachePrimer primer = primed(manyProcesses(50));
        assertTrue(primer.awaitDone(TimeUnit.SECONDS.toMillis(60)), primer.outcome());
        assertTrue(primer.outcome().startsWith("primed: 50 of 50 processes"), primer.outcome());
        var stat = Commands.run(10, "cat", dir + "/104/task/105/stat", dir + "/104/status");
        assertEquals("105 (worker) S 1 104 104 0 -1\nName:\tworker\nState:\tS (sleeping)\nTgid:\t104\n", stat.out(), stat.err());
        var denied = Commands.run(10, "cat", dir + "/100/environ");
        assertTrue(denied.err().contains("Permission denied"), denied.err());
        var timedOut = Commands.run(10, "cat", dir + "/100/task/101/cmdline");
        assertTrue(timedOut.err().contains("Input/output error"), timedOut.err());
        var missing = Commands.run(10, "cat", dir + "/101/ctty");
        assertTrue(missing.err().contains("No such file or directory"), missing.err());
    }

    /**
     * A tool whose pid is the tid of an archived thread that does not lead its group, started before the
     * mount and asking for its {@code /proc/self} only after the walk: it gets itself, not the archived
     * thread. The walk never looks up the root's {@code /<tid>} of such a thread (it lists and reads
     * {@code /<pid>/task/<tid>}); if it did, the kernel would keep the archived thread there for 60 s and
     * the shell below would read the archived {@code (archived)} stat line instead of its own {@code (sh)}.
     */
    @Test
    void aToolWhosePidIsAnArchivedThreadsTidStillGetsItselfAfterTheWalk() throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", "read go; read tid comm rest < \"$1/self/stat\"; echo \"$tid $comm $$\"",
                "sh", dir.toString()).redirectErrorStream(true).start();
        try {
            int tid = (int) sh.pid();
            int leader = tid - 1;
            MemorySource src = new MemorySource().dir("proc", 0555, 0, 0);
            String task = "proc/" + leader + "/task/";
            src.dir("proc/" + leader, 0555, 0, 0)
                    .file("proc/" + leader + "/stat", leader + " (archived) S 1 " + leader + " " + leader + " 0 -1\n")
                    .file("proc/" + leader + "/status", "Name:\tarchived\nState:\tS (sleeping)\nTgid:\t" + leader + "\n")
                    .file("proc/" + leader + "/cmdline", "archived\0");
            for (int t : new int[] {leader, tid}) {
                src.dir(task + t, 0555, 0, 0)
                        .file(task + t + "/stat", t + " (archived) S 1 " + leader + " " + leader + " 0 -1\n")
                        .file(task + t + "/status", "Name:\tarchived\nState:\tS (sleeping)\nTgid:\t" + leader
                                + "\nPid:\t" + t + "\n");
            }
            KernelCachePrimer primer = primed(src);
            assertTrue(primer.awaitDone(TimeUnit.SECONDS.toMillis(60)), primer.outcome());
            assertTrue(primer.outcome().startsWith("primed: 1 of 1 processes"), primer.outcome());
            sh.getOutputStream().write('\n');
            sh.getOutputStream().flush();
            assertTrue(sh.waitFor(10, TimeUnit.SECONDS), "the shell did not answer");
            String out = new String(sh.getInputStream().readAllBytes()).trim();
            assertEquals(tid + " (sh) " + tid, out, "/proc/self of a shell whose pid is an archived thread's tid");
            // to any other caller that number is the archived thread (asked after the shell: the kernel keeps it)
            var archived = Commands.run(10, "cat", dir + "/" + tid + "/stat");
            assertTrue(archived.out().startsWith(tid + " (archived) "), "the archived thread is served to others: "
                    + archived.out() + archived.err());
        } finally {
            sh.destroyForcibly();
            sh.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
