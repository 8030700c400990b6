package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The statfs helper program (built into target/native by the build, named by the surefire configuration as
 * the launcher names it): real statfs(2) answers, errno for a missing mount point, and a child that never
 * answers is killed at the timeout and replaced for the next mount.
 */
class StatfsHelperTests {
    private static final long SECOND = 1_000_000_000L;

    private static String program() {
        String p = System.getProperty(StatfsHelper.PROPERTY, "");
        assumeTrue(!p.isEmpty() && Files.isExecutable(Path.of(p)), "NOT RUN: no statfs helper built (-D" + StatfsHelper.PROPERTY + ")");
        return p;
    }

    @Test
    void answersStatfsOfManyMountsFromOneChild() throws Exception {
        try (StatfsHelper helper = new StatfsHelper(program(), 300_000_000L)) {
            StatfsHelper.Answer root = helper.statfs("/", 5 * SECOND);
            assertNull(root.problem());
            assertFalse(root.timedOut());
            assertNotNull(root.values());
            assertTrue(root.values()[1] > 0, "f_bsize");
            assertTrue(root.values()[8] > 0, "f_namelen");
            StatfsHelper.Answer proc = helper.statfs("/proc", 5 * SECOND);
            assertEquals(0x9fa0L, proc.values()[0], "PROC_SUPER_MAGIC");
            StatfsHelper.Answer gone = helper.statfs("/nonexistent-v14b-tiny", 5 * SECOND);
            assertNull(gone.values());
            assertEquals(2, gone.errno(), "ENOENT");
            assertEquals(1, helper.children(), "one child answered all three");
        }
    }

    @Test
    void aHelperThatNeverAnswersIsKilledAtTheTimeoutAndReplaced(@TempDir Path dir) throws Exception {
        // stands in for a statfs hung in the kernel: reads its request and never answers
        Path silent = dir.resolve("silent");
        Files.writeString(silent, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(silent, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (StatfsHelper helper = new StatfsHelper(silent.toString(), 300_000_000L)) {
            long t = System.nanoTime();
            StatfsHelper.Answer hung = helper.statfs("/", SECOND / 2);
            long ms = (System.nanoTime() - t) / 1_000_000L;
            assertTrue(hung.timedOut());
            assertFalse(hung.leftBehind(), "SIGKILL ended it");
            assertTrue(ms >= 450 && ms < 3000, "answered after its timeout, not later: " + ms + " ms");
            assertEquals(0, helper.children(), "the killed child is forgotten");
            assertTrue(helper.statfs("/", SECOND / 2).timedOut(), "the next mount gets a new child");
        }
    }

    @Test
    void aHelperThatCannotStartLeavesStatfsToStatMinusF(@TempDir Path dir) throws Exception {
        StatfsHelper helper = new StatfsHelper(dir.resolve("missing").toString(), 300_000_000L);
        assertTrue(helper.usable());
        assertNotNull(helper.statfs("/", SECOND).problem());
        assertFalse(helper.usable(), "stat -f from now on");
        EntryChunk out = new EntryChunk();
        CommandRunner commands = new CommandRunner(List.of("/usr/bin", "/bin"), List.of(), 300_000_000L, 4096);
        WorkItem item = new WorkItem("statfs/0", "/", Kind.STATFS, 5 * SECOND, true, List.of(), List.of(),
                List.of("/", "ext4", "rw,relatime"), false, null);
        assertEquals(Status.OK, StatfsReader.statfs(item, helper, commands, commands.which("stat"), 0, out).status());
        assertTrue(text(out).contains("flags_source: mountinfo\n"), text(out));
    }

    /** The kernel's f_flags: the bits the mount options in mountinfo stand for, plus ST_VALID (0x20). */
    @Test
    void statfsEntryFromTheHelperCarriesTheKernelsFlags() throws Exception {
        String options = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" "))
                .filter(f -> f[4].equals("/proc")).map(f -> f[5]).findFirst().orElse(null);
        assumeTrue(options != null, "NOT RUN: /proc is not a mount point here");
        EntryChunk out = new EntryChunk();
        CommandRunner commands = new CommandRunner(List.of("/usr/bin", "/bin"), List.of(), 300_000_000L, 4096);
        WorkItem item = new WorkItem("statfs/0", "/proc", Kind.STATFS, 5 * SECOND, true, List.of(), List.of(),
                List.of("/proc", "proc", options), false, null);
        try (StatfsHelper helper = new StatfsHelper(program(), 300_000_000L)) {
            assertEquals(Status.OK, StatfsReader.statfs(item, helper, commands, null, 0, out).status());
        }
        String text = text(out);
        assertTrue(text.contains("f_type: 0x9fa0\n") && text.contains("flags_source: statfs\n"), text);
        long flags = Long.parseLong(text.replaceAll("(?s).*\nflags: (\\d+)\n.*", "$1"));
        assertEquals(StatfsReader.flags(options), flags & ~0x20L, "/proc mounted " + options + ": f_flags " + flags);
    }

    @Test
    void parsesItsAnswerLines() {
        StatfsHelper.Answer ok = StatfsHelper.parse("ok ef53 4096 4096 100 50 40 1000 900 255 4128");
        assertArrayEquals(new long[] {0xef53, 4096, 4096, 100, 50, 40, 1000, 900, 255, 4128}, ok.values());
        assertEquals(13, StatfsHelper.parse("err 13").errno());
        assertEquals("helper ended", StatfsHelper.parse("").problem());
        assertEquals("helper answered ok 1 2", StatfsHelper.parse("ok 1 2").problem());
        // counts are unsigned 64-bit
        assertEquals(-1L, StatfsHelper.parse("ok 1 2 3 18446744073709551615 0 0 0 0 255 0").values()[3]);
    }

    private static String text(EntryChunk out) {
        for (int i = 0; i < out.size; i++) {
            EntryHeader h = out.headers[i];
            if (h.path().startsWith("statfs/")) {
                return new String(out.contents[i], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no statfs entry");
    }
}
