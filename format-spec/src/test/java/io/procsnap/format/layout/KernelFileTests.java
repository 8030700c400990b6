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
            for (KernelFile.Kernel k : f.kernels()) {
                assertTrue(seen.add(k + ":" + f.scope() + ":" + f.file()), "twice: " + f);
                assertEquals(f, KernelFile.of(k, f.scope(), f.file()));
            }
            if (f.kernels().contains(KernelFile.Kernel.LINUX)) {
                assertEquals(f, KernelFile.of(f.scope(), f.file()));
            }
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

    /** Every row the capture reads has its lock class (a new file needs one): all but the structural listings. */
    @Test
    void everyFileTheCaptureReadsHasALockClass() {
        for (KernelFile f : KernelFile.values()) {
            if (f != KernelFile.PROCESSES && f != KernelFile.ZFS_POOLS) {
                assertFalse(f.locks().isEmpty(), "no lock class for " + f);
            }
        }
        for (KernelFile f : List.of(KernelFile.SYSVIPC_MSG, KernelFile.SYSVIPC_SEM, KernelFile.SYSVIPC_SHM)) {
            assertEquals(Set.of(LockClass.IPC_IDS), f.locks(), f.name());
        }
    }

    @Test
    void locksOfPathsBelowAProcess() {
        assertEquals(Set.of(LockClass.EXEC_UPDATE), KernelFile.locksUnderProcess("task/311/stat"));
        assertEquals(Set.of(LockClass.EXEC_UPDATE), KernelFile.locksUnderProcess("fd/12"));
        assertEquals(Set.of(LockClass.EXEC_UPDATE), KernelFile.locksUnderProcess("ns/pid_for_children"));
        assertEquals(Set.of(LockClass.NONE), KernelFile.locksUnderProcess("ns"));
        assertEquals(Set.of(LockClass.NONE), KernelFile.locksUnderProcess(""));
        assertEquals(Set.of(LockClass.NONE), KernelFile.locksUnderProcess("task/311"));
        assertEquals(Set.of(LockClass.MMAP), KernelFile.locksUnderProcess("cmdline"));
        assertEquals(Set.of(LockClass.EXEC_UPDATE, LockClass.MMAP), KernelFile.locksUnderProcess("environ"));
        assertEquals(Set.of(), KernelFile.locksUnderProcess("maps"), "not captured, no row");
        assertEquals(Set.of(LockClass.EXEC_UPDATE),
                KernelFile.locksOf((ArchivePath.InProcess) ArchivePath.parse("proc/9/task/10/stack")));
    }

    /** SunOS rows are rows of the same table: the pid listing and proc/PID's owner shared, status a pstatus_t. */
    @Test
    void sunosRowsInTableOrder() {
        KernelFile.Kernel sunos = KernelFile.Kernel.SUNOS;
        assertEquals(List.of(KernelFile.PROCESS, KernelFile.PSINFO, KernelFile.LPSINFO, KernelFile.LWPS),
                KernelFile.rows(sunos, Scope.PROCESS, Pass.FAST));
        assertEquals(List.of(KernelFile.LWPSINFO), KernelFile.rows(sunos, Scope.THREAD, Pass.FAST));
        assertEquals(List.of(KernelFile.PSTATUS, KernelFile.LSTATUS, KernelFile.USAGE, KernelFile.LUSAGE,
                KernelFile.CRED, KernelFile.PATHS), KernelFile.rows(sunos, Scope.PROCESS, Pass.DETAILS));
        assertEquals(List.of(KernelFile.LWPSTATUS), KernelFile.rows(sunos, Scope.THREAD, Pass.DETAILS));
        assertEquals(List.of(KernelFile.PROCESSES), KernelFile.rows(sunos, Scope.SYSTEM, Pass.FAST));
        assertEquals(KernelFile.PSTATUS, KernelFile.of(sunos, Scope.PROCESS, "status"));
        assertEquals(KernelFile.PROCESS_STATUS, KernelFile.of(Scope.PROCESS, "status"), "Linux unless asked");
        assertNull(KernelFile.of(Scope.PROCESS, "psinfo"));
        assertFalse(KernelFile.rows(Scope.PROCESS, Pass.FAST).contains(KernelFile.PSINFO));
        for (KernelFile f : KernelFile.values()) {
            if (f.kernels().equals(Set.of(sunos))) {
                assertEquals(Set.of(LockClass.ILLUMOS_PROC), f.locks(), f.name());
            }
        }
    }

    @Test
    void sunosLwpPaths() {
        assertEquals("proc/4211/lwp/3", ArchivePath.lwpDirectory(4211, 3));
        assertEquals("proc/4211/lwp/3/lwpsinfo", ArchivePath.under(ArchivePath.lwpDirectory(4211, 3), KernelFile.LWPSINFO));
        ArchivePath p = ArchivePath.parse("proc/4211/lwp/3/lwpstatus");
        assertEquals(new ArchivePath.ProcessFile(4211, "lwp/3/lwpstatus"), p);
        ArchivePath.LwpFile lwp = ArchivePath.lwpFile((ArchivePath.ProcessFile) p);
        assertEquals(new ArchivePath.LwpFile(3, "lwpstatus"), lwp);
        assertEquals(KernelFile.LWPSTATUS, lwp.row());
        assertEquals(new ArchivePath.LwpFile(3, null), ArchivePath.lwpFile(new ArchivePath.ProcessFile(4211, "lwp/3")));
        assertNull(ArchivePath.lwpFile(new ArchivePath.ProcessFile(4211, "lwp/03/lwpsinfo")));
        assertNull(ArchivePath.lwpFile(new ArchivePath.ProcessFile(4211, "psinfo")));
        assertNull(ArchivePath.lwpFile(new ArchivePath.ProcessFile(4211, "lwp/3/")));
    }

    @Test
    void zfsPoolsAreTheDirectoriesThatAreNotKstatFiles() {
        assertTrue(KernelFile.isZfsPool("tank"));
        assertFalse(KernelFile.isZfsPool("arcstats"));
        assertFalse(KernelFile.isZfsPool(".hidden"));
        assertNull(KernelFile.of(Scope.THREAD, "environ"));
    }
}
