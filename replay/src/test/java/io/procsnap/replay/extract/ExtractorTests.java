package io.procsnap.replay.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import io.procsnap.replay.archive.ArchiveSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract never writes outside DIR, never follows a symlink, and keeps only safe bits. */
class ExtractorTests {
    @TempDir
    Path tmp;

    /** Entries in the given order, content by entry. */
    static final class Source implements ArchiveSource {
        final List<Entry> entries = new ArrayList<>();
        final Map<Entry, byte[]> content = new HashMap<>();

        Source add(EntryHeader h, String text) {
            byte[] b = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
            Entry e = new Entry(h, b.length, 0, entries.size());
            entries.add(e);
            content.put(e, b);
            return this;
        }

        @Override
        public List<Entry> entries() {
            return entries;
        }

        @Override
        public byte[] read(Entry entry) {
            return content.get(entry);
        }

        @Override
        public Manifest manifest() {
            return null;
        }

        @Override
        public ArchiveSummary summary() {
            return new ArchiveSummary(ArchiveState.COMPLETE, entries.size(), Map.of(), 0, 1, 1, 0, 0, null);
        }
    }

    @Test
    void writesFilesDirectoriesAndSymlinksWithTheirText() throws IOException {
        Source s = new Source()
                .add(EntryHeader.directory("proc/306").withOwner(040555, 1000, 1000), null)
                .add(EntryHeader.file("proc/306/stat").withOwner(0100444, 1000, 1000), "306 (x) S\n")
                .add(EntryHeader.symlink("proc/306/exe", "/usr/bin/x (deleted)"), null)
                .add(EntryHeader.symlink("proc/306/fd/3", "socket:[4711]"), null)
                .add(EntryHeader.file("cmd/dmesg/stdout"), "hello\n");
        Path out = tmp.resolve("out");
        Extractor.Result r = Extractor.extract(s, out, false);
        assertEquals(2, r.files());
        assertEquals(2, r.symlinks());
        assertEquals("306 (x) S\n", Files.readString(out.resolve("proc/306/stat")));
        assertEquals("/usr/bin/x (deleted)", Files.readSymbolicLink(out.resolve("proc/306/exe")).toString());
        assertEquals("socket:[4711]", Files.readSymbolicLink(out.resolve("proc/306/fd/3")).toString());
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("proc/306/stat"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("proc/306"))),
                "directories keep their bits plus u+rwx so the tree can be removed");
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }

    @Test
    void refusesAbsoluteAndDotDotPaths() throws IOException {
        Source s = new Source()
                .add(EntryHeader.file("../escape"), "x")
                .add(EntryHeader.file("a/../../escape2"), "x")
                .add(EntryHeader.file("/tmp/abs"), "x")
                .add(EntryHeader.file("a/./b"), "x")
                .add(EntryHeader.file("a//b"), "x")
                .add(EntryHeader.file("ok"), "fine");
        Path out = tmp.resolve("out");
        Extractor.Result r = Extractor.extract(s, out, false);
        assertEquals(5, r.refused());
        assertEquals(1, r.files());
        assertFalse(Files.exists(tmp.resolve("escape")));
        assertFalse(Files.exists(tmp.resolve("escape2")));
        assertFalse(Files.exists(Path.of("/tmp/abs")) && Files.readString(Path.of("/tmp/abs")).equals("x"));
    }

    @Test
    void neverWritesThroughASymlinkItExtracted() throws IOException {
        Path victim = Files.createDirectory(tmp.resolve("victim"));
        Source s = new Source()
                .add(EntryHeader.symlink("link", victim.toString()), null)
                .add(EntryHeader.file("link/planted"), "evil")
                .add(EntryHeader.symlink("file-link", victim.resolve("planted-file").toString()), null)
                .add(EntryHeader.file("file-link"), "evil")
                .add(EntryHeader.symlink("dir-link", victim.toString()), null)
                .add(EntryHeader.directory("dir-link"), null)
                .add(EntryHeader.file("dir-link/x"), "evil");
        Path out = tmp.resolve("out");
        Extractor.Result r = Extractor.extract(s, out, false);
        try (var list = Files.list(victim)) {
            assertEquals(0, list.count(), "nothing written through the links");
        }
        assertEquals(4, r.refused());
        assertTrue(Files.isSymbolicLink(out.resolve("link")));
    }

    @Test
    void dropsSetuidSetgidAndStickyAndNeverMakesDevices() throws IOException {
        Source s = new Source()
                .add(EntryHeader.file("suid").withOwner(0104755, 0, 0), "x")
                .add(EntryHeader.file("sgid").withOwner(0102755, 0, 0), "x")
                .add(EntryHeader.file("chardev").withOwner(0020666, 0, 0), "x")
                .add(EntryHeader.directory("sticky").withOwner(041777, 0, 0), null);
        Path out = tmp.resolve("out");
        Extractor.extract(s, out, false);
        for (String name : new String[] {"suid", "sgid", "chardev"}) {
            Path p = out.resolve(name);
            assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS), name + " is a plain file");
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            assertEquals(0, mode & 07000, name + " mode " + Integer.toOctalString(mode));
        }
        assertEquals(0, (Integer) Files.getAttribute(out.resolve("sticky"), "unix:mode") & 07000);
    }

    @Test
    void failedReadsAreListedNotWritten() throws IOException {
        Source s = new Source()
                .add(EntryHeader.file("proc/1/wchan").withStatus(Status.TIMEOUT, null).withTiming(0, 2_000_000_000L), null)
                .add(EntryHeader.file("proc/1/environ").withStatus(Status.DENIED, "EACCES"), null)
                .add(EntryHeader.file("proc/1/stat"), "1 (init) S\n");
        Path out = tmp.resolve("out");
        Extractor.Result r = Extractor.extract(s, out, false);
        assertFalse(Files.exists(out.resolve("proc/1/wchan")));
        assertEquals(Map.of(Status.TIMEOUT, 1L, Status.DENIED, 1L), r.notCaptured());
        String list = Files.readString(out.resolve(Extractor.FAILED_LIST));
        assertTrue(list.contains("proc/1/wchan\ttimeout\t\t2000.000\n"), list);
        assertTrue(list.contains("proc/1/environ\tdenied\tEACCES\t"), list);
    }

    /**
     * As on Linux, a thread without its own cmdline or environ gets its process's: the same file (a hard
     * link) or, where the process's read failed, a line with the process's status; a thread's own entry wins.
     */
    @Test
    void threadsShareTheirProcesssCmdlineAndEnviron() throws IOException {
        Source s = new Source()
                .add(EntryHeader.directory("proc/40"), null)
                .add(EntryHeader.file("proc/40/cmdline"), "sleep\0" + "60\0")
                .add(EntryHeader.file("proc/40/environ").withStatus(Status.DENIED, "EACCES"), null)
                .add(EntryHeader.directory("proc/40/task/40"), null)
                .add(EntryHeader.directory("proc/40/task/41"), null)
                .add(EntryHeader.directory("proc/40/task/42"), null)
                .add(EntryHeader.file("proc/40/task/42/cmdline"), "own\0")
                .add(EntryHeader.file("proc/40/task/42/environ"), "A=1\0")
                .add(EntryHeader.directory("proc/50/task/50"), null);
        Path out = tmp.resolve("out");
        Extractor.Result r = Extractor.extract(s, out, false);
        assertEquals("sleep\0" + "60\0", Files.readString(out.resolve("proc/40/task/41/cmdline")));
        assertTrue(Files.isSameFile(out.resolve("proc/40/cmdline"), out.resolve("proc/40/task/40/cmdline")));
        assertTrue(Files.isSameFile(out.resolve("proc/40/cmdline"), out.resolve("proc/40/task/41/cmdline")));
        assertEquals("own\0", Files.readString(out.resolve("proc/40/task/42/cmdline")), "a thread's own file wins");
        assertFalse(Files.exists(out.resolve("proc/40/task/41/environ"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(out.resolve("proc/50/task/50/cmdline"), LinkOption.NOFOLLOW_LINKS),
                "a file the capture did not take stays absent in the threads too");
        assertEquals(3, r.files(), "files counts the archive's entries");
        assertEquals(Map.of(Status.DENIED, 1L), r.notCaptured(), "counted once: the thread's line is no entry");
        String list = Files.readString(out.resolve(Extractor.FAILED_LIST));
        assertTrue(list.contains("proc/40/task/40/environ\tdenied\tEACCES\t"), list);
        assertTrue(list.contains("proc/40/task/41/environ\tdenied\tEACCES\t"), list);
        assertFalse(list.contains("proc/40/task/42/environ"), list);
    }

    @Test
    void refusesANonEmptyTarget() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("existing"), "x");
        assertThrows(IOException.class, () -> Extractor.extract(new Source(), out, false));
    }
}
