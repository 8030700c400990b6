package io.procsnap.format.fuzz;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Status;
import io.procsnap.format.TestArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of the archive reader for a fixed time budget. Seeds: every {@code ok-*} file of
 * the format corpus plus archives with every entry kind (long paths, big ids, symlinks, directories,
 * multi-frame content, every status, gzip fallback). Each input is a seed mutated at the tar level
 * and framed again with valid checksums ({@link TarMutator}), or a seed with raw byte damage.
 *
 * <p>Budget: {@code -Dfuzz.seconds=N} (default 8) and at least {@code -Dfuzz.inputs=N} inputs (default 200,
 * however long they take: on a loaded machine 8 s held only 44), seed: {@code -Dfuzz.seed=N} (default
 * 20261122; the run is reproducible for a given seed and iteration count). A finding is written to
 * {@code target/fuzz-findings/} and fails the test; keep it as {@code corpus/fuzz/<name>-fail.tar.zst}
 * with a test in {@link FuzzCorpusTests}. Longer run:
 * {@code mvn -o -B -pl format-spec test -Dtest=FormatFuzzTests -Dfuzz.seconds=600}.
 */
class FormatFuzzTests {
    static final long SECONDS = Long.getLong("fuzz.seconds", 8);
    static final long SEED = Long.getLong("fuzz.seed", 20261122L);
    static final int MIN_INPUTS = Integer.getInteger("fuzz.inputs", 200);

    @TempDir
    Path dir;

    @Test
    void mutatedArchivesOnlyEverFailWithArchiveExceptions() throws Exception {
        List<byte[]> seeds = seeds(dir);
        List<byte[]> tars = new ArrayList<>();
        for (byte[] s : seeds) {
            try {
                // decompression bombs (33 MB of tar) stay seeds for raw damage only: re-framing them costs seconds
                tars.add(s.length < 2048 && TarMutator.tarOf(s).length > 1 << 20 ? null : TarMutator.tarOf(s));
            } catch (IOException gzipOrDamaged) {
                tars.add(null);
            }
        }
        Random rnd = new Random(SEED);
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        int iterations = 0;
        long maxHeap = 0;
        Path scratch = dir.resolve("input.tar.zst");
        try (FuzzHarness h = new FuzzHarness(10_000)) {
            while (iterations < MIN_INPUTS || System.nanoTime() < end) {
                int k = rnd.nextInt(seeds.size());
                byte[] input;
                byte[] tar = tars.get(k);
                if (tar != null && rnd.nextInt(5) > 0) {
                    byte[] donor = tars.get(rnd.nextInt(tars.size()));
                    byte[] mutated = TarMutator.mutate(tar, donor == null ? tar : donor, rnd);
                    input = TarMutator.frame(mutated, rnd, rnd.nextInt(4) > 0);
                } else {
                    input = seeds.get(k).clone();
                    for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
                        input[rnd.nextInt(input.length)] = (byte) rnd.nextInt(256);
                    }
                }
                h.run(input, scratch);
                iterations++;
                Runtime rt = Runtime.getRuntime();
                maxHeap = Math.max(maxHeap, rt.totalMemory() - rt.freeMemory());
            }
            System.out.printf("format fuzz: seed %d, %d s, %d inputs, %d opened, %d refused, %d entries read, %d findings,"
                    + " heap high-water %d MiB%n", SEED, SECONDS, iterations, h.opened, h.refused, h.entriesSeen,
                    h.findings.size(), maxHeap >> 20);
            report(h.findings, "format");
            assertTrue(h.opened > 0 && h.refused > 0, "mutations reach both outcomes: " + h.opened + "/" + h.refused);
        }
    }

    /** Writes findings to target/fuzz-findings and fails naming them. */
    static void report(List<FuzzHarness.Finding> findings, String prefix) throws IOException {
        if (findings.isEmpty()) {
            return;
        }
        Path out = Files.createDirectories(Path.of("target", "fuzz-findings"));
        StringBuilder msg = new StringBuilder();
        int i = 0;
        for (FuzzHarness.Finding f : findings) {
            Path file = out.resolve(prefix + "-" + SEED + "-" + i++ + ".tar.zst");
            Files.write(file, f.input());
            msg.append(file).append(": ").append(f.what()).append('\n');
        }
        fail(findings.size() + " findings with seed " + SEED + " (re-run: -Dfuzz.seed=" + SEED + "; keep each as corpus/fuzz/<name>-fail.tar.zst):\n" + msg);
    }

    /** Corpus ok-* files plus freshly written archives with every entry kind. */
    static List<byte[]> seeds(Path dir) throws IOException, URISyntaxException {
        List<byte[]> seeds = new ArrayList<>();
        Path corpus = Path.of(FormatFuzzTests.class.getResource("/corpus/ok-small.tar.zst").toURI()).getParent();
        try (Stream<Path> s = Files.list(corpus)) {
            // the writer goldens of format 1.1 hold the same entries as those of 1.0, 64 MiB of them: one copy
            // is enough for the budget
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("ok-")
                    && !p.getFileName().toString().startsWith("ok-writer-golden-v1.1")
                    && !p.getFileName().toString().startsWith("ok-writer-golden-gzip-v1.1")).sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
        }
        seeds.add(Files.readAllBytes(TestArchives.write(dir.resolve("kinds.tar.zst"),
                ArchiveWriter.Options.defaults().withFrameSize(4096), FormatFuzzTests::everyKind)));
        seeds.add(Files.readAllBytes(TestArchives.write(dir.resolve("kinds-gz.tar.zst"),
                ArchiveWriter.Options.defaults().withForceGzip(true).withFrameSize(4096), FormatFuzzTests::everyKind)));
        return seeds;
    }

    static void everyKind(ArchiveWriter w) throws IOException {
        TestArchives.smallCapture(w);
        String longDir = "proc/4194304/task/4194304/" + "d".repeat(120);
        w.add(EntryHeader.directory("proc/4194304").withOwner(040555, 4_294_967_294L, 4_294_967_294L), null);
        w.add(EntryHeader.file(longDir + "/stat").withOwner(0100444, 3_000_000_000L, 0), TestArchives.utf8("x\n"));
        w.add(EntryHeader.symlink("proc/4194304/fd/1", "/very/" + "long/".repeat(40) + "target"), null);
        w.add(EntryHeader.symlink("proc/4194304/exe", "/usr/bin/\u00e9t\u00e9 (deleted)"), null);
        w.add(EntryHeader.file("statfs/0").withTiming(5, 5_000_000_000L).withStatus(Status.TIMEOUT, "statfs"), null);
        w.add(EntryHeader.file("cmd/zpool-status/status"), TestArchives.utf8("{\"argv\":[\"zpool\"],\"found\":false}"));
        byte[] big = new byte[20_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ("0123456789 abcdef\n".charAt(i % 18));
        }
        w.add(EntryHeader.file("proc/net/unix"), big);
        w.flush();
        w.add(EntryHeader.file("proc/306/cmdline"), TestArchives.utf8("a\u0000b\u0000"));
        w.add(EntryHeader.file("proc/306/stat"), TestArchives.utf8("duplicate"));
    }
}
