package io.procsnap.replay.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ArchivePathsTests {

    @Test
    void processAndThreadPaths() {
        assertEquals(new ArchivePaths.TaskPath(0, 306, -1, null), ArchivePaths.task("proc/306"));
        assertEquals(new ArchivePaths.TaskPath(0, 306, -1, "stat"), ArchivePaths.task("proc/306/stat"));
        assertEquals(new ArchivePaths.TaskPath(0, 306, -1, "fd/3"), ArchivePaths.task("proc/306/fd/3"));
        assertEquals(new ArchivePaths.TaskPath(0, 306, -1, "task"), ArchivePaths.task("proc/306/task"));
        assertEquals(new ArchivePaths.TaskPath(0, 306, 311, null), ArchivePaths.task("proc/306/task/311"));
        assertEquals(new ArchivePaths.TaskPath(0, 306, 311, "wchan"), ArchivePaths.task("proc/306/task/311/wchan"));
        assertEquals(new ArchivePaths.TaskPath(2, 306, 311, "stack"),
                ArchivePaths.task("samples/2/proc/306/task/311/stack"));
    }

    @Test
    void otherPaths() {
        assertNull(ArchivePaths.task("proc/self/mountinfo"));
        assertNull(ArchivePaths.task("proc/sysvipc/msg"));
        assertNull(ArchivePaths.task("proc"));
        assertNull(ArchivePaths.task("cmd/dmesg/stdout"));
        assertNull(ArchivePaths.task("statfs/3"));
        assertNull(ArchivePaths.task("samples/x/proc/1/stat"));
        assertNull(ArchivePaths.task("proc/12345678901/stat"));
        assertEquals(new ArchivePaths.TaskPath(0, 7, -1, "task/self"), ArchivePaths.task("proc/7/task/self"));
    }
}
