package io.procsnap.capture.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemExecutorTests {

    @Test
    void readlinkFailingWhileTheProcessDirectoryExistsIsNotAVanishedProcess(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("123/fd"));
        Files.createDirectories(root.resolve("123/task/124"));
        assertTrue(ItemExecutor.ownerStillExists(root.resolve("123/exe").toString()));
        assertFalse(ItemExecutor.ownerStillExists(root.resolve("123/fd/5").toString()), "a closed fd did vanish");
        assertTrue(ItemExecutor.ownerStillExists(root.resolve("123/task/124/cwd").toString()));
        assertFalse(ItemExecutor.ownerStillExists(root.resolve("999/exe").toString()));
        assertFalse(ItemExecutor.ownerStillExists(root.resolve("999/fd/3").toString()));
    }

    @Test
    void kernelThreadExeOnTheRealProcfsFailsWithEnoentWhileThreadIsAlive() throws IOException {
        // pid 2 is kthreadd in the initial pid namespace: its exe link cannot be read, yet it is there.
        Path comm = Paths.get("/proc/2/comm");
        Assumptions.assumeTrue(Files.exists(comm) && Files.readString(comm).strip().equals("kthreadd"),
                "needs the initial pid namespace (pid 2 = kthreadd)");
        assertThrows(NoSuchFileException.class, () -> Files.readSymbolicLink(Paths.get("/proc/2/exe")));
        assertTrue(ItemExecutor.ownerStillExists("/proc/2/exe"));
    }
}
