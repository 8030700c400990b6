package io.procsnap.capture;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The packaged jar on a Java 17 runtime, as root and as user nobody (non-root: exit 3, denied entries). */
class NonRootJdk17IT {
    @TempDir
    Path dir;

    @Test
    void jarRunsOnJava17() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(Jar.JDK17)), "NOT RUN: no JDK 17 at " + Jar.JDK17);
        Jar.Run r = Jar.run(List.of(Jar.JDK17, "-jar", Jar.jar().toString(), "--version"), dir, 60);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Java 17."), r.out());
    }

    @Test
    void nonRootCaptureIsPartialWithDeniedEntries() throws Exception {
        assumeTrue(Jar.isRoot(), "NOT RUN: needs root to switch to user nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "NOT RUN: setpriv (util-linux) missing");
        assumeTrue(Files.isExecutable(Path.of(Jar.JDK17)), "NOT RUN: no JDK 17 at " + Jar.JDK17);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path archive = dir.resolve("nobody.tar.zst");
        Jar.Run r = Jar.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", Jar.JDK17,
                "-jar", Jar.jar().toString(), "-o", archive.toString(), "--deadline", "60s"), dir, 120);
        assertEquals(ExitCode.PARTIAL, r.exit(), r.err());
        assertTrue(r.err().contains("not root (uid 65534)"), r.err());
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            assertEquals(ArchiveState.COMPLETE, reader.summary().state());
            assertEquals(65534, reader.manifest().capturedBy().euid());
            assertTrue(reader.summary().countsByStatus().getOrDefault(Status.DENIED, 0L) > 0, reader.summary().toString());
            assertEquals(Status.DENIED, reader.find("proc/1/stack").orElseThrow().status());
            assertTrue(reader.find("proc/1/stat").isPresent());
            assertTrue(reader.find("proc/1").orElseThrow().header().uid() >= 0);
            assertTrue(reader.manifest().notes().get("reader").startsWith("nio"), reader.manifest().notes().toString());
        }
    }

    /**
     * As user nobody, the JNI reader (Java 25 with the library, as in the bundle) records pid 1's entries
     * with the same statuses and errno names as the NIO reader on Java 17: denied stays denied. Compared as
     * sorted lines: the engine's readers finish items in any order, and entries are written as they finish.
     */
    @Test
    void nonRootNativeReaderRecordsWhatNioRecords() throws Exception {
        assumeTrue(Jar.isRoot(), "NOT RUN: needs root to switch to user nobody");
        assumeTrue(Files.isExecutable(Path.of(Jar.JDK17)), "NOT RUN: no JDK 17 at " + Jar.JDK17);
        Path lib = io.procsnap.capture.faults.CaptureProcess.nativeLibrary();
        assertTrue(Files.isReadable(lib), lib.toString());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        String java25 = ProcessHandle.current().info().command().orElseThrow();
        java.util.Map<String, String> byReader = new java.util.TreeMap<>();
        for (String reader : List.of("nio", "native")) {
            Path archive = dir.resolve(reader + ".tar.zst");
            List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            if (reader.equals("nio")) {
                cmd.add(Jar.JDK17);
            } else {
                cmd.addAll(List.of(java25, "--enable-native-access=ALL-UNNAMED", "-Dprocsnap.native=" + lib));
            }
            cmd.addAll(List.of("-jar", Jar.jar().toString(), "-o", archive.toString(), "--deadline", "60s",
                    "--skip", "filesystems,commands"));
            Jar.Run r = Jar.run(cmd, dir, 120);
            assertEquals(ExitCode.PARTIAL, r.exit(), r.err());
            java.util.SortedSet<String> pid1 = new java.util.TreeSet<>();
            try (ArchiveReader a = ArchiveReader.open(archive)) {
                assertTrue(a.manifest().notes().get("reader").startsWith(reader), a.manifest().notes().toString());
                for (io.procsnap.format.Entry e : a.entries()) {
                    String path = e.header().path();
                    if (path.startsWith("proc/1/") && !path.startsWith("proc/1/task/")) {
                        pid1.add(path + ' ' + e.status() + ' ' + e.header().detail());
                    }
                }
            }
            byReader.put(reader, String.join("\n", pid1));
        }
        assertTrue(byReader.get("nio").contains("proc/1/stack DENIED EACCES"), byReader.get("nio"));
        assertEquals(byReader.get("nio"), byReader.get("native"));
    }

    /**
     * The plain jar, run without the launcher (a musl device's own Java), on a saturated machine (two busy
     * loops per CPU and two more, this test's own, killed by pid): it finds the CPUs saturated itself, runs
     * the commands without {@code nice -n 19} and says why in the manifest. Before, only the launcher decided
     * it, and the jar ran every command at nice 19 behind the hogs.
     */
    @Test
    void thePlainJarOnASaturatedMachineKeepsTheCommandsPriority() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(Jar.JDK17)), "NOT RUN: no JDK 17 at " + Jar.JDK17);
        int cpus = Runtime.getRuntime().availableProcessors();
        try (ProcFixture fx = new ProcFixture(Files.createDirectories(dir.resolve("fx")));
             BusyLoops loops = BusyLoops.saturating()) {
            fx.process(42, "plain");
            String priority = null;
            // one reading of the runnable count: the loops may be between ticks, so a few tries
            for (int attempt = 0; attempt < 5 && (priority == null || !priority.contains("saturated")); attempt++) {
                Path archive = dir.resolve("s" + attempt + ".tar.zst");
                Jar.Run r = Jar.run(List.of(Jar.JDK17, "-jar", Jar.jar().toString(), "--proc-root", fx.proc.toString(),
                        "-o", archive.toString(), "--skip", "commands"), dir, 120);
                assertTrue(r.exit() == 0 || r.exit() == 3, r.err());
                try (ArchiveReader reader = ArchiveReader.open(archive)) {
                    priority = reader.manifest().notes().get("priority");
                }
            }
            assertTrue(priority.startsWith("capture: not lowered (run without launcher); commands: ")
                    && !priority.contains("nice -n 19")
                    && priority.contains("(CPU priority not lowered: the machine is saturated: ")
                    && priority.contains(" runnable besides this capture, " + cpus + " CPUs)"), priority);
        }
    }
}
