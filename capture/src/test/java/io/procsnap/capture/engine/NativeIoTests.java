package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The JNI reader records what the NIO reader records: the same status, detail, owner, link target,
 * content and listing for every kind of item, on the real procfs and on files made for the edge cases
 * (large files, long names and targets, non-ASCII names, a directory bigger than the first buffer,
 * missing files, a directory opened as a file).
 */
class NativeIoTests {
    private static final int CAP = 4 << 20;

    /** What one reader recorded for an item, without the timings. */
    private record Seen(Status status, String detail, int mode, long uid, long gid, String link, byte[] content,
                        List<String> names) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Seen s && status == s.status && java.util.Objects.equals(detail, s.detail) && mode == s.mode
                    && uid == s.uid && gid == s.gid && java.util.Objects.equals(link, s.link)
                    && Arrays.equals(content, s.content) && names.equals(s.names);
        }

        @Override
        public int hashCode() {
            return status.hashCode();
        }

        @Override
        public String toString() {
            return status + " " + detail + " mode=" + mode + " uid=" + uid + " gid=" + gid + " link=" + link
                    + " content=" + (content == null ? null : content.length + " bytes") + " names=" + names.size();
        }
    }

    private static Seen seen(boolean nativeIo, Kind kind, String source) {
        EntryChunk out = new EntryChunk();
        WorkItem item = WorkItem.of("x", source, kind, 1_000_000_000L);
        Outcome o = ItemExecutorTests.executor(CAP, nativeIo).execute(kind == Kind.READ_FILE ? item.keepingContent() : item, new ReadBuffer(), out);
        assertEquals(1, out.size);
        EntryHeader h = out.headers[0];
        List<String> names = new ArrayList<>(o.names());
        names.sort(null); // getdents order is the directory's; both readers see the same one, sorted to be sure
        return new Seen(h.status(), h.detail(), h.mode(), h.uid(), h.gid(), h.linkTarget(), out.contents[0], names);
    }

    private static void same(Kind kind, String source) {
        Seen nio = seen(false, kind, source);
        Seen jni = seen(true, kind, source);
        assertEquals(nio, jni, kind + " " + source);
    }

    @Test
    void theRealProcfsReadsTheSame() throws IOException {
        for (String f : List.of("/proc/self/cmdline", "/proc/self/limits", "/proc/self/cgroup", "/proc/version",
                "/proc/sys/kernel/pid_max", "/proc/self/mountinfo", "/proc/999999999/stat")) {
            same(Kind.READ_FILE, f);
        }
        for (String l : List.of("/proc/self/exe", "/proc/self/cwd", "/proc/self/root", "/proc/self/ns/pid",
                "/proc/self/ns/mnt", "/proc/999999999/exe")) {
            same(Kind.READLINK, l);
        }
        same(Kind.LIST_DIR, "/proc/self/ns");
        same(Kind.LIST_DIR, "/proc/999999999/fd");
        same(Kind.OWNER, "/proc/self");
        same(Kind.OWNER, "/proc/1");
        same(Kind.OWNER, "/proc/999999999");
        assertEquals(Status.OK, seen(true, Kind.READ_FILE, "/proc/self/limits").status());
        assertEquals(Files.readSymbolicLink(Paths.get("/proc/self/ns/pid")).toString(),
                seen(true, Kind.READLINK, "/proc/self/ns/pid").link());
    }

    @Test
    void edgeCasesReadTheSame(@TempDir Path dir) throws IOException {
        byte[] big = new byte[(1 << 20) + 7]; // past the buffer the reader keeps between files
        new Random(3).nextBytes(big);
        Files.write(dir.resolve("big"), big);
        Files.write(dir.resolve("empty"), new byte[0]);
        Files.createDirectories(dir.resolve("many"));
        for (int i = 0; i < 4000; i++) { // about 100 KB of names: more than the first listing buffer
            Files.createFile(dir.resolve("many/name-with-some-length-" + i));
        }
        Files.createSymbolicLink(dir.resolve("long-target"), Paths.get("t".repeat(4000)));
        Files.createSymbolicLink(dir.resolve("socket"), Paths.get("socket:[4242]"));
        Files.write(dir.resolve("plain"), "x\n".getBytes(StandardCharsets.US_ASCII));
        String tooLong = dir + "/" + "d/".repeat(2100) + "f";
        for (String f : List.of("big", "empty", "plain", "missing", "many", "socket")) {
            same(Kind.READ_FILE, dir + "/" + f);
        }
        same(Kind.READ_FILE, tooLong);
        same(Kind.READ_FILE, dir + "/caf\u00e9"); // not representable in an ASCII locale: both fail alike
        for (String l : List.of("long-target", "socket", "plain", "missing")) {
            same(Kind.READLINK, dir + "/" + l);
        }
        same(Kind.LIST_DIR, dir + "/many");
        same(Kind.LIST_DIR, dir + "/plain");
        same(Kind.LIST_DIR, dir + "/missing");
        same(Kind.OWNER, dir + "/plain");
        same(Kind.OWNER, dir + "/socket");
        same(Kind.OWNER, tooLong);
        assertArrayEquals(big, seen(true, Kind.READ_FILE, dir + "/big").content());
        assertEquals(4000, seen(true, Kind.LIST_DIR, dir + "/many").names().size());
        assertEquals("t".repeat(4000), seen(true, Kind.READLINK, dir + "/long-target").link());
        assertEquals("ENAMETOOLONG", seen(true, Kind.READ_FILE, tooLong).detail());
    }

    @Test
    void pathsAreEncodedLikeTheJdkEncodesFileNames() throws IOException {
        assertArrayEquals("/proc/1/stat".getBytes(StandardCharsets.US_ASCII), NativeIo.pathBytes("/proc/1/stat"));
        IOException nul = assertThrows(IOException.class, () -> NativeIo.pathBytes("/tmp/a\0b"));
        assertEquals("Invalid file path", nul.getMessage());
        List<String> names = new ArrayList<>();
        NativeIo.names("a\0bc\0\0".getBytes(StandardCharsets.US_ASCII), names);
        assertEquals(List.of("a", "bc", ""), names);
    }
}
