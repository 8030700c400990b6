package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.Entry;
import io.procsnap.format.layout.KernelFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The capture's wall-clock time for {@code shell}: when {@code proc/uptime} was read (the manifest's start
 * plus that entry's start offset), so that the time a command prints next to the captured uptime and load
 * is the time they were true; and the libfaketime library that shows it to commands, if installed.
 *
 * @param captured the capture's wall-clock time
 * @param library  libfaketime.so.1, or null when it is not installed
 */
record CaptureClock(Instant captured, Path library) {
    /** Where Debian (multiarch), Fedora and source builds put libfaketime. */
    private static final List<String> LIBRARY_DIRECTORIES = List.of("/usr/lib/faketime", "/usr/lib64/faketime",
            "/usr/local/lib/faketime", "/usr/local/lib64/faketime");

    /** The clock of the capture in {@code reader}, or null when its manifest has no start time. */
    static CaptureClock of(ArchiveReader reader) throws IOException {
        Instant start = reader.manifest().startUtc();
        if (start == null) {
            return null;
        }
        long offset = reader.find(KernelFile.UPTIME.path()).map(Entry::header).map(h -> Math.max(0, h.startNanos()))
                .orElse(0L);
        return new CaptureClock(start.plusNanos(offset), installedLibrary());
    }

    /** libfaketime.so.1 of this machine, or null. */
    static Path installedLibrary() throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> multiarch = Files.newDirectoryStream(Path.of("/usr/lib"), "*-linux-gnu*")) {
            multiarch.forEach(d -> candidates.add(d.resolve("faketime")));
        } catch (IOException noUsrLib) {
            // not a Debian-like layout
        }
        LIBRARY_DIRECTORIES.forEach(d -> candidates.add(Path.of(d)));
        for (Path dir : candidates) {
            Path lib = dir.resolve("libfaketime.so.1");
            if (Files.isReadable(lib)) {
                return lib;
            }
        }
        return null;
    }

    /**
     * libfaketime's FAKETIME value for a clock that reads {@code captured} at {@code now} and runs on from
     * there: a relative offset in whole seconds ("-8640000", "+0"), the same for every process of COMMAND.
     */
    static String offset(Instant captured, Instant now) {
        long seconds = Math.round(Duration.between(now, captured).toMillis() / 1000.0);
        return (seconds < 0 ? "-" : "+") + Math.abs(seconds);
    }
}
