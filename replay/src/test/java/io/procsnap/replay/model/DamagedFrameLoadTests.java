package io.procsnap.replay.model;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.ExitCode;
import io.procsnap.replay.cli.CliRun;
import io.procsnap.replay.cli.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An archive with a damaged frame in the middle (16 bytes flipped in its compressed data) loads: every
 * entry outside that frame is in the model, the summary says what was damaged and salvaged, and
 * {@code procsnap-replay info} reports it instead of failing.
 */
class DamagedFrameLoadTests {

    @TempDir
    Path dir;

    /** The zfs-full scenario packed in 16 KiB frames (many frames), and a copy with one middle frame damaged. */
    private record Damaged(Path intact, Path damaged, int frame, Map<String, byte[]> intactContents,
                           List<String> expected) {
    }

    private Damaged damagedZfsFull() throws Exception {
        Path intact = dir.resolve("zfs-full.tar.zst");
        TreeArchiver.pack(Scenarios.tree("zfs-full"), intact, ArchiveWriter.Options.defaults().withFrameSize(16 << 10));
        byte[] bytes = Files.readAllBytes(intact);
        int mid = bytes.length / 2;
        for (int i = 0; i < 16; i++) {
            bytes[mid + i] ^= (byte) 0x5a;
        }
        Path damaged = Files.write(dir.resolve("zfs-full-damaged.tar.zst"), bytes);
        int frame;
        try (ArchiveReader r = ArchiveReader.open(damaged)) {
            List<String> problems = r.verify().problems();
            assertEquals(1, problems.size(), problems.toString());
            Matcher m = Pattern.compile("frame (\\d+) at offset").matcher(problems.get(0));
            assertTrue(m.find(), problems.get(0));
            frame = Integer.parseInt(m.group(1));
        }
        Map<String, byte[]> contents = new LinkedHashMap<>();
        List<String> expected;
        try (ArchiveReader r = ArchiveReader.open(intact)) {
            assertTrue(frame > 1 && frame < r.summary().framesTotal() - 2, "a middle frame: " + frame);
            for (Entry e : r.entries()) {
                contents.put(e.path(), r.read(e));
            }
            // the scenario's entries are small: each lies in one frame, every frame starts with an entry
            expected = r.entries().stream().filter(e -> e.frame() != frame).map(Entry::path).toList();
        }
        assertTrue(expected.size() < contents.size() && expected.size() > contents.size() / 2, "lost some, kept most");
        return new Damaged(intact, damaged, frame, contents, expected);
    }

    @Test
    void theModelHoldsEveryEntryOutsideTheDamagedFrame() throws Exception {
        Damaged d = damagedZfsFull();
        try (Snapshot s = SnapshotLoader.load(d.damaged())) {
            assertEquals(d.expected(), s.entries().stream().map(Entry::path).toList());
            assertEquals(ArchiveState.SALVAGED, s.summary().state());
            assertEquals(d.expected().size(), s.summary().entryCount());
            String damage = s.summary().damage();
            assertTrue(damage.contains("frame " + d.frame() + " at offset ") && damage.contains("resumed at frame "
                    + (d.frame() + 1)), damage);
            assertTrue(damage.contains(d.expected().size() + " entries recovered, "
                    + (d.intactContents().size() - d.expected().size()) + " of the " + d.intactContents().size()
                    + " the index lists lost"), damage);
            for (String path : d.expected()) {
                assertArrayEquals(d.intactContents().get(path), s.content(path).orElseThrow(), path);
            }
            assertFalse(s.processes().isEmpty());
        }
    }

    @Test
    void infoSaysWhatIsDamagedAndWhatWasSalvaged() throws Exception {
        Damaged d = damagedZfsFull();
        CliRun info = CliRun.of("info", d.damaged().toString());
        // a salvaged archive (lead decision, issue 6): the analysis of what was salvaged, one stderr line, exit 4
        assertEquals(ExitCode.ARCHIVE, info.exitCode(), info.err());
        assertTrue(info.err().startsWith("procsnap-replay info: " + d.damaged() + " is damaged: ")
                && info.err().contains("; salvaged " + d.expected().size() + " entries"), info.err());
        assertTrue(info.out().contains("archive:   salvaged ("), info.out());
        assertTrue(info.out().contains("frame " + d.frame() + " at offset "), info.out());
        assertTrue(info.out().contains(d.expected().size() + " entries recovered, "
                + (d.intactContents().size() - d.expected().size()) + " of the " + d.intactContents().size()
                + " the index lists lost"), info.out());
        assertTrue(info.out().contains("content:   " + d.expected().size() + " entries"), info.out());
        CliRun diagnose = CliRun.of("diagnose", d.damaged().toString());
        assertEquals(ExitCode.ARCHIVE, diagnose.exitCode(), diagnose.err());
        assertTrue(diagnose.out().contains("archive was damaged and salvaged: "), diagnose.out());
        for (String command : List.of("ps", "threads", "ipc", "fs")) {
            CliRun run = CliRun.of(command, d.damaged().toString());
            assertEquals(ExitCode.ARCHIVE, run.exitCode(), command + ": " + run.err());
            assertTrue(run.err().contains(" is damaged: "), command + ": " + run.err());
        }
    }

    @Test
    void theFormatCorpusDamagedFrameLoads() throws Exception {
        Path corpus = Scenarios.root().resolve("format-spec/src/test/resources/corpus/ok-damaged-frame.tar.zst");
        CliRun info = CliRun.of("info", corpus.toString());
        assertEquals(ExitCode.ARCHIVE, info.exitCode(), info.err());
        assertTrue(info.out().contains("frame 13 at offset 3607") && info.out().contains("content:   39 entries"),
                info.out());
    }

    @Test
    void sharedMemoryLimitsAboveLongMaxValueKeepTheirValue() throws Exception {
        try (Snapshot s = SnapshotLoader.fromTree(Scenarios.tree("zfs-full"))) {
            IpcLimits l = s.ipc().limits();
            assertEquals("18446744073692774399", Long.toUnsignedString(l.shmmax().value()));
            assertEquals("18446744073692774399", Long.toUnsignedString(l.shmall().value()));
        }
        CliRun ipc = CliRun.of("ipc", Scenarios.archive("zfs-full").toString());
        assertEquals(ExitCode.OK, ipc.exitCode(), ipc.err());
        assertTrue(ipc.out().contains("shmmax 18446744073692774399, shmall 18446744073692774399, shmmni 4096"), ipc.out());
        CliRun json = CliRun.of("ipc", "--json", Scenarios.archive("zfs-full").toString());
        assertEquals(ExitCode.OK, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"shmmax\" : 18446744073692774399,"), json.out());
        assertTrue(json.out().contains("\"shmall\" : 18446744073692774399,"), json.out());
        assertTrue(json.out().contains("\"msgmnb\" : "), "the other limits are still there: " + json.out());
    }

    @Test
    void anEntryTheModelCannotTakeIsKeptAsUnreadable() {
        SnapshotAssembler a = new SnapshotAssembler(1 << 20);
        Entry e = new Entry(EntryHeader.file("proc/meminfo"), 10, 1, 0);
        a.unreadable(e, "frame 3 at offset 99: damaged");
        assertTrue(a.entries.containsKey("proc/meminfo"));
        Sourced<Object> v = a.get("proc/meminfo");
        assertFalse(v.present());
        assertEquals("proc/meminfo: unreadable: frame 3 at offset 99: damaged", v.whyMissing());
    }
}
