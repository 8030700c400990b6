package io.procsnap.capture.bundle;

import io.procsnap.capture.ProcFixture;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where zstd-jni's native library cannot load, the capture writes a gzip archive instead and says so
 * (format-spec's ArchiveWriter falls back; SPEC.md: both are valid archives). Two real ways it fails:
 * the plain jar on a device's own Java 17 whose temp directory is a noexec tmpfs (zstd-jni extracts its
 * library there and the kernel refuses to map it executable: what also happens on a musl device, where
 * the glibc-linked library cannot load), and a bundle whose zstd library is of another architecture.
 */
class ZstdFallbackIT {
    private static final String JDK17 = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java";

    @TempDir
    Path dir;

    @Test
    void plainJarOnJava17WritesGzipWhenZstdCannotLoad() throws Exception {
        assumeTrue(Bundles.isRoot(), "NOT RUN: needs root (a noexec tmpfs in a private mount namespace)");
        assumeTrue(Files.isExecutable(Path.of(JDK17)), "NOT RUN: no JDK 17 at " + JDK17);
        Path jar;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("capture-[^-]+.*\\.jar") && !p.toString().contains("tests"))
                    .findFirst().orElseThrow().toAbsolutePath();
        }
        Path tmp = Files.createDirectories(dir.resolve("noexec-tmp"));
        Path archive = dir.resolve("device.tar.zst");
        try (ProcFixture fx = new ProcFixture(Files.createDirectories(dir.resolve("fx")))) {
            fx.process(42, "device");
            Bundles.Run r = Bundles.run(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs -o noexec,size=20m tmpfs \"$1\" && shift && \"$@\"; rc=$?; umount \"" + tmp + "\"; exit $rc",
                    "fallback", tmp.toString(), JDK17, "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(),
                    "--proc-root", fx.proc.toString(), "--skip", "commands,filesystems", "--min-free", "0",
                    "-o", archive.toString()), dir, Map.of(), 120);
            try (ArchiveReader a = gzipArchive(r, "device")) {
                assertTrue(a.manifest().notes().get("reader").startsWith("nio"), a.manifest().notes().toString());
                assertTrue(a.manifest().platform().runtime().contains("17."), a.manifest().platform().toString());
            }
        }
    }

    @Test
    void bundleWithAZstdLibraryOfAnotherArchitectureWritesGzip() throws Exception {
        Path bundle = Bundles.unpack("x86_64", Files.createDirectories(dir.resolve("b")));
        Path arm = Bundles.unpack("aarch64", Files.createDirectories(dir.resolve("a")));
        Files.copy(arm.resolve("lib/native/libzstd-jni.so"), bundle.resolve("lib/native/libzstd-jni.so"),
                StandardCopyOption.REPLACE_EXISTING);
        Path archive = dir.resolve("b.tar.zst");
        try (ProcFixture fx = new ProcFixture(Files.createDirectories(dir.resolve("fx")))) {
            fx.process(42, "device");
            Bundles.Run r = Bundles.run(List.of(bundle.resolve("bin/procsnap").toString(), "--proc-root", fx.proc.toString(),
                    "--skip", "commands,filesystems", "--min-free", "0", "-o", archive.toString()), dir, Map.of(), 120);
            gzipArchive(r, "b").close();
        }
    }

    /** The capture said it fell back and wrote NAME.tar.gz (asked for NAME.tar.zst): complete, gzip, with the fixture's process. */
    private ArchiveReader gzipArchive(Bundles.Run r, String name) throws Exception {
        assertTrue(r.exit() == 0 || r.exit() == 3, r.err());
        assertTrue(r.err().contains("procsnap: zstd native library unavailable; writing a gzip archive instead"), r.err());
        ArchiveReader a = ArchiveReader.open(dir.resolve(name + ".tar.gz"));
        assertEquals(Compression.GZIP, a.compression());
        assertEquals(ArchiveState.COMPLETE, a.summary().state());
        assertTrue(a.find("proc/42/stat").isPresent());
        return a;
    }
}
