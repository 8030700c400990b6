package io.procsnap.capture.watch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotationTests {
    @TempDir
    Path dir;

    private Path archive(String name, int bytes, long minute) throws IOException {
        Path p = Files.write(dir.resolve(name), new byte[bytes]);
        Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L + minute * 60_000));
        return p;
    }

    private List<String> names(Rotation r) throws IOException {
        return r.list().stream().map(a -> a.path().getFileName().toString()).toList();
    }

    @Test
    void keepsTheNewestByCountAndLeavesOtherFilesAlone() throws IOException {
        archive("procsnap-h-1-probe-failed.tar.zst", 10, 1);
        archive("procsnap-h-2-msgq-full.tar.gz", 10, 2);
        archive("procsnap-h-3-hung-task.tar.zst.partial", 10, 3);
        archive("procsnap-h-4-fs-full.tar.zst", 10, 4);
        archive("notes.txt", 10, 0);
        archive("procsnap-h-0-old.tar.zst.bak", 10, 0);
        Rotation r = new Rotation(dir, 2, 1 << 20);
        assertEquals(4, r.list().size());
        List<Rotation.Archive> removed = r.enforce();
        assertEquals(2, removed.size());
        assertEquals(List.of("procsnap-h-3-hung-task.tar.zst.partial", "procsnap-h-4-fs-full.tar.zst"), names(r));
        assertTrue(Files.exists(dir.resolve("notes.txt")) && Files.exists(dir.resolve("procsnap-h-0-old.tar.zst.bak")));
    }

    @Test
    void keepsWithinTheBytesButNeverRemovesTheNewest() throws IOException {
        archive("procsnap-h-1-a.tar.zst", 400, 1);
        archive("procsnap-h-2-a.tar.zst", 400, 2);
        archive("procsnap-h-3-a.tar.zst", 400, 3);
        Rotation r = new Rotation(dir, 10, 1000);
        r.enforce();
        assertEquals(List.of("procsnap-h-2-a.tar.zst", "procsnap-h-3-a.tar.zst"), names(r));
        archive("procsnap-h-4-a.tar.zst", 5000, 4);
        r.enforce();
        assertEquals(List.of("procsnap-h-4-a.tar.zst"), names(r), "alone above the budget, and kept");
        assertEquals(5000, r.totalBytes());
    }

    @Test
    void makeRoomLeavesSpaceForTheNextOne() throws IOException {
        archive("procsnap-h-1-a.tar.zst", 300, 1);
        archive("procsnap-h-2-a.tar.zst", 300, 2);
        archive("procsnap-h-3-a.tar.zst", 300, 3);
        Rotation r = new Rotation(dir, 3, 1000);
        assertEquals(300, r.expectedSize());
        r.makeRoom(r.expectedSize());
        // keep 3 -> at most 2 before the capture, and 2 * 300 + 300 <= 1000
        assertEquals(List.of("procsnap-h-2-a.tar.zst", "procsnap-h-3-a.tar.zst"), names(r));
        new Rotation(dir, 3, 500).makeRoom(300);
        assertEquals(List.of(), names(r), "even the newest goes when nothing else makes room");
    }

    @Test
    void aKilledCapturesTemporaryFileBecomesAPartialArchive() throws IOException {
        long dead = ProcessHandle.current().pid() + 4_000_000L; // above pid_max: never a live process
        Path temp = Files.write(dir.resolve(".procsnap-h-20261122T010000Z-msgq-full.tar.zst.tmp-" + dead), new byte[7]);
        Path live = Files.write(dir.resolve(".procsnap-h-20261122T010001Z-msgq-full.tar.zst.tmp-"
                + ProcessHandle.current().pid()), new byte[7]);
        Rotation r = new Rotation(dir, 5, 1 << 20);
        List<Path> recovered = r.recoverTemporaries();
        assertEquals(List.of(dir.resolve("procsnap-h-20261122T010000Z-msgq-full.tar.zst.partial")), recovered);
        assertFalse(Files.exists(temp));
        assertTrue(Files.exists(live), "a capture still running keeps its file");
        assertEquals(List.of("procsnap-h-20261122T010000Z-msgq-full.tar.zst.partial"), names(r));
    }
}
