package io.procsnap.capture.sunos;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.Compression;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryType;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fake SunOS zone: {@code fixtures/sunos-zone/proc} (replay's SunosZoneTree: seed 003's dd and the ps
 * that hung on its p_lock) copied to a temporary directory with dd's psinfo replaced by a FIFO that never
 * answers, the stub commands of {@code fixtures/sunos-zone/bin} first on PATH (zpool at 100%, mdb -k
 * stacks in txg_wait_open, zonename global, ppriv E: all), and the packaged jar run as its own process
 * with {@code --platform sunos --proc-root}, zstd-jni made unloadable as on SunOS. The capture ends on time,
 * the blocked psinfo is {@code timeout} (its reader child killed), the rest of dd skipped, ps read, the
 * commands run, the archive is gzip, the process exits, and no reader child or tool is left behind.
 * The archive of the first test is kept as {@code target/sunos-zone.tar.gz}; with
 * {@code -Dsunos.fixture.update=true} it replaces {@code fixtures/sunos-zone/sunos-zone.tar.gz}.
 */
class SunosZoneIT {
    private static final Path ZONE = Path.of("../fixtures/sunos-zone").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Run(int exit, String err, long millis) { }

    @Test
    void blockedPsinfoIsATimeoutAndTheChainIsCaptured() throws Exception {
        Path proc = zone();
        Path archive = dir.resolve("zone.tar.zst");
        Run r = capture(proc, archive, "8s", "1s", "-Dprocsnap.sunos.reader=perl");
        assertTrue(r.exit() == 3, "partial (a read timed out): " + r.err());
        assertTrue(r.err().contains("writing a gzip archive instead"), r.err());
        Path gz = dir.resolve("zone.tar.gz");
        try (ArchiveReader a = ArchiveReader.open(gz)) {
            assertEquals(Compression.GZIP, a.compression());
            assertEquals(ArchiveState.COMPLETE, a.summary().state());
            Manifest.Platform p = a.manifest().platform();
            assertTrue(p.isSunos(), p.toString());
            assertEquals(List.of("5.11", "amd64", "global", "64"), List.of(p.osRelease(), p.isa(), p.zone(), p.readerDataModel()));
            assertEquals(java.nio.ByteOrder.nativeOrder().toString(), p.byteOrder());
            assertEquals("sunos", a.manifest().options().get("platform"));
            assertEquals("mdb -k: run (global zone, all privileges)", a.manifest().notes().get("mdb"));
            assertEquals("zone-host", a.manifest().host().hostname());

            Map<String, Entry> e = byPath(a);
            Entry hung = e.get("proc/4211/psinfo");
            assertEquals(Status.TIMEOUT, hung.status(), hung.toString());
            assertTrue(hung.header().detail().contains("reader child") && hung.header().detail().contains("SIGKILL"),
                    hung.header().detail());
            assertTrue(hung.header().elapsedNanos() >= 900_000_000L && hung.header().elapsedNanos() < 3_000_000_000L,
                    "abandoned after its 1 s timeout: " + hung.header().elapsedNanos());
            assertEquals(Status.OK, e.get("proc/4211").status(), "owner read before the hang");
            assertEquals(Status.SKIPPED, e.get("proc/4211/lpsinfo").status());
            assertTrue(e.get("proc/4211/status").header().detail().contains("breaker: proc/4211/psinfo timed out"));

            for (String f : List.of("psinfo", "lpsinfo", "status", "lstatus", "cred", "lwp/1/lwpsinfo", "lwp/1/lwpstatus")) {
                Entry ok = e.get("proc/4230/" + f);
                assertEquals(Status.OK, ok.status(), f + ": " + ok);
                assertArrayEquals(Files.readAllBytes(ZONE.resolve("proc/4230/" + f)), a.read(ok), f + " stored raw");
            }
            assertEquals(EntryType.DIRECTORY, e.get("proc/4230").header().type());
            assertEquals(EntryType.DIRECTORY, e.get("proc/4230/lwp").header().type());
            assertEquals("/usr/bin/ps", e.get("proc/4230/path/a.out").header().linkTarget());
            assertEquals(Status.VANISHED, e.get("proc/4230/usage").status(), "the fixture has no usage file");

            String stacks = text(a, e.get("cmd/mdb-stacks-txg/stdout"));
            assertTrue(stacks.contains("txg_wait_open"), stacks);
            assertTrue(text(a, e.get("cmd/zpool-list/stdout")).contains("tank\t106837311488\t106837311488\t0\t-\t-\t63\t100\t"));
            assertTrue(text(a, e.get("cmd/df/stdout")).contains("100%    /tank/data"));
            for (String c : List.of("etc-release", "uname", "isainfo", "zonename", "zoneadm", "psrinfo", "swap", "vmstat",
                    "kstat-zfs", "kstat-caps", "ipcs", "ppriv", "mdb-ps", "mdb-stacks", "mdb-findstack", "mdb-threadlist",
                    "mdb-spa", "zpool-status", "zfs-list", "zfs-get")) {
                assertTrue(e.containsKey("cmd/" + c + "/status"), c);
            }
            assertTrue(!e.containsKey("cmd/dmesg/status") && !e.containsKey("proc/loadavg"), "no Linux reads");
        }
        Files.copy(gz, Path.of("target/sunos-zone.tar.gz"), StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("sunos.fixture.update")) {
            Files.copy(gz, ZONE.resolve("sunos-zone.tar.gz"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * A read that stays blocked past the deadline (read timeout 30 s, deadline 4 s): the engine gives up on
     * it at the deadline, the capture still ends by deadline + 2 s, its reader child is killed, and the
     * process exits. This run uses the shell reader child (the first test the perl one).
     */
    @Test
    void blockedReadPastTheDeadlineStillEndsOnTime() throws Exception {
        Path proc = zone();
        Path archive = dir.resolve("late.tar.zst");
        Run r = capture(proc, archive, "4s", "30s", "-Dprocsnap.sunos.reader=sh");
        assertTrue(r.exit() == 3, r.err());
        Matcher took = new Matcher(r.err());
        assertTrue(took.seconds <= 6.0, "capture took " + took.seconds + " s, deadline 4 s + 2 s: " + r.err());
        assertTrue(r.millis() < 4_000 + 2_000 + 4_000, "process exited after " + r.millis() + " ms");
        try (ArchiveReader a = ArchiveReader.open(dir.resolve("late.tar.gz"))) {
            Entry hung = byPath(a).get("proc/4211/psinfo");
            assertEquals(Status.TIMEOUT, hung.status(), hung.toString());
            assertTrue(hung.header().detail().startsWith("deadline"), hung.header().detail());
        }
        System.out.println("SunosZoneIT: deadline 4 s with a read blocked for good: capture " + took.seconds
                + " s, process wall " + r.millis() + " ms");
    }

    /** The "in X s" of the summary line. */
    private static final class Matcher {
        final double seconds;

        Matcher(String err) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(" in ([0-9.]+) s: ").matcher(err);
            seconds = m.find() ? Double.parseDouble(m.group(1)) : Double.MAX_VALUE;
        }
    }

    /** The zone's tree in the temp directory, dd's psinfo a FIFO nobody writes. */
    private Path zone() throws Exception {
        Path copy = dir.resolve("zone");
        exec(List.of("cp", "-a", ZONE.resolve("proc").toString(), copy.toString()));
        Path psinfo = copy.resolve("4211/psinfo");
        Files.delete(psinfo);
        exec(List.of("mkfifo", psinfo.toString()));
        return copy;
    }

    private Run capture(Path proc, Path archive, String deadline, String readTimeout, String reader) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-DZstdNativePath=/nonexistent/libzstd-jni.so", reader, "-jar", jar().toString(),
                "--platform", "sunos", "--proc-root", proc.toString(), "--deadline", deadline,
                "--read-timeout", readTimeout, "--command-timeout", "3s", "--min-free", "0", "-o", archive.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().put("PATH", ZONE.resolve("bin") + ":" + System.getenv("PATH"));
        long t = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("capture did not exit within 60 s");
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        long millis = (System.nanoTime() - t) / 1_000_000;
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertNothingLeftOn(proc.resolve("4211/psinfo"));
        return new Run(p.exitValue(), err, millis);
    }

    /** No process (a reader child's od) still has the FIFO open or on its command line. */
    private static void assertNothingLeftOn(Path fifo) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<ProcessHandle> left;
        do {
            left = ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(fifo.toString()))
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        left.forEach(ProcessHandle::destroyForcibly);
        throw new AssertionError("left behind on " + fifo + ": " + left);
    }

    private static Map<String, Entry> byPath(ArchiveReader a) {
        Map<String, Entry> m = new HashMap<>();
        for (Entry e : a.entries()) {
            m.put(e.path(), e);
        }
        return m;
    }

    private static String text(ArchiveReader a, Entry e) throws IOException {
        return new String(a.read(e), StandardCharsets.UTF_8);
    }

    private static Path jar() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            return s.filter(p -> p.getFileName().toString().matches("capture-[^-]+.*\\.jar")
                    && !p.getFileName().toString().contains("tests")).findFirst()
                    .orElseThrow(() -> new IOException("no capture jar in target/: run mvn package first")).toAbsolutePath();
        }
    }

    private static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("failed: " + cmd);
        }
    }
}
