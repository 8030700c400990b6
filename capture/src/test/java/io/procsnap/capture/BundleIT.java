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
    /** x86-64 with its AOT cache (capture/README, The bundle: size); the ARM bundles: 16 MB (EmulatedBundleIT). */
    static final long BUDGET_BYTES = 26_000_000L;

    @TempDir
    Path dir;

    /**
     * Building the bundle (mvn package, before this IT) must leave the build machine alone: the AOT
     * probe once ran with -XX:AOTCacheOutput=/dev/null, and HotSpot replaces its output path with a
     * regular file, so as root every build turned /dev/null into an 8 MB file.
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
        Path bin = dir.resolve("procsnap/bin/procsnap");
        Jar.Run version = Jar.run(List.of(bin.toString(), "--version"), dir, 60);
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("procsnap "), version.out());
        assertEquals("", version.err(), "no JVM warnings (AOT cache mismatch, native access) on stderr");
        // The launcher silences the AOT log, and a cache that does not match (class path order) is then
        // ignored without a word: AOTMode=on makes that an error. Every class --version needs, picocli's
        // included, comes from the cache, none from the jars.
        Jar.Run cached = Jar.run(List.of("env", "JAVA_TOOL_OPTIONS=-XX:AOTMode=on -Xlog:class+load=info:stdout",
                bin.toString(), "--version"), dir, 60);
        assertEquals(0, cached.exit(), cached.err());
        assertTrue(cached.out().contains("procsnap "), cached.out());
        assertTrue(!cached.out().contains("source: file:"), "classes loaded from the jars, not the AOT cache:\n"
                + cached.out().lines().filter(l -> l.contains("source: file:")).collect(java.util.stream.Collectors.joining("\n")));
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
                        || priority.startsWith("capture: normal, not lowered: the machine is saturated ("), priority);
                assertTrue(reader.manifest().notes().get("reader").startsWith("native"),
                        "the bundle reads through its JNI library: " + reader.manifest().notes());
            }
        }
    }
}
