package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.ExitCode;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.InfoReport;
import io.procsnap.replay.model.IndexListing;
import io.procsnap.replay.render.InfoRenderer;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Host, kernel, capture time and duration, options, entry counts per status, what timed out "
                + "or was denied (grouped), and whether the archive is complete, cut off or salvaged.",
        footer = {"", ExitCode.HELP_TABLE})
final class InfoCommand extends AnalysisCommand {
    @Override
    Set<KernelFile> rows() {
        return InfoReport.ROWS;
    }

    /**
     * An archive file is answered from its index when it can be ({@link IndexListing}: a whole Linux archive,
     * every frame passing its checksums), without loading a snapshot: on a 10,000-thread capture that is
     * 170,000 entries not walked. Any other archive, a tree, {@code --live} or {@code --verify} (the seek
     * table's checksums too, which the index path does not compare) is loaded, with the same report.
     */
    @Override
    public Integer call() throws Exception {
        Path file = source.archiveFile();
        if (file != null && !source.verify) {
            try (ArchiveReader reader = ArchiveReader.open(file)) {
                Optional<IndexListing> listing = IndexListing.read(reader);
                if (listing.isPresent()) {
                    InfoReport report = InfoReport.of(reader, file.toString(), listing.get());
                    ArchiveSummary summary = reader.summary();
                    ArchiveDamage.opened(file, () -> summary);
                    write(report, InfoRenderer::table);
                    return ExitCode.OK;
                }
            }
        }
        return print(InfoReport::of, InfoRenderer::table);
    }
}
