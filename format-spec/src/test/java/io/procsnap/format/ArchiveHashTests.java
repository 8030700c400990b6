package io.procsnap.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NAME.sha256 as sha256sum writes and reads it. */
class ArchiveHashTests {
    /** printf archive | sha256sum */
    private static final String ARCHIVE = "0eb3e36bfb24dcd9bb1d1bece1531216b59539a8fde17ee80224af0653c92aa3";

    @TempDir
    Path dir;

    @Test
    void theSidecarIsOneSha256sumLineNamingTheFileWithoutItsDirectory() throws Exception {
        Path a = dir.resolve("a.tar.zst");
        Files.writeString(a, "archive");
        assertEquals(ARCHIVE, ArchiveHash.of(a));
        Path side = ArchiveHash.writeSidecar(a, ArchiveHash.of(a));
        assertEquals(dir.resolve("a.tar.zst.sha256"), side);
        assertEquals(ARCHIVE + "  a.tar.zst\n", Files.readString(side));
        assertEquals(new ArchiveHash.Recorded(side, ARCHIVE), ArchiveHash.readSidecar(a));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
    }

    @Test
    void noSidecarIsNull() throws Exception {
        assertNull(ArchiveHash.readSidecar(dir.resolve("a.tar.zst")));
    }

    @Test
    void binaryModeUpperCaseAndOtherFilesLinesAreRead() throws Exception {
        Path a = dir.resolve("a.tar.zst");
        Files.writeString(ArchiveHash.sidecar(a), "0".repeat(64) + "  b.tar.zst\n"
                + ARCHIVE.toUpperCase() + " *dir/a.tar.zst\n");
        assertEquals(ARCHIVE, ArchiveHash.readSidecar(a).sha256());
    }

    @Test
    void aSidecarThatIsNotSha256sumFormatOrNamesAnotherFileIsCorrupt() throws Exception {
        Path a = dir.resolve("a.tar.zst");
        Files.writeString(ArchiveHash.sidecar(a), "deadbeef  a.tar.zst\n");
        ArchiveException e = assertThrows(ArchiveException.class, () -> ArchiveHash.readSidecar(a));
        assertEquals(ArchiveException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().endsWith("a.tar.zst.sha256 line 1: not 'SHA256  NAME' (sha256sum format): deadbeef  a.tar.zst"),
                e.getMessage());
        Files.writeString(ArchiveHash.sidecar(a), ARCHIVE + "  b.tar.zst\n");
        e = assertThrows(ArchiveException.class, () -> ArchiveHash.readSidecar(a));
        assertTrue(e.getMessage().endsWith("a.tar.zst.sha256 names no hash for a.tar.zst"), e.getMessage());
    }
}
