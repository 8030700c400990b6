package io.procsnap.capture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Traces every open of a real capture of this machine (strace -f): the capture never opens a
 * process's fd targets, cwd, exe, root, mem, environ, nor /proc/kmsg or /proc/kcore, and never
 * opens anything for writing under /proc or /sys. HotSpot itself writes its own
 * /proc/self/coredump_filter at start-up unless told not to; the launcher (bin/procsnap) passes the
 * same two flags as this test.
 */
class StraceSafetyIT {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\"/proc/(kmsg|kcore|\\d+(/task/\\d+)?/(fd/\\d+|mem|environ|cwd|exe|root|map_files/.*))\"");
    private static final Pattern WRITE_UNDER_PROC_SYS = Pattern.compile("\"/(proc|sys)/[^\"]*\", [^)]*O_(WRONLY|RDWR)");

    @TempDir
    Path dir;

    /** The plain jar on the default java (NIO reader) and with the bundle's JNI reader on Java 25. */
    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void captureOpensNothingItMustNot(String reader) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "NOT RUN: strace missing (apt-get install strace)");
        Path trace = dir.resolve("trace.txt");
        Path archive = dir.resolve("x.tar.zst");
        List<String> cmd = new java.util.ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=open,openat,openat2",
                "-o", trace.toString()));
        if (reader.equals("nio")) {
            cmd.add("java");
        } else {
            Path lib = io.procsnap.capture.faults.CaptureProcess.nativeLibrary();
            cmd.addAll(List.of(io.procsnap.capture.faults.CaptureProcess.java(), "-Dprocsnap.native=" + lib));
        }
        cmd.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-DumpPrivateMappingsInCore",
                "-XX:-DumpSharedMappingsInCore", "-jar", Jar.jar().toString(), "-o", archive.toString(), "--deadline", "60s"));
        Jar.Run r = Jar.run(cmd, dir, 180);
        assertTrue(r.exit() == 0 || r.exit() == 3, r.err());
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.stream().anyMatch(l -> l.contains("/task/") && l.contains("/wchan\"")),
                "the trace shows the capture's reads");
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*\"/proc/\\d+/fd\", O_RDONLY.*")), "fd dirs are listed");
        List<String> bad = lines.stream().filter(l -> FORBIDDEN.matcher(l).find() || WRITE_UNDER_PROC_SYS.matcher(l).find())
                .collect(Collectors.toList());
        assertEquals(List.of(), bad);
        try (io.procsnap.format.ArchiveReader a = io.procsnap.format.ArchiveReader.open(archive)) {
            assertTrue(a.manifest().notes().get("reader").startsWith(reader), a.manifest().notes().toString());
        }
    }
}
