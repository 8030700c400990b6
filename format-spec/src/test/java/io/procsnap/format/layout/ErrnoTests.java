package io.procsnap.format.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.procsnap.format.Status;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrnoTests {

    @Test
    void numbersNamesAndTextsAreUnique() {
        Set<Integer> numbers = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (Errno e : Errno.values()) {
            assertEquals(true, numbers.add(e.number()), "number twice: " + e);
            assertEquals(true, texts.add(e.text()), "text twice: " + e);
            assertEquals(e, Errno.ofNumber(e.number()));
            assertEquals(e, Errno.ofName(e.name()));
            assertEquals(e, Errno.ofText(e.text()));
        }
    }

    @Test
    void theArchiveStatusOfAFailedRead() {
        assertEquals(Status.DENIED, Errno.EACCES.status());
        assertEquals(Status.DENIED, Errno.statusOf("EPERM"));
        assertEquals(Status.VANISHED, Errno.statusOf("ENOENT"));
        assertEquals(Status.VANISHED, Errno.statusOf("ESRCH"));
        assertEquals(Status.ERROR, Errno.statusOf("EIO"));
        assertEquals(Status.ERROR, Errno.statusOf("error: Weird failure"));
        assertEquals(Status.ERROR, Errno.statusOf(null));
    }

    @Test
    void linuxGenericNumbers() {
        assertEquals(13, Errno.EACCES.number());
        assertEquals(61, Errno.ENODATA.number());
        assertEquals(107, Errno.ENOTCONN.number());
        assertEquals(Errno.ESTALE, Errno.ofNumber(116));
        assertEquals(Errno.EIO, Errno.ofName(" EIO "));
        assertNull(Errno.ofNumber(0));
        assertNull(Errno.ofNumber(10));
        assertNull(Errno.ofNumber(4096));
        assertNull(Errno.ofName("EWHATEVER"));
        assertEquals("Transport endpoint is not connected", Errno.ENOTCONN.text());
    }
}
