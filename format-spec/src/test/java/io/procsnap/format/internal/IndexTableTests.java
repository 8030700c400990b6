package io.procsnap.format.internal;

import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexTableTests {

    private static IndexTable build(IndexBuilder b) throws IOException, FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IndexBuilder.Sorted sorted = b.sort();
        sorted.writeTo(out::write);
        assertEquals(sorted.length(), out.size());
        return IndexTable.parse(out.toByteArray());
    }

    @Test
    void binarySearchFindsEveryPathAndNothingElse() throws IOException, FormatException {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            paths.add("proc/" + i + "/task/" + i + "/wchan");
        }
        paths.add("cmd/dmesg/stdout");
        paths.add("weird\tname\\with\nescapes");
        paths.add("proc/ü/utf8");
        Collections.shuffle(paths, new Random(1));
        IndexBuilder b = new IndexBuilder(10_000);
        for (int i = 0; i < paths.size(); i++) {
            b.add(paths.get(i), i % 7 == 0 ? Status.TIMEOUT : Status.OK, i / 100, i);
        }
        IndexTable t = build(b);
        for (int i = 0; i < paths.size(); i++) {
            IndexTable.Row row = t.find(paths.get(i));
            assertEquals(new IndexTable.Row(i / 100, -1, i % 7 == 0 ? Status.TIMEOUT : Status.OK), row,
                    paths.get(i));
        }
        assertNull(t.find("proc/1/task/1/wcha"));
        assertNull(t.find("proc/1/task/1/wchan2"));
        assertNull(t.find("a"));
        assertNull(t.find("zzz"));
        assertFalse(t.partial());
        assertEquals(paths.size(), t.number("entries", -1));
        assertEquals(paths.size() - 1, t.number("duration_ns", -1));
    }

    @Test
    void duplicatesKeepTheFirstRow() throws IOException, FormatException {
        IndexBuilder b = new IndexBuilder(10);
        b.add("proc/1/comm", Status.OK, 0, 0);
        b.add("proc/0/comm", Status.OK, 1, 0);
        b.add("proc/1/comm", Status.ERROR, 3, 0);
        IndexTable t = build(b);
        assertEquals(new IndexTable.Row(0, -1, Status.OK), t.find("proc/1/comm"));
        assertEquals(2, t.number("indexed", -1));
    }

    @Test
    void beyondTheRowLimitTheIndexIsPartialButCountsStayExact() throws IOException, FormatException {
        IndexBuilder b = new IndexBuilder(2);
        for (int i = 0; i < 5; i++) {
            b.add("p" + i, i == 4 ? Status.DENIED : Status.OK, 0, 0);
        }
        IndexTable t = build(b);
        assertTrue(t.partial());
        assertEquals(5, t.number("entries", -1));
        assertEquals(2, t.number("indexed", -1));
        assertEquals(4L, t.counts().get(Status.OK));
        assertEquals(1L, t.counts().get(Status.DENIED));
        assertNull(t.find("p3"));
    }

    @Test
    void version2RowsHoldPathFrameAndStatus() throws IOException, FormatException {
        IndexBuilder b = new IndexBuilder(10);
        b.add("proc/1/comm", Status.TIMEOUT, 7, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.sort().writeTo(out::write);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("#procsnap-index\tversion=2\t"), text);
        assertTrue(text.endsWith("\nproc/1/comm\t7\ttimeout\n"), text);
    }

    @Test
    void aVersion1IndexOfFormat10StillReadsWithItsOffsets() throws FormatException {
        byte[] v1 = ("#procsnap-index\tversion=1\tentries=2\tindexed=2\tpartial=0\n"
                + "proc/306/stat\t1\t1536\tok\nproc/306/wchan\t1\t3584\ttimeout\textra column\n")
                .getBytes(StandardCharsets.UTF_8);
        IndexTable t = IndexTable.parse(v1);
        assertEquals(new IndexTable.Row(1, 1536, Status.OK), t.find("proc/306/stat"));
        assertEquals(new IndexTable.Row(1, 3584, Status.TIMEOUT), t.find("proc/306/wchan"));
    }

    /**
     * forEachRow reads version 1 rows in place (issue 16: the 10,033-thread capture's 169,349 rows made 91 MB
     * of strings when each was split): every row gives what {@code find} parses, and the rows the in-place
     * reading does not take (a signed offset, a status label this reader does not know, a bad offset) go
     * the parsing way, accepted or refused as before.
     */
    @Test
    void version1RowsReadInPlaceGiveWhatParsingGives() throws IOException, FormatException {
        String rows = "proc/1/a\t1\t1536\tok\n"
                + "proc/1/b\t22\t0\ttimeout\textra column\n"
                + "proc/1/c\t3\t+7\tdenied\n"
                + "proc/1/d\t4\t99\terror\n"
                + "proc/1/e\t123456789012345678\t5\tvanished\n";
        IndexTable t = IndexTable.parse(("#procsnap-index\tversion=1\tentries=5\tindexed=5\tpartial=0\n" + rows)
                .getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        t.forEachRow((path, frame, status) -> seen.add(path + " " + frame + " " + status));
        for (String row : seen) {
            String path = row.substring(0, row.indexOf(' '));
            IndexTable.Row parsed = t.find(path);
            assertEquals(path + " " + parsed.frame() + " " + parsed.status(), row);
        }
        assertEquals(List.of("proc/1/a 1 OK", "proc/1/b 22 TIMEOUT", "proc/1/c 3 DENIED", "proc/1/d 4 ERROR",
                "proc/1/e 123456789012345678 VANISHED"), seen);
        IndexTable bad = IndexTable.parse(("#procsnap-index\tversion=1\tentries=1\tindexed=1\tpartial=0\n"
                + "proc/1/a\t1\tx9\tok\n").getBytes(StandardCharsets.UTF_8));
        FormatException e = org.junit.jupiter.api.Assertions.assertThrows(FormatException.class,
                () -> bad.forEachRow((path, frame, status) -> { }));
        assertTrue(e.getMessage().contains("bad frame or offset"), e.getMessage());
    }

    @Test
    void anIndexVersionThisReaderDoesNotKnowIsRefused() {
        byte[] v3 = "#procsnap-index\tversion=3\tentries=0\n".getBytes(StandardCharsets.UTF_8);
        FormatException e = org.junit.jupiter.api.Assertions.assertThrows(FormatException.class, () -> IndexTable.parse(v3));
        assertEquals(io.procsnap.format.ArchiveException.Kind.UNSUPPORTED_VERSION, e.kind());
        assertTrue(e.getMessage().contains("index version 3 found; this reader supports versions 1 and 2"), e.getMessage());
    }

    @Test
    void headerLineIsChecked() {
        byte[] bad = "#something-else\tversion=1\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(FormatException.class, () -> IndexTable.parse(bad))
                .getMessage().contains("expected '#procsnap-index'"));
    }
}
