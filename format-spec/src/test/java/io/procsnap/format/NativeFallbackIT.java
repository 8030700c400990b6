package io.procsnap.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM whose temp directory does not exist cannot unpack zstd-jni's native library: the writer must
 * fall back to gzip by itself, and the archive must read back here (where zstd does load).
 */
class NativeFallbackIT {
    @TempDir
    Path dir;

    @Test
    void writerFallsBackToGzipWhenTheNativeLibraryCannotLoad() throws Exception {
        Path zstdArchive = TestArchives.write(dir.resolve("z.tar.zst"), ArchiveWriter.Options.defaults(),
                TestArchives::smallCapture);
        Path out = dir.resolve("fallback.tar.zst");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Djava.io.tmpdir=" + dir.resolve("no-such-dir"),
                "-cp", System.getProperty("java.class.path"), FallbackProbe.class.getName(), out.toString(),
                zstdArchive.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals("wrote GZIP", lines.get(0), output);
        assertEquals("read back 15 entries", lines.get(1), output);
        assertTrue(lines.get(2).startsWith("zstd archive refused: " + zstdArchive + ": a zstd archive, but the zstd"
                + " native library cannot load here"), output);
        try (ArchiveReader r = ArchiveReader.open(out)) {
            assertEquals(Compression.GZIP, r.compression());
            assertEquals(ArchiveState.COMPLETE, r.summary().state());
            assertEquals(15, r.entries().size());
        }
    }
}
