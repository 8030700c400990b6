package io.procsnap.replay.watch;

import io.procsnap.capture.faults.CaptureProcess;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code procsnap watch} run from the packaged capture jar as its own process, as a service runs it;
 * what it says is read from its log in {@code DIR/.procsnap-watch/log}. {@link #close} stops it with
 * SIGTERM (then SIGKILL, and its capture child, if it has to).
 */
final class WatchProcess implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final Path output;

    private WatchProcess(Path dir, Process process, Path output) {
        this.dir = dir;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code [prefix] java -jar capture.jar watch --dir DIR args...} and waits for its start line. */
    static WatchProcess start(List<String> prefix, Path dir, String... args) throws Exception {
        List<String> watch = new ArrayList<>(List.of("watch", "--dir", dir.toString()));
        watch.addAll(List.of(args));
        Path output = Files.createTempFile(dir.getParent(), "watch-", ".out");
        Process p = new ProcessBuilder(CaptureProcess.command(prefix, watch.toArray(new String[0])))
                .directory(dir.getParent().toFile()).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(new File("/dev/null")).start();
        WatchProcess w = new WatchProcess(dir, p, output);
        try {
            w.awaitLog(" watching every ", 30);
        } catch (Throwable t) {
            w.close();
            throw t;
        }
        return w;
    }

    long pid() {
        return process.pid();
    }

    /** What the watcher wrote to stderr (its log lines and anything the JVM said). */
    String output() throws IOException {
        return Files.readString(output);
    }

    String log() throws IOException {
        Path log = dir.resolve(".procsnap-watch/log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits until this watcher's part of the log (a restarted one's log goes on in the same file) has {@code text}. */
    void awaitLog(String text, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (ownLog().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the watcher exited " + process.exitValue() + ": " + output());
            }
            Thread.sleep(100);
        }
        String listing;
        try (Stream<Path> s = Files.walk(dir)) {
            listing = String.join("\n", s.map(p -> p + " " + p.toFile().length() + " " + p.toFile().lastModified()).toList());
        }
        throw new AssertionError("no '" + text + "' in the watcher's log within " + seconds + " s:\n" + log()
                + "\nstderr:\n" + output() + "\nfiles:\n" + listing);
    }

    /** The log from this watcher's start line on. */
    String ownLog() throws IOException {
        String log = log();
        int start = log.indexOf(" pid " + process.pid() + " watching every ");
        return start < 0 ? "" : log.substring(start);
    }

    /** The archives named for {@code trigger}, oldest first by name (the name holds the UTC time). */
    List<Path> archives(String trigger) throws IOException {
        Pattern name = Pattern.compile("procsnap-.+-" + Pattern.quote(trigger) + "\\.tar\\.(zst|gz)");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> name.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    /** Waits for a finished archive for {@code trigger} other than those in {@code before}. */
    Path awaitArchive(String trigger, long seconds, List<Path> before) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            Optional<Path> p = archives(trigger).stream().filter(a -> !before.contains(a)).findFirst();
            if (p.isPresent()) {
                return p.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("the watcher exited " + process.exitValue() + ": " + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + trigger + " archive in " + dir + " within " + seconds + " s; log:\n" + log()
                + "\nstderr:\n" + output());
    }

    /**
     * Waits for a finished archive for {@code trigger} whose capture the watcher decided on at or after
     * {@code after} (the manifest's {@code trigger.fired_utc}): on a machine where something else can set
     * the same trigger off first, the capture of the moment the test made.
     */
    Path awaitArchiveFiredAfter(String trigger, java.time.Instant after, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            for (Path p : archives(trigger)) {
                try (var r = io.procsnap.format.ArchiveReader.open(p)) {
                    if (!r.manifest().trigger().fired().isBefore(after)) {
                        return p;
                    }
                } catch (IOException removedMeanwhile) {
                    // rotation
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the watcher exited " + process.exitValue() + ": " + output());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + trigger + " archive fired after " + after + " in " + dir + " within " + seconds
                + " s; log:\n" + log() + "\nstderr:\n" + output());
    }

    /** The capture's duration from the watcher's "capture ended ... in X s" line (the last one). */
    double captureSeconds() throws IOException {
        var m = Pattern.compile("capture ended \\(exit \\d+\\): procsnap: wrote .* in ([0-9.]+) s:").matcher(ownLog());
        double last = -1;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        return last;
    }

    /** SIGTERM; the exit code, or -1 when it did not exit within {@code seconds}. */
    int stop(long seconds) throws Exception {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            if (stop(20) < 0) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        Files.deleteIfExists(output);
    }
}
