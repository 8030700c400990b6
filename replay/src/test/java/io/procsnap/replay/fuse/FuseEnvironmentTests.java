package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.replay.parse.MountParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the FUSE probe says when something is missing. */
class FuseEnvironmentTests {
    @TempDir
    Path tmp;

    @Test
    void missingDeviceLibraryAndFusermountAreEachNamed() {
        FuseEnvironment env = FuseEnvironment.probe(tmp.resolve("fuse"), tmp.resolve("nolib.so").toString(), false,
                tmp.toString());
        assertFalse(env.usable());
        assertEquals(3, env.problems().size(), env.problems().toString());
        assertTrue(env.explain().startsWith("FUSE is not available: " + tmp.resolve("fuse") + " does not exist"));
        assertTrue(env.explain().contains("libfuse3 (libfuse3.so.3) was not found"));
        assertTrue(env.explain().contains("fusermount3 is not on PATH"));
        assertTrue(env.explain().endsWith("write the capture to a directory instead: procsnap-replay extract ARCHIVE DIR"));
    }

    @Test
    void rootNeedsNoFusermountAndAnOverrideLibraryIsUsed() throws Exception {
        Path dev = Files.createFile(tmp.resolve("fuse"));
        Path lib = Files.createFile(tmp.resolve("libfuse3.so.3"));
        FuseEnvironment env = FuseEnvironment.probe(dev, lib.toString(), true, "");
        assertTrue(env.usable(), env.problems().toString());
        assertEquals(lib, env.libfuse());
    }

    @Test
    void mountInfoEscapesAreDecoded() {
        // isMountPoint reads /proc/self/mountinfo with MountParser, which decodes the mount point's escapes
        assertEquals("/tmp/a b\tc", MountParser.mountinfo("36 35 98:0 / /tmp/a\\040b\\011c rw - ext4 /dev/x rw\n")
                .get(0).mountPoint());
        assertEquals("/plain", MountParser.mountinfo("36 35 98:0 / /plain rw - ext4 /dev/x rw\n").get(0).mountPoint());
    }
}
