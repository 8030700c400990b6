package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ExitCode;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.replay.archive.ArchiveSource;
import io.procsnap.replay.fuse.ProcTree;
import io.procsnap.replay.fuse.TreeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening an archive and building the served tree, shared by mount, shell and extract. */
final class ArchiveSupport {
    private ArchiveSupport() {
    }

    static ArchiveReader open(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new UserException(ExitCode.ENVIRONMENT, "cannot read " + archive + ": not a file");
        }
        ArchiveReader reader = ArchiveReader.open(archive);
        ArchiveDamage.opened(archive, reader::summary);
        return reader;
    }

    /** Builds the tree; reader failures while listing entries come back as IOException. */
    static ProcTree tree(ArchiveSource source, int sample) throws IOException {
        if (sample < 0) {
            throw new UserException(ExitCode.USAGE, "--sample must be 0 or more");
        }
        try {
            ProcTree tree = TreeBuilder.build(source, sample);
            var samples = tree.meta().child(ArchivePath.SAMPLES);
            if (sample > 0 && (samples == null || samples.child(Integer.toString(sample)) == null)) {
                throw new UserException(ExitCode.USAGE, "--sample " + sample + ": the archive has no sample "
                        + sample + " (see .procsnap/samples/ on a mount without --sample)");
            }
            return tree;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static int sampleCount(ProcTree tree) {
        var samples = tree.meta().child(ArchivePath.SAMPLES);
        return samples == null ? 0 : samples.childCount();
    }
}
