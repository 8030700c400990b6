package io.procsnap.capture.faults;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged capture program ({@code capture/target/capture-*.jar}) run as a separate process,
 * bounded in time. Also used by replay's fault tests (capture's test-jar), whose working directory is
 * {@code replay/}.
 */
public final class CaptureProcess {
    public static final String JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    private CaptureProcess() {
    }

    public static Path jar() throws IOException {
        Path target = Files.exists(Path.of("../capture/target")) ? Path.of("../capture/target") : Path.of("target");
        try (var s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("capture-.*\\.jar")
                    && !p.getFileName().toString().contains("tests")).findFirst()
                    .orElseThrow(() -> new IOException("no capture jar in " + target.toAbsolutePath() + ": run mvn -pl capture package first"))
                    .toAbsolutePath();
        }
    }

    public static String java() {
        return Files.isExecutable(Path.of(JAVA)) ? JAVA : ProcessHandle.current().info().command().orElse("java");
    }

    /** The reader's JNI library the build made, as the bundle carries it. */
    public static Path nativeLibrary() throws IOException {
        return jar().getParent().resolve("native/libprocsnap-io.so");
    }

    /**
     * {@code prefix} (e.g. setpriv ...), java -jar capture.jar reading through the JNI library as the
     * bundle does, then {@code args}.
     */
    public static List<String> command(List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        Path lib = nativeLibrary();
        if (!Files.isReadable(lib)) {
            throw new IOException("no " + lib + ": run mvn -pl capture package first");
        }
        cmd.addAll(List.of(java(), "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dprocsnap.native=" + lib,
                "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Exit code, stdout, stderr and wall time of a finished process. */
    public record Run(int exit, String out, String err, long millis) {
    }

    public static Run run(List<String> command, Path workDir, long timeoutSeconds) throws Exception {
        return run(command, workDir, timeoutSeconds, null);
    }

    public static Run run(List<String> command, Path workDir, long timeoutSeconds, java.util.Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("procsnap-faults", ".out");
        Path err = Files.createTempFile("procsnap-faults", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
            if (env != null) {
                pb.environment().putAll(env);
            }
            long t = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("did not end within " + timeoutSeconds + " s: " + command);
            }
            long ms = (System.nanoTime() - t) / 1_000_000;
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err), ms);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
