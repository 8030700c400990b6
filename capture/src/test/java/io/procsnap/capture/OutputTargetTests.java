package io.procsnap.capture;

import io.procsnap.format.ArchiveHash;
import io.procsnap.format.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The output target on its own: temporary file and rename, in-place devices, refusals. */
class OutputTargetTests {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void write(OutputTarget t, String text) throws IOException {
        t.stream.write(text.getBytes(StandardCharsets.UTF_8));
        t.stream.close();
    }

    @Test
    void defaultNameUsesHostnameAndUtcTime() {
        assertEquals("procsnap-fixture-host-20260102T030405Z.tar.zst", OutputTarget.defaultName("fixture-host", START));
        assertEquals("procsnap-a_b-20260102T030405Z.tar.zst", OutputTarget.defaultName("a/b", START));
        assertEquals("procsnap-unknown-20260102T030405Z.tar.zst", OutputTarget.defaultName(null, START));
    }

    @Test
    void aFileIsWrittenUnderATemporaryNameAndRenamedWhenComplete() throws Exception {
        Path file = dir.resolve("a.tar.zst");
        OutputTarget t = OutputTarget.open(file.toString(), "h", START, 0, new ByteArrayOutputStream());
        write(t, "archive");
        assertEquals(List.of(".a.tar.zst.tmp-" + ProcessHandle.current().pid()), files());
        assertFalse(t.isStdout());
        assertEquals(file.toString(), t.commit());
        assertEquals(List.of("a.tar.zst", "a.tar.zst.sha256"), files());
        assertEquals("archive", Files.readString(file));
        // printf archive | sha256sum: what passed through the stream, hashed on the way
        assertEquals("0eb3e36bfb24dcd9bb1d1bece1531216b59539a8fde17ee80224af0653c92aa3", t.sha256());
        assertEquals(t.sha256() + "  a.tar.zst\n", Files.readString(dir.resolve("a.tar.zst.sha256")));
    }

    @Test
    void aGzipArchiveGetsTheGzipName() throws Exception {
        OutputTarget t = OutputTarget.open(dir.resolve("a.tar.zst").toString(), "h", START, 0,
                new ByteArrayOutputStream());
        t.useGzipName();
        write(t, "gz");
        assertEquals(dir.resolve("a.tar.gz").toString(), t.describe());
        t.commit();
        assertEquals(List.of("a.tar.gz", "a.tar.gz.sha256"), files());
        assertTrue(Files.readString(dir.resolve("a.tar.gz.sha256")).endsWith("  a.tar.gz\n"), "the final name");
    }

    @Test
    void whatWasWrittenOfAFailedCaptureIsKeptAsPartial() throws Exception {
        OutputTarget t = OutputTarget.open(dir.resolve("a.tar.zst").toString(), "h", START, 0,
                new ByteArrayOutputStream());
        write(t, "frames");
        assertEquals("the partial archive (its complete frames are readable) is " + dir.resolve("a.tar.zst.partial"),
                t.keepPartial());
        assertEquals(List.of("a.tar.zst.partial"), files());
    }

    @Test
    void anAbandonedTargetLeavesNothing() throws Exception {
        OutputTarget.open(dir.resolve("a.tar.zst").toString(), "h", START, 0, new ByteArrayOutputStream()).abandon();
        assertEquals(List.of(), files());
    }

    @Test
    void stdoutAndItsNamesAreWrittenInPlace() throws Exception {
        for (String name : List.of("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")) {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            OutputTarget t = OutputTarget.open(name, "h", START, Long.MAX_VALUE, stdout);
            write(t, "x");
            assertTrue(t.isStdout(), name);
            assertEquals("stdout", t.commit());
            assertEquals("x", stdout.toString(StandardCharsets.UTF_8), name);
            assertEquals("the stream ends with the complete frames written so far", t.keepPartial());
        }
    }

    @Test
    void aDeviceIsWrittenInPlaceWithoutAFreeSpaceCheck() throws Exception {
        OutputTarget t = OutputTarget.open("/dev/null", "h", START, Long.MAX_VALUE, new ByteArrayOutputStream());
        write(t, "x");
        assertEquals("/dev/null", t.commit());
        assertEquals(0020000, (Integer) Files.getAttribute(Path.of("/dev/null"), "unix:mode") & 0170000,
                "/dev/null is still a character device");
    }

    @Test
    void refusals() {
        assertEquals(ExitCode.USAGE, refused("/proc/x.tar.zst", 0).exitCode);
        assertEquals(ExitCode.USAGE, refused("/sys/x.tar.zst", 0).exitCode);
        CaptureFailure directory = refused(dir.toString(), 0);
        assertEquals(ExitCode.USAGE, directory.exitCode);
        assertEquals("cannot write " + dir + ": it is a directory; give -o FILE", directory.getMessage());
        CaptureFailure missing = refused(dir.resolve("no/such/a.tar.zst").toString(), 0);
        assertEquals(ExitCode.ENVIRONMENT, missing.exitCode);
        assertTrue(missing.getMessage().contains("no such directory " + dir.resolve("no/such")), missing.getMessage());
        CaptureFailure full = refused(dir.resolve("a.tar.zst").toString(), Long.MAX_VALUE / 2);
        assertEquals(ExitCode.ENVIRONMENT, full.exitCode);
        assertTrue(full.getMessage().contains("stream the archive elsewhere instead: procsnap -o - |"), full.getMessage());
    }

    private CaptureFailure refused(String output, long minFree) {
        return assertThrows(CaptureFailure.class,
                () -> OutputTarget.open(output, "h", START, minFree, new ByteArrayOutputStream()));
    }
}
