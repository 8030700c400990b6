package io.procsnap.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the packaged capture jar (target/capture-*.jar with target/lib/) as a separate process. */
final class Jar {
    static final String JDK17 = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java";

    private Jar() {
    }

    static Path jar() throws IOException {
        try (var s = Files.list(Path.of("target"))) {
            Path jar = s.filter(p -> p.getFileName().toString().matches("capture-.*\\.jar")
                    && !p.getFileName().toString().contains("tests")).findFirst()
                    .orElseThrow(() -> new IOException("no capture jar in target/: run mvn package first"));
            assertTrue(Files.isDirectory(Path.of("target/lib")), "target/lib holds the dependencies");
            return jar.toAbsolutePath();
        }
    }

    /** exit code, stdout, stderr of a finished process. */
    record Run(int exit, String out, String err) { }

    static Run run(List<String> command, Path workDir, long timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("procsnap-it", ".out");
        Path err = Files.createTempFile("procsnap-it", ".err");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("did not end within " + timeoutSeconds + " s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static boolean isRoot() {
        return "0".equals(String.valueOf(HostFacts.captor().euid()));
    }
}
