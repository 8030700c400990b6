package io.procsnap.capture.watch;

import io.procsnap.format.Manifest;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs each capture as a child process, never in the watcher's JVM: a capture may leave reader threads
 * blocked in the kernel, and the watcher must stay small and responsive. The child is the same
 * program: the bundle's launcher ({@code PROCSNAP_LAUNCHER}, set by {@code bin/procsnap}), or this
 * JVM's java with its class path. It runs in the watch directory, writes only {@code -o DIR/NAME}
 * there (plus its log), and gets the trigger in {@value #TRIGGER_ENV} as the manifest's JSON object.
 * Past its deadline plus a margin it gets SIGTERM (it then finishes its archive), then SIGKILL.
 */
final class CaptureChild implements Watcher.Launcher {
    /** Environment variable that carries the trigger (JSON) from the watcher to its capture. */
    static final String TRIGGER_ENV = "PROCSNAP_TRIGGER";
    /** Environment variable the bundle's launcher sets to its own path. */
    static final String LAUNCHER_ENV = "PROCSNAP_LAUNCHER";
    private static final long GRACE_NANOS = 10_000_000_000L;

    private final List<String> command;
    private final List<String> args;
    private final Path dir;
    private final Path logFile;
    private final Path tmpDir;
    private final long killAfterNanos;
    private final WatchClock clock;
    private Process process;
    private long startedAt;
    private long termAt = Long.MIN_VALUE;
    private long killAt = Long.MIN_VALUE;

    /**
     * @param command        the program and its JVM options ({@link #programCommand})
     * @param args           the capture's options, without {@code -o}
     * @param killAfterNanos SIGTERM after this long (the capture's deadline plus a margin)
     */
    CaptureChild(List<String> command, List<String> args, Path dir, Path stateDir, long killAfterNanos, WatchClock clock) {
        this.command = List.copyOf(command);
        this.args = List.copyOf(args);
        this.dir = dir;
        this.logFile = stateDir.resolve("capture.log");
        this.tmpDir = stateDir.resolve("tmp");
        this.killAfterNanos = killAfterNanos;
        this.clock = clock;
    }

    /**
     * The capture program: the bundle's launcher when this JVM was started by it, else this JVM's java
     * with the class path and the properties that choose the native libraries; {@code java.io.tmpdir}
     * points into the watch directory, so even a zstd library unpacked by the plain jar stays in it.
     */
    static List<String> programCommand(Path stateDir) {
        String launcher = System.getenv(LAUNCHER_ENV);
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            return List.of(launcher);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED"); // the readers' JNI library and zstd-jni, without a warning
        }
        for (String p : List.of("procsnap.native", "ZstdNativePath")) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.add("-Djava.io.tmpdir=" + stateDir.resolve("tmp"));
        // as the launcher: no hsperfdata file in /tmp, and HotSpot leaves /proc/self/coredump_filter alone
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:-UsePerfData",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-DumpPrivateMappingsInCore", "-XX:-DumpSharedMappingsInCore",
                "-cp", System.getProperty("java.class.path"), "io.procsnap.capture.Main"));
        return cmd;
    }

    @Override
    public void start(Manifest.Trigger trigger, String fileName) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(args);
        cmd.addAll(List.of("-o", dir.resolve(fileName).toString()));
        Files.createDirectories(tmpDir);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().put(TRIGGER_ENV, trigger.toJson());
        process = pb.start();
        startedAt = clock.nanoTime();
        termAt = Long.MIN_VALUE;
        killAt = Long.MIN_VALUE;
    }

    @Override
    public boolean running() {
        return process != null;
    }

    @Override
    public Watcher.Ended poll(long nanos) {
        if (process == null) {
            return null;
        }
        if (!process.isAlive()) {
            return ended(process.exitValue(), null);
        }
        if (termAt == Long.MIN_VALUE && nanos - startedAt > killAfterNanos) {
            termAt = nanos;
            process.destroy();
        } else if (termAt != Long.MIN_VALUE && killAt == Long.MIN_VALUE && nanos - termAt > GRACE_NANOS) {
            killAt = nanos;
            process.destroyForcibly();
        } else if (killAt != Long.MIN_VALUE && nanos - killAt > GRACE_NANOS) {
            return ended(-1, "left behind: pid " + process.pid() + " did not exit after SIGKILL (stuck in the kernel)");
        }
        return null;
    }

    @Override
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE_NANOS, TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Watcher.Ended ended(int exit, String why) {
        process = null;
        String last = lastLines();
        String summary = null;
        String archive = null;
        String error = null;
        for (String line : last.split("\n")) {
            if (line.startsWith("procsnap: wrote ")) {
                summary = line;
                int paren = line.indexOf(" (", "procsnap: wrote ".length());
                archive = paren < 0 ? null : line.substring("procsnap: wrote ".length(), paren);
            } else if (line.startsWith("procsnap: ") && !line.startsWith("procsnap: masked")) {
                error = line;
            }
        }
        cleanTmp();
        String text = why != null ? why : summary != null ? summary : error != null ? error : "no summary (see " + logFile + ")";
        return new Watcher.Ended(exit, text, archive == null ? null : Path.of(archive).getFileName().toString());
    }

    /** The end of the capture's log (its summary is the last line or so). */
    private String lastLines() {
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 8192);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Whatever a plain-jar capture unpacked into the watch directory's tmp (zstd-jni's library). */
    private void cleanTmp() {
        if (!Files.isDirectory(tmpDir)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmpDir)) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // tried; the next capture tries again
        }
    }
}
