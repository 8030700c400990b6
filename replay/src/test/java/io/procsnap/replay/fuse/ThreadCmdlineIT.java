package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.ArchiveReader;
import io.procsnap.replay.archive.ArchiveSource;
import io.procsnap.replay.extract.Extractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cryptomator.jfuse.api.Fuse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ps -eLf} (real procps) over a capture of this machine, where this test's JVM is a process of many
 * threads: over the mount and over {@code extract}'s tree, its non-leader thread rows print its command
 * line, as on Linux, not {@code [comm]} (how procps shows kernel threads). The capture records cmdline per
 * process only; the replay serves it in every {@code task/TID}. Needs root ({@code unshare --mount}),
 * /dev/fuse and libfuse3.
 */
class ThreadCmdlineIT {
    Path dir;
    Path extracted;
    ProcFsMount mount;
    ProcFileSystem fs;
    final String pid = Long.toString(ProcessHandle.current().pid());

    @BeforeEach
    void dir() throws Exception {
        assertTrue(FuseEnvironment.probe().usable(), "this test needs FUSE: " + FuseEnvironment.probe().problems());
        dir = Files.createTempDirectory("procsnap-v16-tcmd-mount");
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            Commands.closeAndRemove(mount, dir);
        } finally {
            if (extracted != null) {
                try (var walk = Files.walk(extracted)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** One row of ps -eLf: PID, LWP and CMD. */
    private record Row(String pid, String lwp, String cmd) {
    }

    /** The rows of this JVM's threads. */
    private List<Row> rowsOfThisJvm(String psOut) {
        List<Row> rows = new ArrayList<>();
        for (String line : psOut.lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+", 10);
            if (f.length == 10 && f[1].equals(pid)) {
                rows.add(new Row(f[1], f[3], f[9]));
            }
        }
        return rows;
    }

    /** The leader's row prints the command line and every other thread's row the same, never {@code [comm]}. */
    private void threadRowsPrintTheCommandLine(String psOut, String where) {
        List<Row> rows = rowsOfThisJvm(psOut);
        Row leader = rows.stream().filter(r -> r.lwp().equals(pid)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for this JVM (" + pid + ") " + where + ":\n" + psOut));
        List<Row> others = rows.stream().filter(r -> !r.lwp().equals(pid)).toList();
        assertTrue(others.size() >= 5, "this JVM's threads " + where + ": " + rows);
        assertFalse(leader.cmd().startsWith("["), leader.toString());
        assertTrue(leader.cmd().contains("java"), leader.toString());
        for (Row r : others) {
            assertEquals(leader.cmd(), r.cmd(), "thread " + r.lwp() + " " + where);
        }
    }

    private long psOverMount() throws Exception {
        long before = fs.requests();
        var r = Commands.run(120, "unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" /proc && exec ps -eLf", "sh", dir.toString());
        assertEquals(0, r.exit(), r.err());
        long requests = fs.requests() - before;
        System.out.println("ps -eLf over a capture of this machine: " + requests + " requests");
        threadRowsPrintTheCommandLine(r.out(), "over the mount");
        return requests;
    }

    @Test
    void psOverTheMountPrintsEachThreadsCommandLine() throws Exception {
        Path archive = Captures.ofThisMachine();
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            ArchiveSource source = ArchiveSource.of(reader);
            ProcTree tree = TreeBuilder.build(source, 0);
            mount = ProcFsMount.mount(FuseEnvironment.probe(), callers -> fs = new ProcFileSystem(source, tree,
                    Fuse.builder().errno(), callers, Path.of("/proc"), 64 << 20), dir, ProcFsMount.Options.defaults());
            long first = psOverMount();
            long warm = psOverMount();
            System.out.println("ps -eLf over a capture of this machine: " + first + " requests first, " + warm + " warm, "
                    + tree.threads().size() + " non-leader threads");
            List<String> tids;
            try (var s = Files.list(dir.resolve(pid).resolve("task"))) {
                tids = s.map(p -> p.getFileName().toString()).filter(t -> !t.equals(pid)).sorted().toList();
            }
            assertFalse(tids.isEmpty());
            var ls = Commands.run(10, "ls", dir.resolve(pid).resolve("task").resolve(tids.get(0)).toString());
            assertTrue(ls.out().lines().toList().contains("cmdline"), "listed in the thread's directory: " + ls.out());
            for (String tid : List.of(tids.get(0), tids.get(tids.size() - 1))) {
                Path threadCmdline = dir.resolve(pid).resolve("task").resolve(tid).resolve("cmdline");
                var cmp = Commands.run(10, "cmp", threadCmdline.toString(), dir.resolve(pid).resolve("cmdline").toString());
                assertEquals(0, cmp.exit(), cmp.out() + cmp.err());
                var cat = Commands.run(10, "cat", threadCmdline.toString());
                assertTrue(cat.out().startsWith(ProcessHandle.current().info().command().orElseThrow()),
                        "the captured JVM's command line: " + cat.out());
            }
        }
    }

    /** The same over extract's tree, bind-mounted over /proc with ps's own stat planted (bench/replay/run.sh). */
    @Test
    void psOverExtractPrintsEachThreadsCommandLine() throws Exception {
        Path archive = Captures.ofThisMachine();
        extracted = Files.createTempDirectory("procsnap-v16-tcmd-extract");
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            Extractor.extract(ArchiveSource.of(reader), extracted.resolve("tree"), false);
        }
        Path proc = extracted.resolve("tree/proc");
        Path threadCmdline;
        try (var s = Files.list(proc.resolve(pid).resolve("task"))) {
            threadCmdline = s.filter(p -> !p.getFileName().toString().equals(pid)).findFirst().orElseThrow().resolve("cmdline");
        }
        assertEquals(-1L, Files.mismatch(threadCmdline, proc.resolve(pid).resolve("cmdline")));
        Files.createDirectories(proc.resolve("self/task"));
        Files.copy(Path.of("/proc/self/stat"), proc.resolve("self/stat"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var r = Commands.run(120, "unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mkdir -p \"$1/$$/task\" && cp /proc/$$/stat /proc/$$/status \"$1/$$/\" && mount --bind \"$1\" /proc && exec ps -eLf",
                "sh", proc.toString());
        assertEquals(0, r.exit(), r.err());
        threadRowsPrintTheCommandLine(r.out(), "over extract");
    }
}
