package io.procsnap.replay.watch;

import io.procsnap.capture.faults.CaptureProcess;
import io.procsnap.capture.holders.HangFs;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.Manifest;
import io.procsnap.replay.cli.CliRun;
import io.procsnap.replay.cli.MsgqWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code procsnap watch} against real triggers on this machine, each started after the watcher and
 * cleaned up exactly: a SysV queue kept full, a thread held in D state (a FUSE request that is never
 * answered), a statfs that hangs, a probe that fails. For each an archive appears within interval +
 * hold + detection + capture time (plus a margin for the capture's JVM start on a loaded machine), with
 * the trigger in its manifest and the finding in {@code diagnose}. Short intervals, holds and samples
 * keep each test to seconds. Needs root (and /dev/fuse, gcc, unshare/nsenter, python3-fusepy).
 */
class WatchTriggersIT {
    /** The capture's JVM start and the polling granularity, on a loaded 2-core machine. */
    private static final double MARGIN_S = 8;
    private static final String[] FAST = {"--interval", "1s", "--hold", "1s", "--cooldown", "1h", "--samples", "2",
            "--sample-interval", "500ms", "--capture-deadline", "60s"};

    @TempDir
    Path tmp;

    private Path watchDir() throws IOException {
        return Files.createDirectories(tmp.resolve("watch"));
    }

    private static String[] args(String... more) {
        String[] all = new String[FAST.length + more.length];
        System.arraycopy(FAST, 0, all, 0, FAST.length);
        System.arraycopy(more, 0, all, FAST.length, more.length);
        return all;
    }

    private static Manifest.Trigger trigger(Path archive) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            return r.manifest().trigger();
        }
    }

    /**
     * The archive within interval + hold + detection + the capture's own time + margin after the trigger
     * started; prints the figures. Waits for the watcher's "capture ended" line first (it polls its child
     * once a tick, after the archive is renamed into place).
     */
    private static void onTime(String what, long startedNanos, Path archive, WatchProcess w, double interval, double hold,
                               double detection) throws Exception {
        double took = (System.nanoTime() - startedNanos) / 1e9;
        w.awaitLog("capture ended (exit ", 10);
        double capture = w.captureSeconds();
        double bound = interval + hold + detection + capture + MARGIN_S;
        String figure = String.format(Locale.ROOT, "watch %s: archive %.1f s after the trigger started (bound %.1f ="
                + " interval %.0f + hold %.0f + detection %.0f + capture %.1f + margin %.0f): %s", what, took, bound, interval,
                hold, detection, capture, MARGIN_S, archive.getFileName());
        System.out.println(figure);
        assertTrue(capture > 0, "the capture's summary is in the log: " + w.log());
        assertTrue(took <= bound, figure + "\n" + w.log());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSysvQueueKeptFull() throws Exception {
        assumeTrue(CaptureProcess.isRoot() && MsgqWorkload.gccPresent(), "NOT RUN: needs root and gcc");
        // a private IPC namespace for the watcher, its captures and the workload: another test's full queue
        // elsewhere on the machine cannot set it off, and ours dies with the namespace
        Process holder = new ProcessBuilder("unshare", "--ipc", "sleep", "300").start();
        try {
            awaitOwnIpcNamespace(holder.pid());
            List<String> ns = List.of("nsenter", "-t", Long.toString(holder.pid()), "--ipc", "--");
            Path dir = watchDir();
            try (WatchProcess w = WatchProcess.start(ns, dir, args("--trigger", "msgq-full", "--", "--skip", "commands"))) {
                long t0 = System.nanoTime();
                try (MsgqWorkload load = MsgqWorkload.start(ns, tmp.resolve("agentx.sock"), 4, 120)) {
                    Path archive = w.awaitArchive("msgq-full", 60, List.of());
                    onTime("msgq-full", t0, archive, w, 1, 1, 0);
                    Manifest.Trigger t = trigger(archive);
                    assertEquals("msgq-full", t.name());
                    assertEquals(load.fact("msqid"), t.values().get("msqid"), t.toString());
                    assertEquals("16384", t.values().get("cbytes"), t.toString());
                    CliRun d = CliRun.of("diagnose", archive.toString());
                    assertTrue(d.out().startsWith("TAKEN BY procsnap watch: msgq-full since "), d.out());
                    assertTrue(d.out().contains("CRITICAL sysv-msgq-full: SysV queue msqid " + load.fact("msqid")), d.out());
                }
                assertEquals(0, w.stop(20), "SIGTERM stops the watcher cleanly: " + w.output());
                assertTrue(w.log().endsWith("stopped\n"), w.log());
            }
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aThreadHeldInDState() throws Exception {
        assumeTrue(CaptureProcess.isRoot() && Files.exists(Path.of("/dev/fuse")), "NOT RUN: needs root and /dev/fuse");
        Path sys = Path.of("/proc/sys/kernel");
        assumeTrue(Files.exists(sys.resolve("hung_task_detect_count")), "NOT RUN: kernel without hung_task_detect_count");
        assumeTrue(Files.readString(sys.resolve("hung_task_panic")).trim().equals("0"),
                "NOT RUN: hung_task_panic is set; lowering hung_task_timeout_secs could panic this machine");
        String timeout = Files.readString(sys.resolve("hung_task_timeout_secs")).trim();
        String warnings = Files.readString(sys.resolve("hung_task_warnings")).trim();
        Path dir = watchDir();
        try (HangFs fuse = HangFs.mount(Files.createDirectories(tmp.resolve("fuse")));
             WatchProcess w = WatchProcess.start(List.of(), dir, "--interval", "1s", "--cooldown", "2s", "--samples", "2",
                     "--sample-interval", "500ms", "--trigger", "hung-task", "--", "--skip", "commands")) {
            Process cat = null;
            try {
                // the kernel's detector at 2 s; no report is logged (warnings 0), so no other test's capture ever
                // finds a hung-task line of ours in dmesg: the watcher sees hung_task_detect_count grow
                Files.writeString(sys.resolve("hung_task_warnings"), "0");
                Files.writeString(sys.resolve("hung_task_timeout_secs"), "2");
                cat = new ProcessBuilder("cat", fuse.path("hang").toString()).start();
                fuse.awaitRequest("open /hang", Duration.ofSeconds(10));
                cat.destroyForcibly(); // the request is sent: the kernel now waits for the answer uninterruptibly
                awaitState(cat.pid(), 'D', "SIGKILL leaves cat waiting uninterruptibly");
                long t0 = System.nanoTime();
                java.time.Instant inD = java.time.Instant.now();
                // any task hung elsewhere on the machine counts too: the capture of our moment is the first
                // one the watcher decided on after cat went into D state
                Path archive = w.awaitArchiveFiredAfter("hung-task", inD, 60);
                if (w.archives("hung-task").size() == 1) {
                    onTime("hung-task", t0, archive, w, 1, 0, 2 * 2);
                }
                Manifest.Trigger t = trigger(archive);
                assertEquals("hung-task", t.name());
                assertTrue(t.values().get("hung_task_detect_count").contains(" -> "), t.toString());
                CliRun d = CliRun.of("diagnose", archive.toString());
                assertTrue(d.out().startsWith("TAKEN BY procsnap watch: hung-task since "), d.out());
                assertTrue(d.out().contains(" d-state-threads: ") && d.out().contains("cat[" + cat.pid() + "]"), d.out());
            } finally {
                Files.writeString(sys.resolve("hung_task_timeout_secs"), timeout);
                Files.writeString(sys.resolve("hung_task_warnings"), warnings);
            }
            fuse.close(); // the connection aborts: cat returns and dies
            assertTrue(cat.waitFor(10, TimeUnit.SECONDS), "cat ended once the FUSE daemon was gone");
            assertEquals(0, w.stop(20), w.output());
        }
        assertEquals(timeout, Files.readString(sys.resolve("hung_task_timeout_secs")).trim());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStatfsThatHangs() throws Exception {
        assumeTrue(CaptureProcess.isRoot() && Files.exists(Path.of("/dev/fuse")), "NOT RUN: needs root and /dev/fuse");
        Path dir = watchDir();
        Path fuseDir = Files.createDirectories(tmp.resolve("fuse"));
        Path mnt = fuseDir.resolve("mnt");
        // the mount does not exist yet: the watcher's statfs of it fails quietly until it is mounted
        try (WatchProcess w = WatchProcess.start(List.of(), dir, args("--trigger", "statfs-hang", "--mount", mnt.toString(),
                "--statfs-interval", "1s", "--statfs-timeout", "1s", "--", "--skip", "commands", "--statfs-timeout", "1s"))) {
            long t0 = System.nanoTime();
            try (HangFs fuse = HangFs.mount(fuseDir, true)) {
                Path archive = w.awaitArchive("statfs-hang", 60, List.of());
                onTime("statfs-hang", t0, archive, w, 1, 1, 1 + 1);
                Manifest.Trigger t = trigger(archive);
                assertEquals("statfs-hang", t.name());
                assertEquals(mnt.toString(), t.values().get("mount"), t.toString());
                CliRun d = CliRun.of("diagnose", archive.toString());
                assertTrue(d.out().startsWith("TAKEN BY procsnap watch: statfs-hang since "), d.out());
                assertTrue(d.out().contains("CRITICAL statfs-hang: statfs of " + mnt + " ("), d.out());
            }
            assertEquals(0, w.stop(20), "the watcher stops though its stat -f children were stuck: " + w.output());
        }
    }

    /**
     * A probe that starts failing after the watcher started; then the watcher is restarted: the cool-down
     * holds across the restart (state in DIR), the next capture comes after it and --keep 1 removes the
     * first archive; a SIGTERM during that capture lets it finish its archive and the watcher exits 0.
     * The captures read only the fast pass and two samples, so that a loaded machine does not stretch
     * them past the cool-down.
     */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aProbeThatFailsAcrossARestartWithTheCooldownAndRotation() throws Exception {
        assumeTrue(CaptureProcess.isRoot(), "NOT RUN: needs root (the capture reads every process)");
        Path dir = watchDir();
        Path sick = tmp.resolve("sick");
        String probe = "if [ -e " + sick + " ]; then echo 'health check: service not answering' >&2; exit 1; fi";
        String[] options = {"--interval", "1s", "--hold", "1s", "--cooldown", "40s", "--keep", "1", "--samples", "2",
                "--sample-interval", "1s", "--trigger", "probe-failed", "--probe", probe, "--probe-interval", "1s",
                "--probe-timeout", "2s", "--", "--skip", "details,system,filesystems,commands"};
        Path first;
        try (WatchProcess w = WatchProcess.start(List.of(), dir, options)) {
            Thread.sleep(1500); // the probe has passed at least once
            assertEquals(List.of(), w.archives("probe-failed"), w.log());
            long t0 = System.nanoTime();
            Files.writeString(sick, "x");
            first = w.awaitArchive("probe-failed", 60, List.of());
            Files.delete(sick);
            onTime("probe-failed", t0, first, w, 1, 1, 1);
            Manifest.Trigger t = trigger(first);
            assertEquals("health check: service not answering", t.values().get("output"), t.toString());
            Files.copy(first, tmp.resolve("first.tar.zst")); // --keep 1 removes it at the next capture
            assertEquals(0, w.stop(20), w.output());
        }
        try (WatchProcess w = WatchProcess.start(List.of(), dir, options)) {
            w.awaitLog("cool-down from the last capture (probe-failed at ", 10);
            Files.writeString(sick, "x");
            w.awaitLog("probe-failed holds (probe-failed), no capture: cool-down until ", 20);
            assertEquals(List.of(first), w.archives("probe-failed"), "no capture during the cool-down");
            w.awaitLog("capturing (probe-failed held ", 60);
            awaitTemporaryFile(dir, 30); // the capture is under way: its archive is open, its manifest written
            Thread.sleep(500); // and its signal hook in place (a SIGTERM before that ends it as SIGKILL would)
            assertEquals(0, w.stop(30), "SIGTERM during a capture: " + w.output());
            String log = w.ownLog();
            assertTrue(log.contains("stopping the running capture"), log);
            assertTrue(log.contains("stopped early: interrupted by a signal"), "the capture finished its archive: " + log);
            assertTrue(log.contains("removed " + first.getFileName()), "--keep 1: " + log);
            List<Path> left = w.archives("probe-failed");
            assertEquals(1, left.size(), left.toString());
            assertTrue(!left.get(0).equals(first) && trigger(left.get(0)).name().equals("probe-failed"), left.toString());
        } finally {
            Files.deleteIfExists(sick);
        }
        CliRun d = CliRun.of("diagnose", tmp.resolve("first.tar.zst").toString());
        assertTrue(d.out().startsWith("TAKEN BY procsnap watch: probe-failed since "), d.out());
        assertTrue(d.out().contains("exited 1: health check: service not answering"), d.out());
    }

    private static void awaitTemporaryFile(Path dir, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try (var s = Files.list(dir)) {
                if (s.anyMatch(p -> p.getFileName().toString().matches("\\.procsnap-.*\\.tmp-\\d+") && p.toFile().length() > 0)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no capture under way in " + dir);
    }

    private static void awaitState(long pid, char state, String why) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        char last = '?';
        while (System.nanoTime() < end) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            last = stat.charAt(stat.lastIndexOf(')') + 2);
            if (last == state) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(why + ": pid " + pid + " is in state " + last + ", not " + state);
    }

    private static void awaitOwnIpcNamespace(long pid) throws Exception {
        String mine = Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")).toString();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/ipc")).toString().equals(mine)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("unshare --ipc did not make a namespace");
    }
}
