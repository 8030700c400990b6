package io.procsnap.capture.faults;

import io.procsnap.capture.CaptureCommand;
import io.procsnap.capture.ProcFixture;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.Entry;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hung reads in a procfs tree (FIFOs stand for files whose read blocks in the kernel): 1 file, 10
 * files and every per-process file hanging, captured through the real CLI ({@code --proc-root}).
 * Figures: wall time against the deadline, entries saved, and that every hung file that was tried is
 * recorded as {@code timeout} (the others {@code skipped} with the reason: breaker, cap, deadline).
 * Complements CaptureFixtureTests (engine level) with the whole program and the three sizes. Reads go
 * through the JNI reader, as in the bundle (the build's library, {@code -Dprocsnap.native}): a read
 * blocked inside native code is abandoned like any other.
 */
class HungReadsTests {
    static final int PROCESSES = 40;
    static final long DEADLINE_MS = 3000;

    @TempDir
    Path dir;

    record Figure(String hung, long fifos, long wallMs, int exit, long entries, long timeouts, long skipped,
                  Map<Status, Long> fifoStatus, long notPlanned) {
    }

    private Figure capture(String name, int hungFiles) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        try (ProcFixture fx = new ProcFixture(root)) {
            for (int pid = 1000; pid < 1000 + PROCESSES; pid++) {
                fx.process(pid, "p" + pid);
            }
            List<String> toHang = new ArrayList<>();
            try (Stream<Path> s = Files.walk(fx.proc)) {
                for (Path p : s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    String rel = fx.proc.relativize(p).toString();
                    if (rel.matches("\\d+/.*")) {
                        toHang.add(rel);
                    }
                }
            }
            if (hungFiles >= 0) {
                // spread over processes: the n-th hung file is the status of process n
                toHang = toHang.stream().filter(r -> r.matches("\\d+/status")).limit(hungFiles).toList();
            }
            for (String rel : toHang) {
                Files.delete(fx.proc.resolve(rel));
                fx.fifo(rel);
            }
            Path archive = root.resolve("out.tar.zst");
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(CaptureCommand.spec(new CaptureCommand()));
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            long t = System.nanoTime();
            int exit = cl.execute("--proc-root", fx.proc.toString(), "-o", archive.toString(), "--deadline", DEADLINE_MS + "ms",
                    "--read-timeout", "200ms", "--skip", "commands", "--min-free", "0", "--max-abandoned", "64");
            long wall = (System.nanoTime() - t) / 1_000_000;
            fx.release();
            try (ArchiveReader r = ArchiveReader.open(archive)) {
                assertTrue(r.manifest().notes().get("reader").startsWith("native"),
                        "hung reads through the bundle's JNI reader: " + r.manifest().notes());
                long timeouts = r.summary().countsByStatus().getOrDefault(Status.TIMEOUT, 0L);
                long skipped = r.summary().countsByStatus().getOrDefault(Status.SKIPPED, 0L);
                Map<Status, Long> fifoStatus = new EnumMap<>(Status.class);
                long notPlanned = 0;
                for (String rel : toHang) {
                    Status st = r.find("proc/" + rel).map(Entry::status).orElse(null);
                    if (st == null) {
                        // never declared: a thread's details are planned only once its stat was read
                        notPlanned++;
                        continue;
                    }
                    fifoStatus.merge(st, 1L, Long::sum);
                    assertTrue(st == Status.TIMEOUT || st == Status.SKIPPED, rel + " recorded as " + st + "\n" + err);
                }
                for (Entry e : r.entries()) {
                    if (e.status() == Status.SKIPPED) {
                        assertTrue(e.header().detail() != null && !e.header().detail().isBlank(), "skip without reason: " + e.path());
                    }
                }
                assertTrue(notPlanned == 0 || hungFiles < 0, notPlanned + " hung files without an entry");
                return new Figure(name, toHang.size(), wall, exit, r.summary().entryCount(), timeouts, skipped, fifoStatus,
                        notPlanned);
            }
        }
    }

    @Test
    void oneTenAndAllFilesHangingEndByTheDeadlineAndRecordEveryHungRead() throws Exception {
        List<Figure> figures = List.of(capture("one", 1), capture("ten", 10), capture("all", -1));
        StringBuilder sb = new StringBuilder("hung reads (" + PROCESSES + " processes, deadline " + DEADLINE_MS
                + " ms, read timeout 200 ms):\n");
        for (Figure f : figures) {
            sb.append(String.format("  %-4s hung=%4d wall=%5d ms exit=%d entries=%5d timeout=%4d skipped=%4d hung-files-by-status=%s not-planned=%d%n",
                    f.hung(), f.fifos(), f.wallMs(), f.exit(), f.entries(), f.timeouts(), f.skipped(), f.fifoStatus(),
                    f.notPlanned()));
        }
        System.out.println(sb);
        Files.writeString(Path.of("target", "faults-hung-reads.txt"), sb);
        for (Figure f : figures) {
            assertTrue(f.wallMs() < DEADLINE_MS + 1500, f.hung() + ": " + f.wallMs() + " ms for a " + DEADLINE_MS + " ms deadline");
            assertEquals(3, f.exit(), f.hung() + ": a capture with hung reads is partial");
            assertTrue(f.entries() > 100, f.hung() + ": entries saved " + f.entries());
        }
        // the hung files' own statuses: on a loaded machine a real statfs or an ordinary fixture read can
        // also pass the 200 ms read timeout and add a timeout of its own to the archive's count
        assertEquals(Map.of(Status.TIMEOUT, 1L), figures.get(0).fifoStatus(), "one hung file, one timeout");
        assertEquals(Map.of(Status.TIMEOUT, 10L), figures.get(1).fifoStatus(), "ten hung files in ten processes, ten timeouts");
        assertTrue(figures.get(2).timeouts() >= 1 && figures.get(2).skipped() > 0);
    }
}
