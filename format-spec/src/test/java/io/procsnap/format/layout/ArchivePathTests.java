package io.procsnap.format.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.layout.ArchivePath.CommandStream;
import io.procsnap.format.layout.ArchivePath.Other;
import io.procsnap.format.layout.ArchivePath.ProcessFile;
import io.procsnap.format.layout.ArchivePath.Sample;
import io.procsnap.format.layout.ArchivePath.StatfsEntry;
import io.procsnap.format.layout.ArchivePath.Stream;
import io.procsnap.format.layout.ArchivePath.ThreadFile;
import io.procsnap.format.layout.ArchivePath.ToolOwned;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchivePathTests {

    @Test
    void eachKindOfPath() {
        assertEquals(new ProcessFile(306, null), ArchivePath.parse("proc/306"));
        assertEquals(new ProcessFile(306, "stat"), ArchivePath.parse("proc/306/stat"));
        assertEquals(new ProcessFile(306, "fd/3"), ArchivePath.parse("proc/306/fd/3"));
        assertEquals(new ProcessFile(306, "task"), ArchivePath.parse("proc/306/task"));
        assertEquals(new ThreadFile(306, 311, null), ArchivePath.parse("proc/306/task/311"));
        assertEquals(new ThreadFile(306, 311, "wchan"), ArchivePath.parse("proc/306/task/311/wchan"));
        assertEquals(new Sample(2, new ThreadFile(306, 311, "stat")), ArchivePath.parse("samples/2/proc/306/task/311/stat"));
        assertEquals(new Sample(1, new ProcessFile(306, null)), ArchivePath.parse("samples/1/proc/306"));
        assertEquals(new CommandStream("zpool-list", Stream.STDOUT), ArchivePath.parse("cmd/zpool-list/stdout"));
        assertEquals(new CommandStream("hang", Stream.STATUS), ArchivePath.parse("cmd/hang/status"));
        assertEquals(new StatfsEntry(4), ArchivePath.parse("statfs/4"));
        assertEquals(new ToolOwned("manifest.json"), ArchivePath.parse("manifest.json"));
        assertEquals(new ToolOwned("index-frames.tsv"), ArchivePath.parse("index-frames.tsv"));
        assertEquals(new ToolOwned("procsnap/redaction"), ArchivePath.parse(ArchivePath.REDACTION_REPORT));
        assertEquals(new Other("proc/loadavg"), ArchivePath.parse("proc/loadavg"));
        assertEquals(new Other("proc/self/mountinfo"), ArchivePath.parse("proc/self/mountinfo"));
        assertEquals(new Other("etc/machine-id"), ArchivePath.parse("etc/machine-id"));
        assertEquals(new Other("proc"), ArchivePath.parse("proc"));
    }

    @Test
    void numbersOnlyAsTheKernelWritesThem() {
        for (String p : List.of("proc/0306/stat", "proc/-1/stat", "proc/99999999999/stat",
                "samples/0/proc/306/stat", "samples/x/proc/306/stat", "samples/1/proc/loadavg", "statfs/04", "statfs/",
                "statfs/x", "cmd/x/other", "cmd/x", "cmd//stdout", "cmd/a/b/stdout", "proc/306/", "proc/306/task/311/")) {
            assertInstanceOf(Other.class, ArchivePath.parse(p), p);
        }
        assertEquals(new ProcessFile(306, "task/0311"), ArchivePath.parse("proc/306/task/0311"));
        assertEquals(0, ArchivePath.number("0"));
        assertEquals(Integer.MAX_VALUE, ArchivePath.number("2147483647"));
        assertEquals(-1, ArchivePath.number("2147483648"));
        assertEquals(-1, ArchivePath.number("007"));
        assertEquals(-1, ArchivePath.number(""));
        assertEquals(-1, ArchivePath.number("self"));
    }

    @Test
    void theParserAndThePrinterAgreeOnEveryPath() {
        for (String p : List.of("proc/306", "proc/306/stat", "proc/306/fd/3", "proc/306/task", "proc/306/task/311",
                "proc/306/task/311/wchan", "proc/306/task/311/fd/0", "proc/306/task/x", "samples/12/proc/306/task/311/stack",
                "cmd/zpool-list/stderr", "statfs/0", "manifest.json", "index.tsv", "procsnap/redaction", "proc/loadavg",
                "proc/306/task/0311", "statfs/01", "etc/machine-id", "proc")) {
            assertEquals(p, ArchivePath.parse(p).path(), p);
        }
    }

    @Test
    void printers() {
        String dir = ArchivePath.processDirectory(306);
        assertEquals("proc/306", dir);
        assertEquals("proc/306/task/311", ArchivePath.threadDirectory(306, 311));
        assertEquals("proc/306/task/311", ArchivePath.threadDirectory(ArchivePath.tasksOf(dir), 311));
        assertEquals("proc/306/cmdline", ArchivePath.under(dir, KernelFile.CMDLINE));
        assertEquals("proc/306", ArchivePath.under(dir, KernelFile.PROCESS).substring(0, 8));
        assertEquals("proc/306/fd/3", ArchivePath.under(ArchivePath.under(dir, KernelFile.FDS), "3"));
        assertEquals("samples/2/proc/306/task/311/stat",
                ArchivePath.inSample(2, ArchivePath.under(ArchivePath.threadDirectory(306, 311), KernelFile.THREAD_STAT)));
        assertEquals("cmd/df/status", ArchivePath.command("df", Stream.STATUS));
        assertEquals("cmd/df/stdout", ArchivePath.commandStream(ArchivePath.commandDirectory("df"), Stream.STDOUT));
        assertEquals("statfs/7", ArchivePath.statfs(7));
        assertEquals("task/311/stack", new ThreadFile(306, 311, "stack").underProcess());
        assertEquals("task/311", new ThreadFile(306, 311, null).underProcess());
        assertEquals("stat", new ProcessFile(306, "stat").underProcess());
    }

    @Test
    void rowsOfTheFileTable() {
        assertEquals(KernelFile.THREAD_WCHAN, ((ThreadFile) ArchivePath.parse("proc/1/task/2/wchan")).row());
        assertEquals(KernelFile.THREAD, ((ThreadFile) ArchivePath.parse("proc/1/task/2")).row());
        assertEquals(KernelFile.PROCESS, ((ProcessFile) ArchivePath.parse("proc/1")).row());
        assertEquals(KernelFile.FDS, ((ProcessFile) ArchivePath.parse("proc/1/fd")).row());
        assertNull(((ProcessFile) ArchivePath.parse("proc/1/fd/3")).row());
    }

    @Test
    void livePathsMirrorArchivePaths() {
        assertEquals("/proc/306/stat", ArchivePath.live("/proc", "proc/306/stat"));
        assertEquals("/tmp/x/proc", ArchivePath.live("/tmp/x/proc", "proc"));
        assertEquals("/tmp/x/proc/loadavg", ArchivePath.live("/tmp/x/proc", "proc/loadavg"));
        assertEquals("/etc/machine-id", ArchivePath.live("/tmp/x/proc", "etc/machine-id"));
        assertEquals("/procfoo", ArchivePath.live("/x", "procfoo"));
    }

    @Test
    void reservedNames() {
        for (String top : List.of("manifest.json", "index.tsv", "index-frames.tsv", "cmd", "statfs", "samples", "procsnap")) {
            assertTrue(ArchivePath.isReservedTopLevel(top), top);
        }
        assertFalse(ArchivePath.isReservedTopLevel("proc"));
        assertFalse(ArchivePath.isReservedTopLevel("etc"));
        assertTrue(ArchivePath.isFormatOwned("index.tsv"));
        assertFalse(ArchivePath.isFormatOwned("cmd/df/status"));
        assertTrue(ArchivePath.isCommand("cmd/df/status"));
        assertTrue(ArchivePath.isInProcfs("proc/sysvipc"));
        assertTrue(ArchivePath.isInProcfs("samples/2/proc/306/task"));
        assertFalse(ArchivePath.isInProcfs("samples/2/cmd"));
        assertFalse(ArchivePath.isInProcfs("statfs/1"));
        assertFalse(ArchivePath.isInProcfs("proc"));
    }

    @Test
    void recordsRefuseWhatNoPathSpells() {
        assertThrows(IllegalArgumentException.class, () -> new ProcessFile(-1, null));
        assertThrows(IllegalArgumentException.class, () -> new ThreadFile(1, 2, ""));
        assertThrows(IllegalArgumentException.class, () -> new Sample(0, new ProcessFile(1, null)));
        assertThrows(IllegalArgumentException.class, () -> new CommandStream("a/b", Stream.STDOUT));
    }
}
