package io.procsnap.format.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.procsnap.format.layout.KernelFile.Kind;
import io.procsnap.format.layout.KernelFile.Pass;
import io.procsnap.format.layout.KernelFile.Scope;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelFileTests {

    @Test
    void oneRowPerFileAndScope() {
        Set<String> seen = new HashSet<>();
        for (KernelFile f : KernelFile.values()) {
            assertTrue(seen.add(f.scope() + ":" + f.file()), "twice: " + f);
            assertEquals(f, KernelFile.of(f.scope(), f.file()));
            assertFalse(f.passes().isEmpty(), f.name());
            if (f.file().isEmpty()) {
                assertEquals(Kind.OWNERSHIP, f.kind(), f.name());
            }
        }
    }

    @Test
    void systemRowsAreArchivePathsOfNoOtherKind() {
        for (KernelFile f : KernelFile.values()) {
            if (f.scope() == Scope.SYSTEM) {
                assertEquals(f.path(), ArchivePath.parse(f.path()).path());
                assertTrue(ArchivePath.parse(f.path()) instanceof ArchivePath.Other, f.name());
                assertEquals(f, KernelFile.system(f.path()));
            }
        }
        assertThrows(IllegalStateException.class, KernelFile.THREAD_STAT::path);
    }

    @Test
    void whatEachPassReadsInTableOrder() {
        assertEquals(List.of(KernelFile.PROCESS, KernelFile.PROCESS_STAT, KernelFile.PROCESS_WCHAN, KernelFile.TASKS),
                KernelFile.rows(Scope.PROCESS, Pass.FAST));
        assertEquals(List.of(KernelFile.THREAD, KernelFile.THREAD_STAT, KernelFile.THREAD_WCHAN),
                KernelFile.rows(Scope.THREAD, Pass.FAST));
        assertEquals(List.of(KernelFile.THREAD_STAT, KernelFile.THREAD_WCHAN, KernelFile.THREAD_SYSCALL,
                KernelFile.THREAD_STACK), KernelFile.rows(Scope.THREAD, Pass.SAMPLES));
        List<KernelFile> details = KernelFile.rows(Scope.PROCESS, Pass.DETAILS);
        assertEquals(List.of(KernelFile.CMDLINE, KernelFile.ENVIRON), details.subList(details.size() - 2, details.size()),
                "the reads that can block on the target's mmap lock come last");
        assertTrue(KernelFile.values()[KernelFile.CMDLINE.ordinal() - 1].scope() == Scope.THREAD,
                "cmdline stands after the thread rows, so it is read after every thread");
    }

    @Test
    void locksKnownFromTheKernelSource() {
        assertEquals(LockClass.TARGET_MMAP, KernelFile.CMDLINE.lock());
        assertEquals(LockClass.TARGET_MMAP, KernelFile.ENVIRON.lock());
        assertEquals(LockClass.TARGET_EXEC, KernelFile.THREAD_STACK.lock());
        assertEquals(LockClass.TARGET_EXEC, KernelFile.THREAD_SYSCALL.lock());
    }

    @Test
    void zfsPoolsAreTheDirectoriesThatAreNotKstatFiles() {
        assertTrue(KernelFile.isZfsPool("tank"));
        assertFalse(KernelFile.isZfsPool("arcstats"));
        assertFalse(KernelFile.isZfsPool(".hidden"));
        assertNull(KernelFile.of(Scope.THREAD, "environ"));
    }
}
