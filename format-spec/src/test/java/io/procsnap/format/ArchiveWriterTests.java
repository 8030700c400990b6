package io.procsnap.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.procsnap.format.TestArchives.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveWriterTests {
    @TempDir
    Path dir;

    @Test
    void invalidAndReservedPathsAreProgrammingErrors() throws IOException {
        try (ArchiveWriter w = ArchiveWriter.open(new ByteArrayOutputStream(), TestArchives.manifest())) {
            for (String bad : new String[] {"/proc/1/stat", "proc/../etc", "proc//1", "manifest.json", "index.tsv", ""}) {
                assertThrows(IllegalArgumentException.class, () -> w.add(EntryHeader.file(bad), null), bad);
            }
            assertThrows(IllegalArgumentException.class, () -> w.add(EntryHeader.symlink("proc/1/exe", null), null));
            assertEquals(0, w.entryCount());
        }
    }

    @Test
    void addAfterCloseIsRefused() throws IOException {
        ArchiveWriter w = ArchiveWriter.open(new ByteArrayOutputStream(), TestArchives.manifest());
        w.close();
        assertThrows(IllegalStateException.class, () -> w.add(EntryHeader.file("proc/1/stat"), null));
    }

    @Test
    void oversizedContentIsCutAndMarkedTruncatedNotThrown() throws IOException {
        byte[] huge = new byte[ArchiveWriter.MAX_ENTRY_SIZE + 10];
        huge[huge.length - 11] = 7;
        Path file = TestArchives.write(dir.resolve("h.tar.zst"), ArchiveWriter.Options.defaults(),
                w -> w.add(EntryHeader.file("proc/1/huge"), huge));
        try (ArchiveReader r = ArchiveReader.open(file)) {
            Entry e = r.find("proc/1/huge").orElseThrow();
            assertEquals(Status.TRUNCATED, e.status());
            assertTrue(e.header().detail().contains("cut at"));
            byte[] back = r.read(e);
            assertEquals(ArchiveWriter.MAX_ENTRY_SIZE, back.length);
            assertEquals(7, back[back.length - 1]);
        }
    }

    @Test
    void partialIndexFallsBackToAScan() throws IOException {
        Path file = TestArchives.write(dir.resolve("p.tar.zst"), ArchiveWriter.Options.defaults().withMaxIndexedEntries(10),
                w -> {
                    for (int i = 0; i < 50; i++) {
                        w.add(EntryHeader.file("proc/" + i + "/comm"), utf8("c" + i));
                    }
                });
        try (ArchiveReader r = ArchiveReader.open(file)) {
            assertEquals(50, r.summary().entryCount());
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(utf8("c" + i), r.read(r.find("proc/" + i + "/comm").orElseThrow()));
            }
        }
    }

    @Test
    void abandonLeavesACutOffArchive() throws IOException {
        Path file = dir.resolve("cut.tar.zst");
        try (OutputStream out = Files.newOutputStream(file)) {
            ArchiveWriter w = ArchiveWriter.open(out, TestArchives.manifest());
            w.add(EntryHeader.file("proc/1/stat"), utf8("1 (init) S"));
            w.abandon();
        }
        try (ArchiveReader r = ArchiveReader.open(file)) {
            assertEquals(ArchiveState.CUT_OFF, r.summary().state());
            assertArrayEquals(utf8("1 (init) S"), r.read(r.find("proc/1/stat").orElseThrow()));
        }
    }

    @Test
    void framesStayWithinTheFrameSizeAndEntriesStartFreshFramesWhenTheyDoNotFit() throws IOException {
        Path file = TestArchives.write(dir.resolve("f.tar.zst"), ArchiveWriter.Options.defaults().withFrameSize(8192), w -> {
            for (int i = 0; i < 30; i++) {
                w.add(EntryHeader.file("proc/" + i + "/status"), new byte[1000 + i * 10]);
            }
        });
        try (ArchiveReader r = ArchiveReader.open(file)) {
            for (Entry e : r.entries()) {
                long entryBytes = 1536 + (e.size() + 511) / 512 * 512;
                assertTrue(e.offset() + entryBytes <= 8192, e.path() + " at " + e.offset());
            }
            assertTrue(r.verify().ok());
        }
    }
}
