package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveHash;
import io.procsnap.format.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code verify}: the file hash against NAME.sha256, the archive's structure and every frame's checksum. */
class VerifyCommandTests {
    @TempDir
    Path dir;

    /** A copy of a scenario archive with its NAME.sha256, as the capture leaves them. */
    private Path archiveWithSidecar() throws Exception {
        Path a = dir.resolve("msgq.tar.zst");
        Files.copy(Scenarios.archive("msgq-procsnap"), a);
        ArchiveHash.writeSidecar(a, ArchiveHash.of(a));
        return a;
    }

    private static void flipByteAt(Path file, long offset) throws Exception {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x20;
        Files.write(file, b);
    }

    private static void assertFails(CliRun run, String why) {
        assertEquals(ExitCode.ARCHIVE, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("procsnap-replay verify: ") && run.err().contains(why), run.err());
    }

    @Test
    void anIntactArchiveWithItsSha256IsOk() throws Exception {
        Path a = archiveWithSidecar();
        CliRun run = CliRun.of("verify", a.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().matches(java.util.regex.Pattern.quote(a.toString()) + ": ok: \\d+ frames, every checksum matches;"
                + " sha256 " + ArchiveHash.of(a) + " \\(matches msgq.tar.zst.sha256\\)\\n"), run.out());
        // info shows the same
        CliRun info = CliRun.of("info", a.toString());
        assertTrue(info.out().contains("sha256:    " + ArchiveHash.of(a) + "  (matches msgq.tar.zst.sha256)"), info.out());
    }

    @Test
    void withoutSha256TheFramesAreCheckedAndTheHashPrintedForComparison() throws Exception {
        Path a = dir.resolve("from-stdout.tar.zst");
        Files.copy(Scenarios.archive("msgq-procsnap"), a);
        CliRun run = CliRun.of("verify", a.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().endsWith("sha256 " + ArchiveHash.of(a) + " (no from-stdout.tar.zst.sha256 beside it)\n"),
                run.out());
    }

    @Test
    void aFlippedByteFailsTheFrameChecksumWithoutSha256AndTheFileHashWithIt() throws Exception {
        Path a = archiveWithSidecar();
        flipByteAt(a, Files.size(a) / 2);
        assertFails(CliRun.of("verify", a.toString()), "differs from msgq.tar.zst.sha256");
        Files.delete(ArchiveHash.sidecar(a));
        // the file is named once (the reader's message starts with its name too)
        assertFails(CliRun.of("verify", a.toString()), "procsnap-replay verify: " + a + ": frame ");
    }

    @Test
    void aTruncatedFileIsCutOff() throws Exception {
        Path a = dir.resolve("cut.tar.zst");
        Files.copy(Scenarios.archive("msgq-procsnap"), a);
        try (FileChannel ch = FileChannel.open(a, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        assertFails(CliRun.of("verify", a.toString()), "cut off (the capture was killed or its disk filled)");
    }

    @Test
    void aWrongOrMalformedSha256Fails() throws Exception {
        Path a = archiveWithSidecar();
        Files.writeString(ArchiveHash.sidecar(a), "0".repeat(64) + "  msgq.tar.zst\n");
        assertFails(CliRun.of("verify", a.toString()), "differs from msgq.tar.zst.sha256 (" + "0".repeat(64) + ")");
        Files.writeString(ArchiveHash.sidecar(a), "not a hash\n");
        assertFails(CliRun.of("verify", a.toString()), "not 'SHA256  NAME' (sha256sum format)");
        CliRun info = CliRun.of("info", a.toString());
        assertTrue(info.out().contains("(msgq.tar.zst.sha256 unreadable: "), info.out());
    }

    @Test
    void aMissingFileIsAnEnvironmentError() {
        CliRun run = CliRun.of("verify", dir.resolve("nothing.tar.zst").toString());
        assertEquals(ExitCode.ENVIRONMENT, run.exitCode(), run.err());
    }
}
