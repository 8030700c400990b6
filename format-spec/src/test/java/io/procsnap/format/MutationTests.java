package io.procsnap.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random damage to real archives (fixed seeds): whatever the bytes, the reader either works or
 * throws an {@link ArchiveException} (wrapped in {@link UncheckedIOException} from the methods
 * without checked exceptions), never another exception, and never runs out of memory.
 */
class MutationTests {
    @TempDir
    Path dir;

    @Test
    void flippedBytesNeverEscapeAsOtherExceptions() throws IOException {
        for (String name : new String[] {"ok-multiframe.tar.zst", "ok-small.tar.zst", "ok-gzip-fallback.tar.zst"}) {
            byte[] original = Files.readAllBytes(CorpusTests.corpus(name));
            Random random = new Random(name.hashCode());
            int outcomes = 0;
            for (int round = 0; round < 200; round++) {
                byte[] b = original.clone();
                int flips = 1 + random.nextInt(4);
                boolean tail = random.nextBoolean();
                for (int i = 0; i < flips; i++) {
                    int at = tail ? b.length - 1 - random.nextInt(Math.min(b.length, 200)) : random.nextInt(b.length);
                    b[at] = (byte) random.nextInt(256);
                }
                Path file = Files.write(dir.resolve("m.bin"), b);
                outcomes += exercise(file, name + " round " + round);
            }
            assertTrue(outcomes > 0, "some mutated archives still open");
        }
    }

    @Test
    void truncationsAndGarbageTailsNeverEscape() throws IOException {
        byte[] original = Files.readAllBytes(CorpusTests.corpus("ok-multiframe.tar.zst"));
        Random random = new Random(7);
        for (int round = 0; round < 100; round++) {
            int cut = random.nextInt(original.length);
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            byte[] b = new byte[cut + garbage.length];
            System.arraycopy(original, 0, b, 0, cut);
            System.arraycopy(garbage, 0, b, cut, garbage.length);
            exercise(Files.write(dir.resolve("t.bin"), b), "cut " + cut + " + " + garbage.length);
        }
    }

    /** Opens and uses an archive; returns 1 when it opened, 0 when it was refused as expected. */
    private static int exercise(Path file, String what) {
        try (ArchiveReader r = ArchiveReader.open(file)) {
            r.summary();
            r.verify();
            for (Entry e : r.entries()) {
                try {
                    r.read(e);
                    r.find(e.path());
                } catch (ArchiveException expected) {
                    // damage met while reading one entry
                }
            }
            r.scan((e, c) -> { });
            return 1;
        } catch (ArchiveException expected) {
            return 0;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ArchiveException) {
                return 0;
            }
            fail(what + ": " + e, e);
        } catch (IOException | RuntimeException | Error e) {
            fail(what + ": " + e, e);
        }
        return 0;
    }
}
