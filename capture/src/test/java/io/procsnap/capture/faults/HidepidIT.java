package io.procsnap.capture.faults;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ExitCode;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An unprivileged capture (user nobody via setpriv) of a second procfs instance mounted with
 * {@code hidepid=2}: other users' processes are invisible, their files cannot be read. The capture
 * still completes, records what was denied, exits 3 (partial), and its manifest names the captor.
 * (Capture as nobody of the normal /proc: capture's NonRootJdk17IT.)
 */
class HidepidIT {
    @TempDir
    Path dir;

    @Test
    void nobodyUnderHidepid2IsPartialAndSaysWhoCaptured() throws Exception {
        assumeTrue(CaptureProcess.isRoot(), "NOT RUN: needs root to mount procfs with hidepid=2 and to switch user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "NOT RUN: setpriv (util-linux) missing");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path proc = Files.createDirectories(dir.resolve("proc"));
        CaptureProcess.Run m = CaptureProcess.run(List.of("mount", "-t", "proc", "-o", "hidepid=2", "proc", proc.toString()), dir, 30);
        assumeTrue(m.exit() == 0, "NOT RUN: cannot mount procfs with hidepid=2: " + m.err());
        try {
            long visibleToRoot;
            try (var s = Files.list(proc)) {
                visibleToRoot = s.filter(p -> p.getFileName().toString().matches("\\d+")).count();
            }
            Path archive = dir.resolve("hidden.tar.zst");
            CaptureProcess.Run r = CaptureProcess.run(CaptureProcess.command(
                    List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                    "--proc-root", proc.toString(), "-o", archive.toString(), "--deadline", "30s", "--min-free", "0",
                    "--skip", "commands"), dir, 120);
            assertEquals(ExitCode.PARTIAL, r.exit(), r.err());
            try (ArchiveReader reader = ArchiveReader.open(archive)) {
                assertEquals(ArchiveState.COMPLETE, reader.summary().state());
                assertEquals(65534, reader.manifest().capturedBy().euid());
                assertEquals(65534, reader.manifest().capturedBy().uid());
                Map<Status, Long> counts = reader.summary().countsByStatus();
                long processes = reader.entries().stream()
                        .filter(e -> e.path().matches("proc/\\d+") && e.status() == Status.OK).count();
                String figure = String.format("hidepid=2 as nobody: %d processes visible to root, %d captured by nobody, "
                        + "entries %d, by status %s, %d ms, exit %d", visibleToRoot, processes,
                        reader.summary().entryCount(), counts, r.millis(), r.exit());
                System.out.println(figure);
                Files.writeString(Path.of("target", "faults-hidepid.txt"), figure + "\n" + r.err());
                assertTrue(processes < visibleToRoot, figure);
                assertTrue(counts.getOrDefault(Status.DENIED, 0L) > 0, figure);
                assertTrue(reader.find("proc/sys/kernel/hostname").orElseThrow().status() == Status.OK, "system files still read");
            }
        } finally {
            CaptureProcess.run(List.of("umount", proc.toString()), dir, 30);
            assertTrue(!Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + proc + " "), "procfs left mounted");
        }
    }
}
