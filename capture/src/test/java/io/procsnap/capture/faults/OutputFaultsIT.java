package io.procsnap.capture.faults;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Output faults with the real program: a 2 MiB tmpfs that fills during the capture (extends
 * capture's DiskFullIT: the other file on that file system is untouched and nothing else is left
 * there), and {@code -o -} into a pipe whose reader goes away (EPIPE): the capture ends promptly.
 */
class OutputFaultsIT {
    @TempDir
    Path dir;

    private static String sha(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @Test
    void fullTmpfsStopsWithAMessageLeavesASalvageableArchiveAndTouchesNothingElse() throws Exception {
        assumeTrue(CaptureProcess.isRoot(), "NOT RUN: needs root to mount a tmpfs");
        Path mnt = Files.createDirectories(dir.resolve("small"));
        CaptureProcess.Run m = CaptureProcess.run(List.of("mount", "-t", "tmpfs", "-o", "size=2m", "procsnap-faults", mnt.toString()), dir, 30);
        assumeTrue(m.exit() == 0, "NOT RUN: cannot mount tmpfs: " + m.err());
        try {
            // someone else's file fills the disk but for 40 KiB; the capture needs more
            Path other = mnt.resolve("someone-elses.log");
            byte[] filler = new byte[2 * 1024 * 1024 - 40 * 1024];
            new java.util.Random(1).nextBytes(filler);
            Files.write(other, filler);
            String before = sha(other);
            Path archive = mnt.resolve("x.tar.zst");
            CaptureProcess.Run r = CaptureProcess.run(CaptureProcess.command(List.of(), "-o", archive.toString(),
                    "--min-free", "0", "--deadline", "60s"), dir, 120);
            assertEquals(ExitCode.ENVIRONMENT, r.exit(), r.err());
            assertTrue(r.err().contains("no space left on device"), r.err());
            assertTrue(r.err().contains("-o -"), "advice to stream elsewhere: " + r.err());
            assertTrue(r.millis() < 60_000, "ended in " + r.millis() + " ms");
            assertEquals(before, sha(other), "the other file on the full file system changed");
            List<Path> left;
            try (Stream<Path> s = Files.list(mnt)) {
                left = s.filter(p -> !p.equals(other)).toList();
            }
            assertEquals(1, left.size(), "exactly one partial archive is left: " + left);
            Path partial = left.get(0);
            assertTrue(r.err().contains(partial.toString()), "message names " + partial + ": " + r.err());
            try (ArchiveReader reader = ArchiveReader.open(partial)) {
                assertNotEquals(ArchiveState.COMPLETE, reader.summary().state());
                assertTrue(reader.summary().entryCount() > 0, reader.summary().toString());
                String figure = "disk full (tmpfs 2 MiB, 40 KiB free): exit " + r.exit() + " after " + r.millis() + " ms, "
                        + Files.size(partial) + " bytes kept, " + reader.summary().entryCount() + " entries salvaged ("
                        + reader.summary().state() + "); message: " + r.err().lines().filter(l -> l.contains("space")).findFirst().orElse("");
                System.out.println(figure);
                Files.writeString(Path.of("target", "faults-disk-full.txt"), figure + "\n");
            }
        } finally {
            CaptureProcess.run(List.of("umount", mnt.toString()), dir, 30);
        }
    }

    @Test
    void streamToAPipeWhoseReaderGoesAwayEndsPromptly() throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(CaptureProcess.command(List.of(), "-o", "-", "--deadline", "60s"))
                .redirectError(err.toFile()).redirectInput(new File("/dev/null")).start();
        InputStream in = p.getInputStream();
        byte[] first = in.readNBytes(512);
        assertEquals(512, first.length, "the archive starts streaming");
        long t = System.nanoTime();
        in.close(); // the reader goes away: the next write gets EPIPE
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t) / 1_000_000;
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String text = Files.readString(err);
        String figure = "EPIPE on -o -: ended " + ms + " ms after the reader closed, exit " + (ended ? p.exitValue() : -1)
                + "; " + text.lines().filter(l -> l.startsWith("procsnap")).findFirst().orElse(text.strip());
        System.out.println(figure);
        Files.writeString(Path.of("target", "faults-epipe.txt"), figure + "\n");
        assertTrue(ended, "capture still running 30 s after its reader went away");
        assertEquals(ExitCode.ENVIRONMENT, p.exitValue(), text);
        assertTrue(text.contains("procsnap: "), text);
        assertTrue(!text.contains("\tat "), "no stack trace: " + text);
    }
}
