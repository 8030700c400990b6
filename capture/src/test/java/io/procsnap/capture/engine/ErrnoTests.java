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
class ErrnoTests {
    @Test
    void fileInputStreamOpenFailures() {
        assertEquals(new Errno.Failure(Status.DENIED, "EACCES"),
                Errno.classify(new FileNotFoundException("/proc/1/stack (Permission denied)")));
        assertEquals(new Errno.Failure(Status.DENIED, "EPERM"),
                Errno.classify(new FileNotFoundException("/proc/1/syscall (Operation not permitted)")));
        assertEquals(new Errno.Failure(Status.VANISHED, "ENOENT"),
                Errno.classify(new FileNotFoundException("/proc/4242/stat (No such file or directory)")));
    }

    @Test
    void readFailures() {
        assertEquals(new Errno.Failure(Status.VANISHED, "ESRCH"), Errno.classify(new IOException("No such process")));
        assertEquals(new Errno.Failure(Status.ERROR, "EIO"), Errno.classify(new IOException("Input/output error")));
        assertEquals(new Errno.Failure(Status.ERROR, "error: Something new"), Errno.classify(new IOException("Something new")));
    }

    @Test
    void nioExceptions() {
        assertEquals(Status.VANISHED, Errno.classify(new NoSuchFileException("/proc/1/fd/7")).status());
        assertEquals(new Errno.Failure(Status.DENIED, "EACCES"), Errno.classify(new AccessDeniedException("/proc/1/fd")));
        assertEquals(new Errno.Failure(Status.DENIED, "EPERM"),
                Errno.classify(new FileSystemException("/proc/1/exe", null, "Operation not permitted")));
        assertEquals(new Errno.Failure(Status.ERROR, "ESTALE"),
                Errno.classify(new FileSystemException("/mnt/nfs", null, "Stale file handle")));
        assertEquals(new Errno.Failure(Status.ERROR, "ELOOP"), Errno.classify(new FileSystemException("/x", null,
                "Too many levels of symbolic links or unable to access attributes of symbolic link")));
    }

    @Test
    void diskFullIsRecognisedThroughCauses() {
        assertTrue(Errno.isNoSpace(new IOException("wrap", new IOException("No space left on device"))));
        assertFalse(Errno.isNoSpace(new IOException("Broken pipe")));
    }

    @Test
    void errnoNumbersAreNamed() {
        assertEquals(new Errno.Failure(Status.VANISHED, "ENOENT"), Errno.classify(2));
        assertEquals("ENOENT", Errno.nameOf(2));
        assertEquals("EACCES", Errno.nameOf(13));
        assertEquals("ENAMETOOLONG", Errno.nameOf(36));
        assertEquals("error: errno 200", Errno.nameOf(200));
        assertEquals(Status.DENIED, Errno.statusOf(Errno.nameOf(1)));
        assertEquals(Status.VANISHED, Errno.statusOf(Errno.nameOf(3)));
    }
}
