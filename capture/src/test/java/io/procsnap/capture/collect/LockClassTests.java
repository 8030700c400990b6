package io.procsnap.capture.collect;

import io.procsnap.format.layout.KernelFile;
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
        List<String> names = new ArrayList<>(List.of("fd/3", "ns/mnt"));
        for (KernelFile.Pass pass : KernelFile.Pass.values()) {
            KernelFile.rows(KernelFile.Scope.PROCESS, pass).forEach(f -> names.add(f.file()));
            KernelFile.rows(KernelFile.Scope.THREAD, pass).forEach(f -> names.add(
                    f.file().isEmpty() ? "task/311" : "task/311/" + f.file()));
        }
        for (String name : names) {
            assertFalse(LockClass.ofProcessFile(name).isEmpty(), "no lock class for proc/PID/" + name);
        }
    }

    @Test
    void everySystemFileTheCaptureReadsHasALockClass() {
        for (KernelFile f : KernelFile.rows(KernelFile.Scope.SYSTEM, KernelFile.Pass.SYSTEM)) {
            if (f.kind() == KernelFile.Kind.FILE) {
                assertTrue(LockClass.SYSTEM_FILES.containsKey(f.path()), f.path());
            }
        }
        for (KernelFile f : KernelFile.rows(KernelFile.Scope.SYSTEM, KernelFile.Pass.FAST)) {
            if (f.kind() == KernelFile.Kind.FILE) {
                assertEquals(Set.of(LockClass.IPC_IDS), LockClass.SYSTEM_FILES.get(f.path()), f.path());
            }
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
