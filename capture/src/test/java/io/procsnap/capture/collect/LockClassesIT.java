package io.procsnap.capture.collect;

import io.procsnap.capture.holders.Probe;
import io.procsnap.capture.holders.Reproduction;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.LockClass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lock-class table against the real kernel: each test builds one real holder of a lock class (a FUSE
 * mount that never answers, helper processes from holders/lockholder.c), reads every per-process and
 * per-thread file the capture reads from the target with a bounded probe, and asserts that exactly the
 * files whose class is held hang ({@link KernelFile#locksUnderProcess}), and that {@code ps} hangs when a file
 * it reads does. Each test takes a few seconds; the reproduction is torn down by pid and unmounted.
 * Needs root (mounting FUSE, /proc/PID/stack and /proc/PID/mem of another process), /dev/fuse,
 * python3-fusepy and cc (scripts/setup.sh).
 */
class LockClassesIT {
    /** How long a probe may take before it counts as hung; an unlocked /proc read takes microseconds. */
    private static final Duration PATIENCE = Duration.ofSeconds(2);
    private static final Duration SETUP = Duration.ofSeconds(10);
    /** ps -o pid,stat,args reads stat, status and cmdline of each process. */
    private static final Set<LockClass> PS = union("stat", "status", "cmdline");
    /** PTRACE_SEIZE takes the target's cred_guard_mutex (kernel/ptrace.c ptrace_attach, 6.12: line 458). */
    private static final Set<LockClass> ATTACH = EnumSet.of(LockClass.EXEC_CREDENTIALS);

    @TempDir
    Path dir;

    @BeforeEach
    void needs() {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "needs /dev/fuse");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: FUSE mounts and other processes' /proc/PID/mem");
        assumeTrue(Files.exists(Path.of("/usr/lib/python3/dist-packages/fusepy.py"))
                || Files.exists(Path.of("/usr/lib/python3/dist-packages/fuse.py")), "needs python3-fusepy (scripts/setup.sh)");
    }

    /**
     * (a, d) A thread of the target page-faults on a FUSE file whose READ never comes: it sleeps in D in
     * folio_wait_bit_common, but the fault dropped the mmap lock before waiting (filemap_fault with
     * FAULT_FLAG_ALLOW_RETRY, since 5.1), so a writer of the same mm gets the lock and nothing hangs.
     */
    @Test
    void aPageFaultOnFuseWaitsWithoutTheMmapLock() throws Exception {
        try (Reproduction r = Reproduction.start(dir)) {
            Reproduction.Target t = r.target();
            t.command("touch");
            r.fs().awaitRequest("read /data", SETUP);
            long faulting = awaitNewThread(t.pid(), Set.of(t.pid()));
            Reproduction.awaitState(t.pid() + "/task/" + faulting, 'D', SETUP);
            t.command("mmap");
            r.awaitOutput("target", "mapped", SETUP); // the writer got the mmap lock: the fault does not hold it
            check(r, t.pid(), EnumSet.noneOf(LockClass.class));
        }
    }

    /**
     * (c) Another process reads /proc/TARGET/mem at the FUSE mapping: access_remote_vm faults without
     * retry, so it holds the target's mmap lock for reading while the READ is outstanding; a thread of the
     * target then queues for writing (mmap), and every later reader of the mmap lock queues behind it.
     */
    @Test
    void aReaderOfProcPidMemHoldsTheTargetsMmapLock() throws Exception {
        try (Reproduction r = Reproduction.start(dir)) {
            Reproduction.Target t = heldByMemReader(r);
            t.command("mmap"); // pthread_create maps the new thread's stack: the writer may be either thread
            Reproduction.awaitAnyThreadState(t.pid(), 'D', SETUP);
            check(r, t.pid(), EnumSet.of(LockClass.MMAP));
            assertTrue(!r.output("target").contains("mapped"), "the writer is still queued");
        }
    }

    /**
     * (b) An execve of a binary on the FUSE mount waits for the READ of its header (prepare_binprm): it
     * holds cred_guard_mutex (since prepare_bprm_creds) but not yet exec_update_lock, so on 5.7 and later no
     * captured file hangs; only ptrace attach does. Before 5.7 stack, syscall, io and environ hung here.
     */
    @Test
    void anExecReadingItsBinaryHoldsOnlyTheCredentialMutex() throws Exception {
        try (Reproduction r = Reproduction.start(dir)) {
            Process exec = r.helper("exec", "exec", r.fs().path("prog").toString());
            r.fs().awaitRequest("read /prog", SETUP);
            Reproduction.awaitState(Long.toString(exec.pid()), 'D', SETUP);
            check(r, exec.pid(), EnumSet.of(LockClass.EXEC_CREDENTIALS));
        }
    }

    /**
     * (b) The exec lock held for good: a reader of /proc/TARGET/mem holds the target's mmap lock, a writer
     * (/proc/TARGET/clear_refs) queues behind it, then the target calls execve: exec_mmap takes
     * exec_update_lock for writing and waits for the old mm's mmap lock behind the writer. stat, wchan,
     * the links and everything else of class EXEC_UPDATE hang, and so does a plain {@code ps}.
     */
    @Test
    void anExecWaitingForTheOldMmHoldsTheExecUpdateLock() throws Exception {
        try (Reproduction r = Reproduction.start(dir)) {
            Reproduction.Target t = heldByMemReader(r);
            Process writer = r.helper("clearrefs", "clearrefs", Long.toString(t.pid()));
            Reproduction.awaitState(Long.toString(writer.pid()), 'D', SETUP);
            t.command("exec /bin/sleep sleep 1000");
            Reproduction.awaitState(Long.toString(t.pid()), 'D', SETUP);
            check(r, t.pid(), EnumSet.of(LockClass.EXEC_UPDATE, LockClass.EXEC_CREDENTIALS, LockClass.MMAP));
        }
    }

    /**
     * A target whose mmap lock another process holds for reading: {@code lockholder memread} is in the
     * page fault of its read of the target's FUSE mapping, which the daemon never answers.
     */
    private static Reproduction.Target heldByMemReader(Reproduction r) throws Exception {
        Reproduction.Target t = r.target();
        r.helper("memread", "memread", Long.toString(t.pid()), t.addr());
        r.fs().awaitRequest("read /data", SETUP);
        return t;
    }

    /** Probes every file of {@code pid} and asserts that exactly those of a {@code held} class hang. */
    private static void check(Reproduction r, long pid, Set<LockClass> held) throws Exception {
        List<Long> tids = Reproduction.tids(pid);
        List<Probe> probes = probes(r, pid, tids);
        Map<Probe, Boolean> hung = r.probe(probes, PATIENCE);
        List<String> wrong = new ArrayList<>();
        StringBuilder table = new StringBuilder("held " + held + " on " + osRelease() + ":\n");
        for (Map.Entry<Probe, Boolean> e : hung.entrySet()) {
            Set<LockClass> classes = classes(e.getKey().name());
            boolean expected = classes.stream().anyMatch(held::contains);
            table.append(String.format("  %-22s %-26s %s%n", e.getKey().name().isEmpty() ? "(dir)" : e.getKey().name(),
                    classes, e.getValue() ? "HUNG" : "ok"));
            if (expected != e.getValue()) {
                wrong.add(e.getKey().name() + (e.getValue() ? " hung" : " did not hang") + " (" + classes + ")");
            }
        }
        System.out.print(table);
        assertEquals(List.of(), wrong, table.toString());
    }

    /** A probe per row of the file table (every pass), and per listing of links one of its links. */
    private static List<Probe> probes(Reproduction r, long pid, List<Long> tids) {
        List<Probe> probes = new ArrayList<>();
        Set<KernelFile> processRows = new java.util.LinkedHashSet<>();
        Set<KernelFile> threadRows = new java.util.LinkedHashSet<>();
        for (KernelFile.Pass pass : KernelFile.Pass.values()) {
            processRows.addAll(KernelFile.rows(KernelFile.Scope.PROCESS, pass));
            threadRows.addAll(KernelFile.rows(KernelFile.Scope.THREAD, pass));
        }
        for (KernelFile f : processRows) {
            switch (f.kind()) {
                case OWNERSHIP -> probes.add(Probe.owner(r, pid, f.file()));
                case FILE -> probes.add(Probe.read(r, pid, f.file()));
                case LINK -> probes.add(Probe.readlink(r, pid, f.file()));
                case LISTING -> probes.add(Probe.list(r, pid, f.file()));
            }
        }
        probes.add(Probe.readlink(r, pid, "fd/0"));
        probes.add(Probe.readlink(r, pid, "ns/mnt"));
        for (long tid : tids) {
            for (KernelFile f : threadRows) {
                String path = f.file().isEmpty() ? "task/" + tid : "task/" + tid + "/" + f.file();
                probes.add(f.kind() == KernelFile.Kind.OWNERSHIP ? Probe.owner(r, pid, path) : Probe.read(r, pid, path));
            }
        }
        probes.add(new Probe("ps", List.of("ps", "-p", Long.toString(pid), "-o", "pid,stat,args")));
        probes.add(new Probe("ptrace-attach", List.of(r.helper().toString(), "attach", Long.toString(pid))));
        return probes;
    }

    private static Set<LockClass> classes(String probe) {
        return switch (probe) {
            case "ps" -> PS;
            case "ptrace-attach" -> ATTACH;
            default -> KernelFile.locksUnderProcess(probe);
        };
    }

    private static Set<LockClass> union(String... files) {
        Set<LockClass> all = EnumSet.noneOf(LockClass.class);
        for (String f : files) {
            all.addAll(KernelFile.locksUnderProcess(f));
        }
        return all;
    }

    /** The thread of {@code pid} that is not in {@code known}, once it appears. */
    private static long awaitNewThread(long pid, Set<Long> known) throws Exception {
        long end = System.nanoTime() + SETUP.toNanos();
        while (System.nanoTime() < end) {
            Set<Long> now = new HashSet<>(Reproduction.tids(pid));
            now.removeAll(known);
            if (!now.isEmpty()) {
                return now.iterator().next();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no new thread in " + pid);
    }

    private static String osRelease() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    }
}
