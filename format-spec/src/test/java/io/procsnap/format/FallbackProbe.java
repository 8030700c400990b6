package io.procsnap.format;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by NativeFallbackIT, where zstd's native library cannot load: writes an archive
 * with default options, prints its compression, then tries to open a zstd archive and prints what
 * happened. Args: output archive, zstd archive to open.
 */
public final class FallbackProbe {
    private FallbackProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputStream out = Files.newOutputStream(Path.of(args[0]));
             ArchiveWriter w = ArchiveWriter.open(out, TestArchives.manifest())) {
            TestArchives.smallCapture(w);
            System.out.println("wrote " + w.compression());
        }
        try (ArchiveReader r = ArchiveReader.open(Path.of(args[0]))) {
            System.out.println("read back " + r.entries().size() + " entries");
        }
        try (ArchiveReader r = ArchiveReader.open(Path.of(args[1]))) {
            System.out.println("opened zstd archive of " + r.summary().entryCount() + " entries");
        } catch (java.io.IOException e) {
            System.out.println("zstd archive refused: " + e.getMessage());
        }
    }
}
