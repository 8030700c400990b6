package io.procsnap.capture.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.TestArchives;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArchiveSinkTests {

    @Test
    void entriesReachTheOutputWithinAboutASecondEvenWhenTheFrameIsNotFull() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveWriter writer = ArchiveWriter.open(out, TestArchives.manifest());
        ArchiveSink sink = new ArchiveSink(writer, out);
        byte[] stat = "306 (app) S 1 306 306 0 -1".getBytes(StandardCharsets.US_ASCII);

        sink.add(EntryHeader.file("proc/306/stat"), stat, 0, stat.length);
        long afterFirst = out.size();
        sink.add(EntryHeader.file("proc/307/stat"), stat, 0, stat.length);
        assertEquals(afterFirst, out.size(), "a second entry within the interval stays in the frame buffer");

        Thread.sleep(ArchiveSink.FLUSH_INTERVAL_NANOS / 1_000_000 + 100);
        sink.add(EntryHeader.file("proc/308/stat"), stat, 0, stat.length);
        assertTrue(out.size() > afterFirst, "after the interval the buffered frame is written out");
    }
}
