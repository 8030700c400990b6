package io.procsnap.replay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.ExitCode;
import io.procsnap.format.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract onto a full filesystem (a 256 KiB tmpfs): a clear error and exit 5. Needs root (mount -t tmpfs). */
class ExtractCommandIT {
    @TempDir
    Path tmp;

    @Test
    void fullDiskIsAClearErrorWithExitFive() throws Exception {
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) 'x');
        Path archive = TestArchives.write(tmp.resolve("big.tar.zst"), ArchiveWriter.Options.defaults(), w -> {
            for (int i = 0; i < 16; i++) {
                w.add(EntryHeader.file("proc/" + (100 + i) + "/maps"), block);
            }
        });
        Path small = Files.createDirectory(tmp.resolve("small"));
        assertEquals(0, sh("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()), "mount tmpfs");
        try {
            ExtractCommandTests.Run r = ExtractCommandTests.run("extract", archive.toString(), small.resolve("out").toString());
            assertEquals(ExitCode.ENVIRONMENT, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("No space left on device"), r.err());
            assertTrue(r.err().matches("(?s)procsnap-replay extract: cannot write .*/proc/1\\d\\d/maps: No space left on device "
                    + "\\(\\d+ of 16 entries written\\)\n"), r.err());
        } finally {
            assertEquals(0, sh("umount", small.toString()), "umount tmpfs");
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(small.toString()));
    }

    static int sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return p.exitValue();
    }
}
