package io.procsnap.capture.engine;

import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exception texts below are the ones the JDK produces for these errno values on Linux. */
class IoFailureTests {
    @Test
    void fileInputStreamOpenFailures() {
        assertEquals(new IoFailure(Status.DENIED, "EACCES"),
                IoFailure.classify(new FileNotFoundException("/proc/1/stack (Permission denied)")));
        assertEquals(new IoFailure(Status.DENIED, "EPERM"),
                IoFailure.classify(new FileNotFoundException("/proc/1/syscall (Operation not permitted)")));
        assertEquals(new IoFailure(Status.VANISHED, "ENOENT"),
                IoFailure.classify(new FileNotFoundException("/proc/4242/stat (No such file or directory)")));
    }

    @Test
    void readFailures() {
        assertEquals(new IoFailure(Status.VANISHED, "ESRCH"), IoFailure.classify(new IOException("No such process")));
        assertEquals(new IoFailure(Status.ERROR, "EIO"), IoFailure.classify(new IOException("Input/output error")));
        assertEquals(new IoFailure(Status.ERROR, "error: Something new"), IoFailure.classify(new IOException("Something new")));
    }

    @Test
    void nioExceptions() {
        assertEquals(Status.VANISHED, IoFailure.classify(new NoSuchFileException("/proc/1/fd/7")).status());
        assertEquals(new IoFailure(Status.DENIED, "EACCES"), IoFailure.classify(new AccessDeniedException("/proc/1/fd")));
        assertEquals(new IoFailure(Status.DENIED, "EPERM"),
                IoFailure.classify(new FileSystemException("/proc/1/exe", null, "Operation not permitted")));
        assertEquals(new IoFailure(Status.ERROR, "ESTALE"),
                IoFailure.classify(new FileSystemException("/mnt/nfs", null, "Stale file handle")));
        assertEquals(new IoFailure(Status.ERROR, "ELOOP"), IoFailure.classify(new FileSystemException("/x", null,
                "Too many levels of symbolic links or unable to access attributes of symbolic link")));
    }

    @Test
    void diskFullIsRecognisedThroughCauses() {
        assertTrue(IoFailure.isNoSpace(new IOException("wrap", new IOException("No space left on device"))));
        assertFalse(IoFailure.isNoSpace(new IOException("Broken pipe")));
    }

    @Test
    void errnoNumbersAreNamed() {
        assertEquals(new IoFailure(Status.VANISHED, "ENOENT"), IoFailure.classify(2));
        assertEquals("ENOENT", IoFailure.nameOf(2));
        assertEquals("EACCES", IoFailure.nameOf(13));
        assertEquals("ENAMETOOLONG", IoFailure.nameOf(36));
        assertEquals("error: errno 200", IoFailure.nameOf(200));
        assertEquals(Status.DENIED, IoFailure.classify(1).status());
        assertEquals(Status.VANISHED, IoFailure.classify(3).status());
    }
}
