package io.procsnap.capture.watch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The watcher's few lines (start, conditions that appear and clear, captures, removals, problems):
 * to stderr ({@code procsnap watch: ...}, for the journal or the console) and, with the UTC time, to
 * {@code DIR/.procsnap-watch/log}, which is kept under {@value #MAX_BYTES} bytes by moving it to
 * {@code log.1} (one older file).
 */
final class WatchLog {
    static final long MAX_BYTES = 256 << 10;

    private final PrintWriter err;
    private final Path file;
    private final WatchClock clock;
    /** When writing the file last failed (monotonic), or Long.MIN_VALUE; retried a minute later. */
    private long brokenAt = Long.MIN_VALUE;

    WatchLog(PrintWriter err, Path file, WatchClock clock) {
        this.err = err;
        this.file = file;
        this.clock = clock;
    }

    synchronized void line(String message) {
        err.println("procsnap watch: " + message);
        err.flush();
        if (file == null || brokenAt != Long.MIN_VALUE && clock.nanoTime() - brokenAt < 60_000_000_000L) {
            return;
        }
        byte[] bytes = (clock.now().truncatedTo(ChronoUnit.SECONDS) + " " + message + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.exists(file) && Files.size(file) + bytes.length > MAX_BYTES) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            brokenAt = Long.MIN_VALUE;
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            brokenAt = clock.nanoTime(); // a full disk: stderr still gets every line
            err.println("procsnap watch: cannot write " + file + " (" + e.getMessage() + "); stderr only for a minute");
            err.flush();
        }
    }

    static String utc(Instant t) {
        return t == null ? "?" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
