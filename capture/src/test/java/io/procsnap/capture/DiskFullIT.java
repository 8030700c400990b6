package io.procsnap.capture;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real full file system (a 96 KiB tmpfs) mid-capture: exit 5, clear message, salvageable .partial. */
class DiskFullIT {
    @TempDir
    Path dir;

    @Test
    void diskFullMidwayLeavesASalvageablePartialArchive() throws Exception {
        assumeTrue(Jar.isRoot(), "NOT RUN: needs root to mount a small tmpfs");
        Path mnt = Files.createDirectories(dir.resolve("small"));
        Jar.Run mount = Jar.run(List.of("mount", "-t", "tmpfs", "-o", "size=96k", "procsnap-it", mnt.toString()), dir, 30);
        assumeTrue(mount.exit() == 0, "NOT RUN: cannot mount tmpfs: " + mount.err());
        try {
            Path archive = mnt.resolve("x.tar.zst");
            Jar.Run r = Jar.run(List.of("java", "-jar", Jar.jar().toString(), "-o", archive.toString(), "--min-free", "0",
                    "--deadline", "60s"), dir, 120);
            assertEquals(ExitCode.ENVIRONMENT, r.exit(), r.err());
            assertTrue(r.err().contains("no space left on device"), r.err());
            Path partial = mnt.resolve("x.tar.zst.partial");
            assertTrue(r.err().contains(partial.toString()), r.err());
            assertTrue(Files.exists(partial));
            try (ArchiveReader reader = ArchiveReader.open(partial)) {
                assertNotEquals(ArchiveState.COMPLETE, reader.summary().state());
                assertTrue(reader.summary().entryCount() > 0, reader.summary().toString());
                assertEquals("procsnap", reader.manifest().tool());
            }
        } finally {
            Jar.run(List.of("umount", mnt.toString()), dir, 30);
        }
    }
}
