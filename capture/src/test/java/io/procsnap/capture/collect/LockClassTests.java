package io.procsnap.capture.collect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockClassTests {
    /** Every per-process and per-thread name the capture reads has a row: a new file needs its class. */
    @Test
    void everyProcessFileTheCaptureReadsHasALockClass() {
        List<String> names = new ArrayList<>();
        names.add("");
        names.addAll(ProcessSource.FAST_FILES);
        names.addAll(ProcessSource.PROCESS_FILES);
        names.addAll(ProcessSource.PROCESS_LINKS);
        names.addAll(ProcessSource.LINK_DIRS);
        names.addAll(List.of("cmdline", "environ", "task", "task/311", "fd/3", "ns/mnt"));
        for (String f : ProcessSource.FAST_FILES) {
            names.add("task/311/" + f);
        }
        for (String f : ProcessSource.THREAD_FILES) {
            names.add("task/311/" + f);
        }
        for (String f : ProcessSource.SAMPLE_FILES) {
            names.add("task/311/" + f);
        }
        for (String name : names) {
            assertFalse(LockClass.ofProcessFile(name).isEmpty(), "no lock class for proc/PID/" + name);
        }
    }

    @Test
    void everySystemFileTheCaptureReadsHasALockClass() {
        for (String p : SystemSource.FILES) {
            assertTrue(LockClass.SYSTEM_FILES.containsKey(p), p);
        }
        for (String p : SystemSource.SYSVIPC) {
            assertEquals(Set.of(LockClass.IPC_IDS), LockClass.SYSTEM_FILES.get(p), p);
        }
    }

    @Test
    void numbersAndNamespaceNamesAreWildcards() {
        assertEquals(Set.of(LockClass.EXEC_UPDATE), LockClass.ofProcessFile("task/311/stat"));
        assertEquals(Set.of(LockClass.EXEC_UPDATE), LockClass.ofProcessFile("fd/12"));
        assertEquals(Set.of(LockClass.EXEC_UPDATE), LockClass.ofProcessFile("ns/pid_for_children"));
        assertEquals(Set.of(LockClass.NONE), LockClass.ofProcessFile("ns"));
        assertEquals(Set.of(LockClass.MMAP), LockClass.ofProcessFile("cmdline"));
        assertEquals(Set.of(LockClass.EXEC_UPDATE, LockClass.MMAP), LockClass.ofProcessFile("environ"));
        assertEquals(Set.of(), LockClass.ofProcessFile("maps"), "not captured, no row");
    }
}
