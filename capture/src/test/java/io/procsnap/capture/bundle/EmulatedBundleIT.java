package io.procsnap.capture.bundle;

import io.procsnap.capture.ProcFixture;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.Compression;
import io.procsnap.format.Entry;
import io.procsnap.format.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The aarch64 and armhf bundles on this x86-64 machine under qemu-user-static (binfmt_misc entries
 * registered here and removed afterwards): --version states the floor; a real capture of a quiet
 * population in a pid namespace holds the same process and thread entries as the x86-64 bundle's capture
 * of the same population, and reads on x86-64; a hung read is abandoned on time and SIGKILL leaves a
 * salvageable archive. One capture per architecture, small populations: the suite's time budget.
 */
class EmulatedBundleIT {
    private static final Pattern TASK = Pattern.compile("proc/(\\d+)/(?:task/(\\d+)/)?.*");
    private static final List<String> registered = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void emulate() throws Exception {
        assumeTrue(Bundles.isRoot(), "NOT RUN: needs root (binfmt_misc, pid namespace)");
        for (String arch : List.of("aarch64", "armhf")) {
            if (Files.exists(Path.of("target/procsnap-bundle-linux-" + arch + ".tar.gz"))) {
                registered.add(Bundles.register(arch));
            }
        }
    }

    @AfterAll
    static void stopEmulating() throws Exception {
        for (String name : registered) {
            Bundles.unregister(name);
        }
        assertTrue(registered.stream().noneMatch(n -> Files.exists(Path.of("/proc/sys/fs/binfmt_misc", n))),
                "binfmt_misc entries left behind: " + registered);
    }

    @Test
    void aarch64CapturesTheSameProcessesAndThreadsAsX8664() throws Exception {
        sameEntriesAsNative("aarch64");
    }

    @Test
    void armhfCapturesTheSameProcessesAndThreadsAsX8664() throws Exception {
        sameEntriesAsNative("armhf");
    }

    private void sameEntriesAsNative(String arch) throws Exception {
        long size = Files.size(Bundles.tarball(arch));
        assertTrue(size <= 16_000_000L, arch + " bundle " + size + " bytes > 16 MB");
        Path foreign = Bundles.unpack(arch, Files.createDirectories(dir.resolve(arch)));
        Path x86 = Bundles.unpack("x86_64", Files.createDirectories(dir.resolve("x86_64")));
        Map<String, String> env = Map.of("QEMU_LD_PREFIX", Bundles.sysroot(arch).toString());
        Bundles.Run version = Bundles.run(List.of(foreign.resolve("bin/procsnap").toString(), "--version"), dir, env, 120);
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().contains("bundle linux-" + arch + ": needs Linux on " + arch) && version.out().contains("glibc >= 2.34"),
                version.out());
        Path out = Files.createDirectories(dir.resolve("out-" + arch));
        String opts = " --skip commands,filesystems --min-free 0 --deadline 120s -o ";
        Bundles.Run ns = Bundles.run(List.of("unshare", "--pid", "--fork", "--mount-proc", "--ipc", "bash",
                Path.of("src/test/emulation/population.sh").toAbsolutePath().toString(), out.toString(),
                x86.resolve("bin/procsnap") + opts + out.resolve("native.tar.zst"),
                foreign.resolve("bin/procsnap") + opts + out.resolve(arch + ".tar.zst")), dir, env, 400);
        assertEquals(0, ns.exit(), ns.err());
        for (int run = 1; run <= 2; run++) {
            int exit = Integer.parseInt(Files.readString(out.resolve("run-" + run + ".exit")).strip());
            assertTrue(exit == 0 || exit == 3, "capture " + run + " exit " + exit + ": " + Files.readString(out.resolve("run-" + run + ".err")));
        }
        Set<String> stable = new TreeSet<>(Files.readAllLines(out.resolve("before")));
        stable.retainAll(Files.readAllLines(out.resolve("after")));
        Set<String> nativeTasks = tasks(out.resolve("native.tar.zst"), stable);
        Set<String> foreignTasks = tasks(out.resolve(arch + ".tar.zst"), stable);
        assertTrue(nativeTasks.size() >= 7 + 9, "the population's processes and threads: " + nativeTasks);
        assertEquals(nativeTasks, foreignTasks, "process/thread entries of the population, x86-64 vs " + arch);
        try (ArchiveReader r = ArchiveReader.open(out.resolve(arch + ".tar.zst"))) {
            assertEquals(ArchiveState.COMPLETE, r.summary().state());
            assertEquals(Compression.ZSTD_SEEKABLE, r.compression(), "zstd-jni's " + arch + " library loaded");
            assertTrue(r.verify().ok(), r.verify().problems().toString());
            assertTrue(r.manifest().notes().get("reader").startsWith("native"), "the cross-built JNI reader: " + r.manifest().notes());
            assertTrue(r.manifest().platform().runtime().contains("17."), r.manifest().platform().toString());
        }
        Bundles.figure(String.format("emulated %s: --version %d ms; capture of the quiet population (%d processes and threads) %s ms"
                        + " under qemu against %s ms native (x86-64 bundle), same entries", arch, version.millis(),
                nativeTasks.size(), Files.readString(out.resolve("run-2.ms")).strip(), Files.readString(out.resolve("run-1.ms")).strip()));
    }

    /** "PID" and "PID/TID" for every process and thread of STABLE that has entries in the archive. */
    private static Set<String> tasks(Path archive, Set<String> stable) throws Exception {
        Set<String> tasks = new TreeSet<>();
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            for (Entry e : r.entries()) {
                Matcher m = TASK.matcher(e.path());
                if (m.matches() && stable.contains(m.group(1))) {
                    tasks.add(m.group(2) == null ? m.group(1) : m.group(1) + "/" + m.group(2));
                }
            }
        }
        return tasks;
    }

    /**
     * Under emulation as natively: a read that hangs (a FIFO in a fixture procfs) is abandoned after
     * its timeout and recorded; a capture killed with SIGKILL while a read hangs leaves its temporary
     * file, from which the reader salvages every complete frame.
     */
    @Test
    void aarch64AbandonsAHungReadOnTimeAndSurvivesSigkill() throws Exception {
        Path bin = Bundles.unpack("aarch64", Files.createDirectories(dir.resolve("a64"))).resolve("bin/procsnap");
        Map<String, String> env = Map.of("QEMU_LD_PREFIX", Bundles.sysroot("aarch64").toString());
        try (ProcFixture fx = new ProcFixture(Files.createDirectories(dir.resolve("fx")))) {
            fx.process(42, "hung");
            fx.process(43, "fine");
            Files.delete(fx.proc.resolve("42/status"));
            fx.fifo("42/status");
            Path archive = dir.resolve("hung.tar.zst");
            Bundles.Run r = Bundles.run(List.of(bin.toString(), "--proc-root", fx.proc.toString(), "--skip", "commands,filesystems",
                    "--read-timeout", "2s", "--min-free", "0", "-o", archive.toString()), dir, env, 120);
            assertEquals(3, r.exit(), r.err());
            try (ArchiveReader reader = ArchiveReader.open(archive)) {
                Entry hung = reader.find("proc/42/status").orElseThrow();
                assertEquals(Status.TIMEOUT, hung.status(), hung.header().toString());
                long ms = hung.header().elapsedNanos() / 1_000_000;
                assertTrue(ms >= 2000 && ms < 6000, "abandoned after " + ms + " ms, timeout 2 s");
                assertEquals(Status.OK, reader.find("proc/43/status").orElseThrow().status());
                Bundles.figure(String.format("emulated aarch64: hung read abandoned after %d ms (timeout 2 s), capture %d ms", ms, r.millis()));
            }

            // SIGKILL while the read hangs (read timeout 100 s): the temporary file is salvageable
            Path killed = dir.resolve("killed.tar.zst");
            ProcessBuilder pb = new ProcessBuilder(bin.toString(), "--proc-root", fx.proc.toString(), "--skip", "commands,filesystems",
                    "--read-timeout", "100s", "--deadline", "200s", "--min-free", "0", "-o", killed.toString())
                    .directory(dir.toFile()).redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null"));
            pb.environment().putAll(env);
            Process p = pb.start();
            Path temp = dir.resolve("." + killed.getFileName() + ".tmp-" + p.pid());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            // the fast phase (stat, wchan, owner of both processes) is written in frames of its own
            // before the details phase reaches the FIFO; wait for it to be flushed
            while (System.nanoTime() < until && salvageableEntries(temp) < 4) {
                Thread.sleep(200);
            }
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            children.forEach(ProcessHandle::destroyForcibly);
            assertTrue(Files.exists(temp), "the killed capture left " + temp);
            try (ArchiveReader reader = ArchiveReader.open(temp)) {
                assertTrue(reader.summary().state() != ArchiveState.COMPLETE, reader.summary().toString());
                Set<String> paths = new HashSet<>();
                for (Entry e : reader.entries()) {
                    reader.read(e);
                    paths.add(e.path());
                }
                assertTrue(paths.contains("proc/42/stat") && paths.contains("proc/43/stat"), "salvaged: " + paths);
                Bundles.figure("emulated aarch64: SIGKILL mid-capture left " + Files.size(temp) + " bytes, "
                        + reader.summary().entryCount() + " entries salvaged, state " + reader.summary().state());
            }
            fx.release();
        }
    }

    private static long salvageableEntries(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (ArchiveReader r = ArchiveReader.open(file)) {
            return r.entries().stream().filter(e -> e.path().matches("proc/4[23]/stat")).count() * 2;
        } catch (Exception e) {
            return 0;
        }
    }
}
