package io.procsnap.replay.model;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.Manifest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Packs a fixture tree (see {@link FixtureTree} and {@code fixtures/README.md}) into a real procsnap
 * archive with the format library's {@link ArchiveWriter}, so tests and golden outputs go through the
 * same reader as production captures.
 *
 * <p>A tree whose metadata sets {@code cutOffAfter: N} is written like a capture killed after N entries:
 * the completed frames are flushed and the stream is closed without the index and seek table.
 */
public final class TreeArchiver {
    private TreeArchiver() {
    }

    /** Packs {@code tree} into {@code archive} (overwritten) and returns the number of entries written. */
    public static long pack(Path tree, Path archive) throws IOException {
        return pack(tree, archive, ArchiveWriter.Options.defaults());
    }

    public static long pack(Path tree, Path archive, ArchiveWriter.Options options) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive))) {
            return pack(tree, out, options);
        }
    }

    /** Packs into a stream; the stream is closed by the writer (or, for a cut-off tree, left to the caller). */
    public static long pack(Path tree, OutputStream out, ArchiveWriter.Options options) throws IOException {
        FixtureTree fixture = FixtureTree.read(tree);
        Manifest manifest = fixture.manifest();
        ArchiveWriter writer = ArchiveWriter.open(out, manifest, options);
        IOException[] failure = new IOException[1];
        fixture.entries((entry, content) -> {
            if (failure[0] == null) {
                try {
                    writer.add(entry.header(), content);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        long written = writer.entryCount();
        if (fixture.cutOffAfter() >= 0) {
            writer.flush();
            out.flush();
            return written;
        }
        writer.close();
        return written;
    }
}
