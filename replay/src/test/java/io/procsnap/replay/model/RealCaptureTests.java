package io.procsnap.replay.model;

import io.procsnap.format.ArchiveState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real capture program captures this machine; the archive loads, every file it read cleanly parses
 * (no "unparseable" anywhere in the model), and stable facts agree with a live snapshot taken right after.
 */
class RealCaptureTests {

    @Test
    void realCaptureOfThisMachineParsesCompletely(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("this.tar.zst");
        java.util.Set<Integer> mountsBefore = new java.util.HashSet<>();
        try (Snapshot before = SnapshotLoader.live()) {
            before.mounts().forEach(m -> mountsBefore.add(m.info().mountId()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (OutputStream ignored = OutputStream.nullOutputStream()) {
            code = io.procsnap.capture.Main.run(new String[] {"-o", archive.toString(), "--samples", "1",
                "--interval", "200ms"}, ignored, new PrintWriter(out), new PrintWriter(err));
        }
        assertTrue(code == 0 || code == 3, "capture exit " + code + ": " + err);
        assertTrue(Files.size(archive) > 0);
        try (Snapshot captured = SnapshotLoader.load(archive, SnapshotLoader.Options.defaults().withVerify(true));
             Snapshot live = SnapshotLoader.live()) {
            assertEquals(ArchiveState.COMPLETE, captured.summary().state());
            assertEquals(List.of(), captured.verifyProblems());
            assertEquals(2, captured.sampleCount());
            assertEquals(List.of(), unparseable(captured), "entries read ok but not parsed");
            assertEquals(List.of(), unparseable(live), "live entries read ok but not parsed");
            int self = (int) ProcessHandle.current().pid();
            ProcessInfo meCaptured = captured.process(self).orElseThrow();
            ProcessInfo meLive = live.process(self).orElseThrow();
            assertEquals(meLive.comm(), meCaptured.comm());
            assertEquals(meLive.startTicks(), meCaptured.startTicks());
            assertEquals(meLive.commandLine(), meCaptured.commandLine());
            assertTrue(meCaptured.threads().stream().anyMatch(t -> t.samples().size() == 2), "repeated sample kept");
            int compared = 0;
            for (ProcessInfo p : captured.processes()) {
                var other = live.process(p.pid());
                if (other.isPresent() && p.stat().present() && other.get().stat().present()
                        && p.startTicks() == other.get().startTicks()) {
                    if (!p.kernelThread()) {
                        // kworker comms carry the workqueue they currently serve and change all the time
                        assertEquals(p.comm(), other.get().comm(), "pid " + p.pid());
                    }
                    assertEquals(p.ownerUid(), other.get().ownerUid(), "pid " + p.pid());
                    compared++;
                }
            }
            // short-lived processes come and go between the two reads on a busy machine; long-lived ones stay
            assertTrue(compared >= Math.min(10, captured.processes().size()), "processes compared: " + compared
                    + " of " + captured.processes().size());
            // every mount there before the capture and still there after it was captured (other work on the
            // machine may mount and unmount meanwhile: a FUSE test beside this one made the counts 22 and 23)
            java.util.Set<Integer> capturedIds = new java.util.HashSet<>();
            captured.mounts().forEach(m -> capturedIds.add(m.info().mountId()));
            java.util.Set<Integer> stayed = new java.util.HashSet<>();
            live.mounts().forEach(m -> stayed.add(m.info().mountId()));
            stayed.retainAll(mountsBefore);
            assertTrue(!stayed.isEmpty() && capturedIds.containsAll(stayed), "captured " + capturedIds + ", there throughout " + stayed);
            assertEquals(live.manifest().host().bootId(), captured.manifest().host().bootId());
        }
    }

    /** Every Sourced in the model whose entry read fine but whose content did not parse. */
    static List<String> unparseable(Snapshot s) {
        List<Sourced<?>> all = new ArrayList<>();
        for (ProcessInfo p : s.processes()) {
            all.addAll(List.of(p.stat(), p.status(), p.cmdline(), p.wchan(), p.syscall(), p.stack(), p.cgroup(),
                    p.io(), p.limits(), p.statm(), p.sched(), p.oomScore(), p.exe(), p.cwd()));
            for (ThreadInfo t : p.threads()) {
                all.add(t.status());
                for (TaskSample k : t.samples()) {
                    all.addAll(List.of(k.stat(), k.wchan(), k.syscall(), k.stack()));
                }
            }
        }
        IpcState ipc = s.ipc();
        all.addAll(List.of(ipc.msgQueues(), ipc.semaphores(), ipc.sharedMemory(), ipc.limits().msgmnb(),
                ipc.limits().sem(), ipc.limits().shmall()));
        SystemInfo sys = s.system();
        all.addAll(List.of(sys.uptime(), sys.loadavg(), sys.meminfo(), sys.stat(), sys.unixSockets(), sys.tcpSockets(),
                sys.locks(), sys.dmesg()));
        all.addAll(sys.pressure().values());
        s.fsUsage().forEach(f -> all.add(f.statfs()));
        s.commands().values().forEach(c -> all.add(c.status()));
        List<String> problems = new ArrayList<>();
        for (Sourced<?> x : all) {
            if (x.problem() != null && x.problem().startsWith("unparseable")) {
                problems.add(x.whyMissing());
            }
        }
        return problems;
    }
}
