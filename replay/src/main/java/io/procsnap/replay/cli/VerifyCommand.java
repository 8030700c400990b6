package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.ExitCode;
import io.procsnap.replay.analysis.Custody;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code procsnap-replay verify ARCHIVE}: is this the file the capture wrote, whole? The file's SHA-256
 * against {@code NAME.sha256} (when present), the archive's structure (seek table and index found: not
 * cut off, not salvaged), and every frame's checksums (SPEC.md "Checksums"). Exit 0 with one line on
 * stdout, or 4 with the first problem on stderr.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks that an archive is the file the capture wrote, whole and undamaged.",
                "Compares the file's SHA-256 with NAME.sha256 beside it (written by procsnap for a regular file; "
                + "absent for -o -, where the hash is on the capture's summary line), checks that the archive is "
                + "complete (not cut off or salvaged), and decompresses every frame to check its checksum and the "
                + "seek table's. Prints one line: ok (exit 0) or the first problem found (exit 4)."},
        footer = {"", ExitCode.HELP_TABLE})
public final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "the capture (.tar.zst or .tar.gz)")
    Path archive;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(archive)) {
            throw new UserException(ExitCode.ENVIRONMENT, "cannot read " + archive + ": not a file");
        }
        String name = archive.getFileName().toString();
        Custody custody = Custody.of(archive);
        if (custody.problem() != null) {
            throw damaged(custody.problem());
        }
        if (custody.recorded() != null && !custody.matches()) {
            throw damaged("SHA-256 " + custody.sha256() + " differs from " + custody.sidecar() + " ("
                    + custody.recorded() + "): the file changed since it was written");
        }
        int frames;
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            ArchiveSummary s = reader.summary();
            if (s.state() == ArchiveState.CUT_OFF) {
                throw damaged("cut off (the capture was killed or its disk filled): " + s.damage());
            }
            ArchiveReader.VerifyResult v = reader.verify();
            if (!v.ok()) {
                throw damaged(first(v.problems(), archive.toString()));
            }
            ArchiveSummary after = reader.summary();
            if (after.state() != ArchiveState.COMPLETE) {
                throw damaged("damaged: " + after.damage());
            }
            frames = v.framesChecked();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(archive + ": ok: " + frames + (frames == 1 ? " frame" : " frames") + ", every checksum matches; sha256 "
                + custody.sha256() + " (" + custody.verdict(name) + ")");
        out.flush();
        return ExitCode.OK;
    }

    private UserException damaged(String why) {
        return new UserException(ExitCode.ARCHIVE, archive + ": " + why);
    }

    /** The first problem, without the reader's own "PATH: " (the line names the file once). */
    private static String first(List<String> problems, String path) {
        String p = problems.get(0);
        p = p.startsWith(path + ": ") ? p.substring(path.length() + 2) : p;
        return p + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }
}
