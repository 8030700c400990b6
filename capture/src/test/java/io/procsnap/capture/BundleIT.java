package io.procsnap.capture;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The jlink bundle as a technician gets it: within budget, unpacked elsewhere, captures and round-trips. */
class BundleIT {
    /** Every bundle: 16 MB downloaded (the ARM ones: EmulatedBundleIT), x86-64 also 40 MB unpacked (issue 14). */
    static final long BUDGET_BYTES = 16_000_000L;
    static final long UNPACKED_BUDGET_BYTES = 40_000_000L;

    @TempDir
    Path dir;

    /**
     * Building the bundle (mvn package, before this IT) must leave the build machine alone: the AOT
     * probe of an earlier bundle once ran with -XX:AOTCacheOutput=/dev/null, and HotSpot replaces its output
     * path with a regular file, so as root every build turned /dev/null into an 8 MB file (a CDS dump,
     * CDS=yes, writes into the build directory only).
     */
    @Test
    void buildingTheBundleLeavesDevNullACharacterDevice() throws Exception {
        Path tarball = Path.of("target/procsnap-bundle-linux-x86_64.tar.gz").toAbsolutePath();
        assumeTrue(Files.exists(tarball), "NOT RUN: no bundle (built by mvn package unless -DskipBundle=true)");
        int mode = (Integer) Files.getAttribute(Path.of("/dev/null"), "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertEquals(0020000, mode & 0170000, "/dev/null is no longer a character device (mode " + Integer.toOctalString(mode) + ")");
    }

    @Test
    void bundleFitsTheBudgetAndCapturesFromAnotherDirectory() throws Exception {
        Path tarball = Path.of("target/procsnap-bundle-linux-x86_64.tar.gz").toAbsolutePath();
        assumeTrue(Files.exists(tarball), "NOT RUN: no bundle (built by mvn package unless -DskipBundle=true)");
        long size = Files.size(tarball);
        assertTrue(size <= BUDGET_BYTES, "bundle " + size + " bytes > " + BUDGET_BYTES);
        assertEquals(0, Jar.run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), dir, 60).exit());
        Jar.Run du = Jar.run(List.of("du", "-sb", "--apparent-size", dir.resolve("procsnap").toString()), dir, 60);
        long unpacked = Long.parseLong(du.out().split("\\s+")[0]);
        assertTrue(unpacked <= UNPACKED_BUDGET_BYTES, "unpacked " + unpacked + " bytes > " + UNPACKED_BUDGET_BYTES);
        Path bin = dir.resolve("procsnap/bin/procsnap");
        Jar.Run version = Jar.run(List.of(bin.toString(), "--version"), dir, 60);
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("procsnap "), version.out());
        assertEquals("", version.err(), "no JVM warnings (CDS archive mismatch, native access) on stderr");
        if (Files.exists(dir.resolve("procsnap/lib/procsnap.jsa"))) {
            // built with CDS=yes: the launcher silences the CDS log, and an archive that does not match (class
            // path, jar sizes and times) is then ignored without a word: -Xshare:on makes that an error, here
            // where the bundle is unpacked elsewhere than it was built.
            Jar.Run cached = Jar.run(List.of("env", "JAVA_TOOL_OPTIONS=-Xshare:on", bin.toString(), "--version"), dir, 60);
            assertEquals(0, cached.exit(), cached.err());
        }
        try (ProcFixture fx = new ProcFixture(Files.createDirectories(dir.resolve("fx")))) {
            fx.process(42, "bundled");
            Path archive = dir.resolve("b.tar.zst");
            Jar.Run r = Jar.run(List.of(bin.toString(), "--proc-root", fx.proc.toString(), "-o", archive.toString()), dir, 60);
            assertTrue(r.exit() == 0 || r.exit() == 3, r.err());
            assertTrue(r.err().startsWith("procsnap: wrote "), r.err());
            try (ArchiveReader reader = ArchiveReader.open(archive)) {
                assertEquals(ArchiveState.COMPLETE, reader.summary().state());
                assertEquals(Compression.ZSTD_SEEKABLE, reader.compression(), "zstd loaded from the bundle");
                assertTrue(reader.find("proc/42/stat").isPresent());
                String priority = reader.manifest().notes().get("priority");
                assertTrue(priority.startsWith("capture: nice -n 10") && priority.contains("(the machine is not saturated: ")
                        && priority.contains("commands: /usr/bin/nice -n 19 ")
                        || priority.startsWith("capture: normal, not lowered: the machine is saturated (")
                        && priority.endsWith("(CPU priority not lowered: the machine is saturated)"), priority);
                assertTrue(reader.manifest().notes().get("reader").startsWith("native"),
                        "the bundle reads through its JNI library: " + reader.manifest().notes());
                assertTrue(reader.manifest().notes().get("statfs").startsWith("helper "),
                        "the bundle's statfs helper: " + reader.manifest().notes());
                String statfs = new String(reader.read(reader.find("statfs/0").orElseThrow()), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(statfs.contains("flags_source: statfs\n"), "statfs/0 through the helper: " + statfs);
            }
        }
    }

    /**
     * On a saturated machine (more runnable tasks than CPUs: here two busy loops per CPU, and two more) the
     * launcher keeps the capture's priority, and the commands keep it too: at nice 19 behind such hogs each
     * command took seconds (dmesg, df, every zpool/zfs probe: 39 s of a 40 s capture with 8 loops on 2
     * CPUs). The manifest says so. The loops are this test's own processes, killed by pid.
     */
    @Test
    void onASaturatedMachineTheCommandsKeepTheCapturesPriority() throws Exception {
        Path tarball = Path.of("target/procsnap-bundle-linux-x86_64.tar.gz").toAbsolutePath();
        assumeTrue(Files.exists(tarball), "NOT RUN: no bundle (built by mvn package unless -DskipBundle=true)");
        assertEquals(0, Jar.run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), dir, 60).exit());
        Path bin = dir.resolve("procsnap/bin/procsnap");
        try (ProcFixture fx = new ProcFixture(Files.createDirectories(dir.resolve("fx")));
             BusyLoops loops = BusyLoops.saturating()) {
            fx.process(42, "bundled");
            String priority = null;
            // the launcher reads the runnable count once: try a few times, the loops may be between ticks
            for (int attempt = 0; attempt < 5 && (priority == null || !priority.contains("saturated (")); attempt++) {
                Path archive = dir.resolve("s" + attempt + ".tar.zst");
                Jar.Run r = Jar.run(List.of(bin.toString(), "--proc-root", fx.proc.toString(), "-o", archive.toString(),
                        "--skip", "commands"), dir, 60);
                assertTrue(r.exit() == 0 || r.exit() == 3, r.err());
                try (ArchiveReader reader = ArchiveReader.open(archive)) {
                    priority = reader.manifest().notes().get("priority");
                }
            }
            assertTrue(priority.startsWith("capture: normal, not lowered: the machine is saturated ("), priority);
            assertTrue(!priority.contains("nice -n 19") && priority.contains("commands: /usr/bin/ionice -t -c 3")
                    && priority.endsWith("(CPU priority not lowered: the machine is saturated)"), priority);
        }
    }
}
