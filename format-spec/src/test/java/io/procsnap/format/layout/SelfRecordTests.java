package io.procsnap.format.layout;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfRecordTests {
    @Test
    void roundTripsWithPathsThatHoldSpaces() {
        SelfRecord r = new SelfRecord(4242, List.of(new SelfRecord.Reader(4250, false, "proc/306/stat"),
                new SelfRecord.Reader(-1, true, "proc/306/fd/odd name")), List.of(new SelfRecord.Child(4301, "stat")));
        assertEquals(r, SelfRecord.parse(r.toBytes()));
        assertEquals("pid: 4242\nabandoned: 4250 main proc/306/stat\nabandoned: -1 lane proc/306/fd/odd name\n"
                + "child: 4301 stat\n", new String(r.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void unknownKeysAreIgnoredAndAMissingPidIsRefused() {
        assertEquals(new SelfRecord(7, List.of(), List.of()), SelfRecord.parse("pid: 7\nthreads: 12\n".getBytes()));
        RecordFormatException e = assertThrows(RecordFormatException.class, () -> SelfRecord.parse("child: 3 df\n".getBytes()));
        assertTrue(e.getMessage().contains("no pid"), e.getMessage());
        e = assertThrows(RecordFormatException.class, () -> SelfRecord.parse("pid: x\n".getBytes()));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
}
