package io.procsnap.format.fuzz;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.internal.EntryWalk;
import io.procsnap.format.internal.FrameCursor;
import io.procsnap.format.internal.FramePrefetch;
import io.procsnap.format.internal.FrameStore;
import io.procsnap.format.internal.TarEntryReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A walk that takes the entry headers read ahead on other threads ({@link FramePrefetch}) finds exactly
 * what a walk on one thread finds: the same entries with the same contents in the same order, the same
 * damage, the same end, the same damaged frames, the same exception. Over the fuzz seeds, their tar
 * streams mutated and cut into frames at random (frames that do not start at entries, entries running
 * over frames, damaged headers, hostile records), and their compressed bytes flipped.
 */
class PrefetchEquivalenceTests {
    private static final long SEED = 20261205L;
    private static final int INPUTS = 400;

    @TempDir
    Path dir;

    @Test
    void aWalkFindsTheSameWithAndWithoutFramesReadAhead() throws Exception {
        List<byte[]> seeds = FormatFuzzTests.seeds(dir);
        Random rnd = new Random(SEED);
        Path file = dir.resolve("input.tar.zst");
        int[] proposed = {0};
        int damaged = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            byte[] input;
            byte[] tar = tarOrNull(seed);
            if (tar != null && tar.length < 1 << 20 && rnd.nextInt(5) > 0) {
                byte[] mutated = rnd.nextBoolean() ? tar : TarMutator.mutate(tar, tar, rnd);
                input = TarMutator.frame(mutated, rnd, false);
            } else {
                input = seed.clone();
                for (int k = 0, n = rnd.nextInt(4); k < n; k++) {
                    input[rnd.nextInt(input.length)] = (byte) rnd.nextInt(256);
                }
            }
            Files.write(file, input);
            String alone = walk(file, null);
            String ahead = walk(file, proposed);
            assertEquals(alone, ahead, "input " + i + " (seed " + SEED + ")");
            damaged += alone.contains("damage=[]") ? 0 : 1;
        }
        assertTrue(proposed[0] > INPUTS, "frames proposed by the prefetch: " + proposed[0]);
        assertTrue(damaged > INPUTS / 10, "inputs with damage: " + damaged);
    }

    private static byte[] tarOrNull(byte[] archive) {
        try {
            return TarMutator.tarOf(archive);
        } catch (IOException gzipOrDamaged) {
            return null;
        }
    }

    /** Everything one walk over the file's frames finds, as text; with a prefetch when {@code proposed} counts. */
    private static String walk(Path file, int[] proposed) throws IOException {
        ArchiveReader.Limits limits = ArchiveReader.Limits.defaults();
        StringBuilder out = new StringBuilder();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FrameStore.Walk frames = FrameStore.walk(ch, file.toString(), limits, ch.size());
            FrameStore store = frames.store();
            List<String> entries = new ArrayList<>();
            Predicate<TarEntryReader.Parsed> wantsContent = e -> !e.header().path().endsWith("stat");
            FramePrefetch p = proposed == null ? null : FramePrefetch.withWorkers(store, limits, wantsContent, 2);
            try (p) {
                EntryWalk.End end = EntryWalk.walk(new FrameCursor(store, 0, 0), file.toString(), limits,
                        wantsContent, (e, content) -> {
                            entries.add("entry " + e + " " + (content == null ? "-" : content.length + ":"
                                    + Arrays.hashCode(content)));
                            return true;
                        }, p);
                out.append(String.join("\n", entries)).append("\nend ").append(end.kind()).append(" stop=")
                        .append(end.stop()).append(" damage=").append(end.damage());
            } catch (IOException | RuntimeException e) {
                out.append(String.join("\n", entries)).append("\nthrew ").append(e);
            }
            out.append("\ndamaged frames ").append(store.damagedFrames());
            if (p != null) {
                proposed[0] += p.proposed();
            }
        }
        return out.toString();
    }
}
