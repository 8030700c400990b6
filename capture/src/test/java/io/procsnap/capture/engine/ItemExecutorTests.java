package io.procsnap.capture.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class ItemExecutorTests {

    @Test
    void readlinkFailingWhileTheProcessDirectoryExistsIsNotAVanishedProcess(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("123/fd"));
        Files.createDirectories(root.resolve("123/task/124"));
        assertTrue(ItemExecutor.ownerStillExists(root.resolve("123/exe").toString()));
        assertFalse(ItemExecutor.ownerStillExists(root.resolve("123/fd/5").toString()), "a closed fd did vanish");
        assertTrue(ItemExecutor.ownerStillExists(root.resolve("123/task/124/cwd").toString()));
        assertFalse(ItemExecutor.ownerStillExists(root.resolve("999/exe").toString()));
        assertFalse(ItemExecutor.ownerStillExists(root.resolve("999/fd/3").toString()));
    }

    @Test
    void kernelThreadExeOnTheRealProcfsFailsWithEnoentWhileThreadIsAlive() throws IOException {
        // pid 2 is kthreadd in the initial pid namespace: its exe link cannot be read, yet it is there.
        Path comm = Paths.get("/proc/2/comm");
        Assumptions.assumeTrue(Files.exists(comm) && Files.readString(comm).strip().equals("kthreadd"),
                "needs the initial pid namespace (pid 2 = kthreadd)");
        assertThrows(NoSuchFileException.class, () -> Files.readSymbolicLink(Paths.get("/proc/2/exe")));
        assertTrue(ItemExecutor.ownerStillExists("/proc/2/exe"));
    }

    private static ItemExecutor executor(int maxFileBytes) {
        return new ItemExecutor(0, maxFileBytes, new CommandRunner(List.of("/usr/bin"), List.of(), 300_000_000L, 4096));
    }

    /** Reading through the JNI library (as the bundle does) or through NIO (the plain jar). */
    static ItemExecutor executor(int maxFileBytes, boolean nativeIo) {
        assertTrue(!nativeIo || NativeIo.available(), "the build made the JNI library: " + NativeIo.problem());
        return new ItemExecutor(0, maxFileBytes, new CommandRunner(List.of("/usr/bin"), List.of(), 300_000_000L, 4096),
                nativeIo);
    }

    private static Outcome read(ItemExecutor executor, ReadBuffer buffer, Path file, EntryChunk out) {
        return executor.execute(WorkItem.of("f", file.toString(), Kind.READ_FILE, 1_000_000_000L).keepingContent(),
                buffer, out);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void filesAreReadToTheEndThroughTheGrowingBufferAndCappedWithTheSameBuffer(boolean nativeIo, @TempDir Path dir) throws IOException {
        byte[] big = new byte[ReadBuffer.INITIAL * 3 + 17];
        new Random(1).nextBytes(big);
        Files.write(dir.resolve("big"), big);
        Files.write(dir.resolve("small"), "abc".getBytes());
        Files.write(dir.resolve("empty"), new byte[0]);
        ItemExecutor executor = executor(1 << 20, nativeIo);
        ReadBuffer buffer = new ReadBuffer();
        EntryChunk out = new EntryChunk();
        assertArrayEquals(big, read(executor, buffer, dir.resolve("big"), out).content());
        assertArrayEquals("abc".getBytes(), read(executor, buffer, dir.resolve("small"), out).content(), "buffer reused");
        assertArrayEquals(new byte[0], read(executor, buffer, dir.resolve("empty"), out).content());
        assertEquals(Status.OK, out.headers[0].status());
        assertArrayEquals(big, out.contents[0]);

        ItemExecutor capped = executor(ReadBuffer.INITIAL * 2, nativeIo);
        EntryChunk cappedOut = new EntryChunk();
        Outcome o = read(capped, new ReadBuffer(), dir.resolve("big"), cappedOut);
        assertEquals(Status.TRUNCATED, o.status());
        assertEquals(ReadBuffer.INITIAL * 2, o.content().length);
        assertEquals("cap " + ReadBuffer.INITIAL * 2 + " bytes", cappedOut.headers[0].detail());
        Files.write(dir.resolve("exact"), java.util.Arrays.copyOf(big, ReadBuffer.INITIAL * 2));
        assertEquals(Status.OK, read(capped, new ReadBuffer(), dir.resolve("exact"), cappedOut).status(),
                "a file exactly at the cap is whole");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCapBelowTheInitialBufferIsHonoured(boolean nativeIo, @TempDir Path dir) throws IOException {
        byte[] content = new byte[10_000];
        new Random(2).nextBytes(content);
        Files.write(dir.resolve("f"), content);
        Files.write(dir.resolve("exact"), java.util.Arrays.copyOf(content, 4096));
        ItemExecutor capped = executor(4096, nativeIo);
        ReadBuffer buffer = new ReadBuffer();
        EntryChunk out = new EntryChunk();
        Outcome o = read(capped, buffer, dir.resolve("f"), out);
        assertEquals(Status.TRUNCATED, o.status());
        assertArrayEquals(java.util.Arrays.copyOf(content, 4096), o.content());
        assertEquals("cap 4096 bytes", out.headers[0].detail());
        assertEquals(Status.OK, read(capped, buffer, dir.resolve("exact"), out).status(), "exactly at the cap is whole");
        assertArrayEquals(content, read(executor(1 << 20, nativeIo), buffer, dir.resolve("f"), out).content(),
                "the same buffer reads whole files again under a larger cap");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void failedOpensAndReadsAreStatuses(boolean nativeIo, @TempDir Path dir) throws IOException {
        ItemExecutor executor = executor(1 << 20, nativeIo);
        EntryChunk out = new EntryChunk();
        assertEquals(Status.VANISHED, read(executor, new ReadBuffer(), dir.resolve("missing"), out).status());
        assertEquals("ENOENT", out.headers[0].detail());
        Files.createDirectories(dir.resolve("sub"));
        assertEquals(Status.ERROR, read(executor, new ReadBuffer(), dir.resolve("sub"), out).status());
        assertEquals("EISDIR", out.headers[1].detail());
        assertEquals(EntryType.FILE, out.headers[1].type());
        assertEquals(2, out.size);
    }

    /** readlink of a file that is not a link fails with EINVAL, as readlink(2) says (NIO reports it without errno text). */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readlinkOfAPlainFileIsEinval(boolean nativeIo, @TempDir Path dir) throws IOException {
        Files.write(dir.resolve("plain"), new byte[1]);
        Files.createSymbolicLink(dir.resolve("link"), Paths.get("socket:[4242]"));
        EntryChunk out = new EntryChunk();
        ItemExecutor executor = executor(4096, nativeIo);
        assertEquals(Status.OK, executor.execute(WorkItem.of("l", dir.resolve("link").toString(), Kind.READLINK,
                1_000_000_000L), new ReadBuffer(), out).status());
        assertEquals("socket:[4242]", out.headers[0].linkTarget());
        assertEquals(Status.ERROR, executor.execute(WorkItem.of("p", dir.resolve("plain").toString(), Kind.READLINK,
                1_000_000_000L), new ReadBuffer(), out).status());
        assertEquals("EINVAL", out.headers[1].detail());
    }

    /**
     * The priority wrapper (nice, ionice) is put before commands but not before the per-mount
     * {@code stat -f}: a marker-writing wrapper runs for a command and not for a statfs.
     */
    @Test
    void statfsRunsStatDirectlyWhileCommandsGoThroughTheWrapper(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("wrapped");
        Path wrap = dir.resolve("wrap");
        Files.writeString(wrap, "#!/bin/sh\necho \"$@\" >> " + marker + "\nexec \"$@\"\n");
        Files.setPosixFilePermissions(wrap, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        ItemExecutor executor = new ItemExecutor(0, 4096,
                new CommandRunner(List.of("/usr/bin", "/bin"), List.of(wrap.toString()), 300_000_000L, 4096),
                NativeIo.available(), "");
        EntryChunk out = new EntryChunk();
        Outcome statfs = executor.execute(new WorkItem("statfs/0", "/", Kind.STATFS, 5_000_000_000L, true, List.of(),
                List.of(), List.of("/", "ext4", "rw,relatime"), false, null), new ReadBuffer(), out);
        assertEquals(Status.OK, statfs.status());
        assertFalse(Files.exists(marker), "stat -f ran without the wrapper");
        Outcome command = executor.execute(new WorkItem("cmd/t", "true", Kind.COMMAND, 5_000_000_000L, true, List.of(),
                List.of(), List.of("true"), false, null), new ReadBuffer(), out);
        assertEquals(Status.OK, command.status());
        assertTrue(Files.readString(marker).contains("true"), "commands still run under the wrapper");
    }
}
