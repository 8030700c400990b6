package io.procsnap.capture.watch;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/**
 * What the watcher remembers across restarts, in {@code DIR/.procsnap-watch/state} (key=value lines,
 * replaced atomically): the last capture (when, why, which file) for the cool-down, how many captures
 * it has made, and the boot id with the kernel's hung-task counter, so a hung task detected while the
 * watcher was down (same boot) still triggers.
 */
final class WatchState {
    private final Path file;
    Instant lastCapture;
    String lastTrigger;
    String lastArchive;
    long captures;
    String bootId;
    long hungTaskCount = -1;
    /** Changed since the last save (the watcher saves at the end of the tick). */
    boolean dirty;

    private WatchState(Path file) {
        this.file = file;
    }

    /** The state in {@code file}, or a fresh one when there is none; a damaged file is reported, not fatal. */
    static WatchState load(Path file, java.util.function.Consumer<String> problem) {
        WatchState s = new WatchState(file);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return s;
        } catch (IOException | IllegalArgumentException e) {
            problem.accept("state " + file + " unreadable, starting afresh: " + e.getMessage());
            return s;
        }
        try {
            String last = p.getProperty("last_capture_utc");
            s.lastCapture = last == null || last.isEmpty() ? null : Instant.parse(last);
        } catch (DateTimeParseException e) {
            problem.accept("state " + file + ": last_capture_utc is not an instant, ignored: " + p.getProperty("last_capture_utc"));
        }
        s.lastTrigger = p.getProperty("last_trigger");
        s.lastArchive = p.getProperty("last_archive");
        s.captures = Math.max(0, SignalText.number(p.getProperty("captures", "0")));
        s.bootId = p.getProperty("boot_id");
        s.hungTaskCount = SignalText.number(p.getProperty("hung_task_detect_count", "-1"));
        return s;
    }

    /** Writes the state to a temporary file beside it and renames it over the old one. */
    void save() throws IOException {
        Properties p = new Properties();
        put(p, "last_capture_utc", lastCapture == null ? null : lastCapture.toString());
        put(p, "last_trigger", lastTrigger);
        put(p, "last_archive", lastArchive);
        put(p, "captures", Long.toString(captures));
        put(p, "boot_id", bootId);
        put(p, "hung_task_detect_count", Long.toString(hungTaskCount));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            p.store(w, "procsnap watch state");
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void put(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}
