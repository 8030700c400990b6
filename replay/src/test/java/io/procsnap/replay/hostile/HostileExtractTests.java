package io.procsnap.replay.hostile;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.ExitCode;
import io.procsnap.replay.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code procsnap-replay extract} on hostile archives: nothing lands outside DIR, no special bits, no devices. */
class HostileExtractTests {
    @TempDir
    Path dir;

    @Test
    void hostileArchiveWritesNothingOutsideTheTargetAndNoSpecialBits() throws Exception {
        HostileArchives hostile = new HostileArchives(dir);
        Path archive = hostile.write(dir.resolve("hostile.tar.zst"));
        assertTrue(Files.size(archive) < 1 << 20, "the 128 MiB of zeros compress to " + Files.size(archive) + " bytes");
        Path target = dir.resolve("out");
        long t = System.nanoTime();
        CliRun run = CliRun.of("extract", archive.toString(), target.toString());
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertNotEquals(ExitCode.INTERNAL, run.exitCode(), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertTrue(ms < 60_000, "extract took " + ms + " ms");

        assertFalse(Files.exists(hostile.outsideAbsolute, LinkOption.NOFOLLOW_LINKS), hostile.outsideAbsolute + " written");
        assertFalse(Files.exists(hostile.outsideClimb, LinkOption.NOFOLLOW_LINKS), hostile.outsideClimb + " written");
        assertFalse(Files.exists(Path.of("/etc", "procsnap-evil-" + hostile.nonce), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(Path.of("/etc/stat"), LinkOption.NOFOLLOW_LINKS));

        Path real = target.toRealPath();
        List<String> problems = new ArrayList<>();
        long[] counts = new long[3];
        try (Stream<Path> s = Files.walk(target)) {
            for (Path p : s.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    counts[2]++;
                    continue;
                }
                if (a.isOther()) {
                    problems.add("special file " + p);
                }
                if (!p.toRealPath().startsWith(real)) {
                    problems.add("outside the target: " + p + " -> " + p.toRealPath());
                }
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if ((mode & 07000) != 0) {
                    problems.add(String.format("mode %o on %s", mode & 07777, real.relativize(p.toRealPath())));
                }
                counts[a.isDirectory() ? 1 : 0]++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(counts[0] > 3 && counts[1] > 3 && counts[2] >= 3, "files/dirs/links " + java.util.Arrays.toString(counts));
        // nothing was written through the links the archive made
        for (String link : List.of("proc/1/cwd", "proc/1/root", "proc/7")) {
            Path p = target.resolve(link);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                assertTrue(Files.isSymbolicLink(p), link + " should be the archived link");
            }
        }
        Path bomb = target.resolve(".procsnap/cmd/bomb/stdout");
        Path bombAlt = target.resolve("cmd/bomb/stdout");
        Path found = Files.exists(bomb) ? bomb : bombAlt;
        if (Files.exists(found)) {
            assertEquals(ArchiveWriter.MAX_ENTRY_SIZE, Files.size(found), "bomb content extracted at its bounded size");
        }
        try (Stream<Path> s = Files.walk(target)) {
            long bytes = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(HostileExtractTests::size).sum();
            assertTrue(bytes <= 2L * ArchiveWriter.MAX_ENTRY_SIZE + (1 << 20), "extracted " + bytes + " bytes");
        }
        System.out.println("hostile extract: exit " + run.exitCode() + ", " + ms + " ms, files/dirs/links "
                + java.util.Arrays.toString(counts) + "; " + run.out().lines().limit(3).toList() + run.err().lines().limit(3).toList());
    }

    @Test
    void archivesTheReaderRefusesWriteNothingAndExitFour() throws Exception {
        for (String name : List.of("traversal-dotdot-fail.tar.zst", "traversal-absolute-fail.tar.zst",
                "hardlink-fail.tar.zst", "oversized-entry-fail.tar.zst", "oversized-pax-fail.tar.zst")) {
            Path archive = DamagedArchives.corpus(name, dir);
            Path target = dir.resolve("out-" + name);
            CliRun run = CliRun.of("extract", archive.toString(), target.toString());
            assertEquals(ExitCode.ARCHIVE, run.exitCode(), name + ": " + run.err());
            assertTrue(run.err().startsWith("procsnap-replay extract: "), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
            assertFalse(Files.exists(Path.of("/etc/cron.d/x")), "traversal target written");
            if (Files.exists(target)) {
                try (Stream<Path> s = Files.walk(target)) {
                    assertTrue(s.noneMatch(p -> !p.normalize().startsWith(target.normalize())));
                }
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
