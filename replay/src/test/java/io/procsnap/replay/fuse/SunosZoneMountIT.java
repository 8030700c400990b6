package io.procsnap.replay.fuse;

import io.procsnap.replay.parse.sunos.SunosZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mount} of seed 003's SunOS capture: the raw tree is served, and the message says procps cannot read it. */
class SunosZoneMountIT {
    Path dir;
    Path archive;
    Process mount;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("procsnap-v15c-sunos-mount");
        archive = SunosZone.write(Files.createTempDirectory("procsnap-v15c-sunos").resolve("seed-003.tar.zst"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (mount != null && mount.isAlive()) {
            mount.destroy();
            if (!mount.waitFor(20, TimeUnit.SECONDS)) {
                mount.destroyForcibly();
                mount.waitFor(10, TimeUnit.SECONDS);
            }
        }
        Commands.unmount(dir);
        assertFalse(ProcFsMount.isMountPoint(dir), "mount left behind at " + dir);
        Files.deleteIfExists(dir);
        Files.deleteIfExists(archive);
        Files.deleteIfExists(archive.getParent());
    }

    @Test
    void servesTheBinaryFilesRawAndSaysProcpsCannotReadThem() throws Exception {
        Path log = Files.createTempFile("procsnap-v15c-sunos-mount", ".log");
        log.toFile().deleteOnExit();
        mount = new ProcessBuilder(Captures.java(), "--enable-native-access=ALL-UNNAMED", "-cp", Captures.classpath(),
                "io.procsnap.replay.Main", "mount", archive.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 300 && !(ProcFsMount.isMountPoint(dir) && Files.readString(log).contains("procps")); i++) {
            assertTrue(mount.isAlive(), () -> "mount exited: " + read(log));
            Thread.sleep(100);
        }
        assertTrue(ProcFsMount.isMountPoint(dir), "not mounted within 30 s: " + Files.readString(log));
        assertTrue(Files.readString(log).contains("Linux procps (ps, top) cannot read them"), Files.readString(log));
        assertEquals(440, Files.readAllBytes(dir.resolve("4302/psinfo")).length);
        assertEquals(152, Files.readAllBytes(dir.resolve("4302/lwp/1/lwpsinfo")).length);
        var ls = Commands.run(10, "ls", dir + "/4302/lwp");
        assertEquals("1\n2\n", ls.out(), ls.err());
        var hung = Commands.run(10, "cat", dir + "/4211/psinfo");
        assertTrue(hung.exit() != 0, "the read that timed out during capture fails: " + hung.out());
        mount.destroy();
        assertTrue(mount.waitFor(20, TimeUnit.SECONDS), "mount did not stop on SIGTERM");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
