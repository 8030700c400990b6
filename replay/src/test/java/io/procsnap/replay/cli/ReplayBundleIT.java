package io.procsnap.replay.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The replay bundle as an engineer gets it: the tarball unpacked elsewhere, {@code bin/procsnap-replay}
 * on its own trimmed runtime (no java.desktop: see make-bundle.sh), every analysis command on three
 * scenarios compared with the same golden outputs as the in-JVM {@link GoldenOutputTests}, plus
 * {@code diff}, {@code report} and {@code extract}. Nothing may print a Java exception.
 */
class ReplayBundleIT {
    private static final List<String> SCENARIOS = List.of("msgq-deadlock", "zfs-full", "healthy");

    @TempDir
    static Path unpacked;
    private static Path bin;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of("target/procsnap-replay-bundle-linux-x86_64.tar.gz").toAbsolutePath();
        assumeTrue(Files.exists(tarball), "NOT RUN: no replay bundle (built by mvn package)");
        CliRun r = run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), Path.of("."));
        assertEquals(0, r.exitCode(), r.err());
        bin = unpacked.resolve("procsnap-replay/bin/procsnap-replay");
        assertTrue(Files.isExecutable(bin), bin.toString());
    }

    private static CliRun run(List<String> command, Path dir) throws Exception {
        return run(command, dir, Map.of());
    }

    private static CliRun run(List<String> command, Path dir, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("bundle-it", ".out");
        Path err = Files.createTempFile("bundle-it", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out: " + command);
            }
            return new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The bundle's launcher with {@code args}, run from the module directory (archive paths as in the goldens). */
    private static CliRun replay(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(bin.toString());
        command.addAll(args);
        CliRun r = run(command, Path.of("."));
        assertFalse(r.err().contains("Exception") || r.err().contains("Error:"), "Java error from the bundle: " + r.err());
        return r;
    }

    @Test
    void versionStartsWithoutWarnings() throws Exception {
        CliRun r = replay(List.of("--version"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("procsnap-replay "), r.out());
        assertEquals("", r.err(), "no JVM warnings (CDS, native access) on stderr");
    }

    /**
     * The AOT cache made at build time maps where the bundle was unpacked (its class path relocated); a
     * copy whose jar changed since (another time) starts without it, silently; so does one whose cache is
     * damaged when asked to check the cache's CRCs (-XX:+VerifySharedSpaces; without it such a cache crashes
     * the JVM, as a damaged lib/modules would).
     */
    @Test
    void aotCacheIsUsedAndSkippedSilentlyWhenItDoesNotMatch(@TempDir Path dir) throws Exception {
        Path home = unpacked.resolve("procsnap-replay");
        assumeTrue(Files.exists(home.resolve("lib/procsnap-replay.aot")), "NOT RUN: bundle built with AOT=no");
        CliRun used = run(List.of(bin.toString(), "--version"), Path.of("."),
                Map.of("PROCSNAP_REPLAY_JAVA_OPTS", "-Xlog:aot=info"));
        assertEquals(0, used.exitCode(), used.err());
        assertTrue(used.out().contains("Opened AOT cache") && !used.out().contains("[error"), used.out());

        for (String damage : List.of("jar-touched", "cache-damaged")) {
            Path copy = dir.resolve(damage);
            assertEquals(0, run(List.of("cp", "-a", home.toString(), copy.toString()), dir).exitCode());
            if (damage.equals("jar-touched")) {
                Path jar;
                try (var jars = Files.list(copy.resolve("lib"))) {
                    jar = jars.filter(f -> f.getFileName().toString().startsWith("picocli")).findFirst().orElseThrow();
                }
                Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
            } else {
                try (var ch = java.nio.channels.FileChannel.open(copy.resolve("lib/procsnap-replay.aot"),
                        java.nio.file.StandardOpenOption.WRITE)) {
                    byte[] junk = new byte[100_000];
                    new java.util.Random(16).nextBytes(junk);
                    ch.write(java.nio.ByteBuffer.wrap(junk), 4096);
                }
            }
            CliRun r = run(List.of(copy.resolve("bin/procsnap-replay").toString(), "--version"), dir,
                    damage.equals("cache-damaged") ? Map.of("PROCSNAP_REPLAY_JAVA_OPTS", "-XX:+VerifySharedSpaces") : Map.of());
            assertEquals(0, r.exitCode(), damage + ": " + r.err());
            assertTrue(r.out().startsWith("procsnap-replay "), damage + ": " + r.out());
            assertEquals("", r.err(), damage + ": nothing on stderr");
        }
    }

    /**
     * picocli's classes come from the AOT cache: its jar is compiled for Java 5, and the cache skips classes
     * that old, so make-bundle.sh rewrites them as Java 8 ones (packaging/src/bundle/UpgradeClasses.java).
     * Without it the 176 classes a command loads were read and verified from the jar on every start.
     */
    @Test
    void picocliLoadsFromTheAotCache() throws Exception {
        assumeTrue(Files.exists(unpacked.resolve("procsnap-replay/lib/procsnap-replay.aot")), "NOT RUN: bundle built with AOT=no");
        CliRun r = run(List.of(bin.toString(), "--version"), Path.of("."),
                Map.of("PROCSNAP_REPLAY_JAVA_OPTS", "-Xlog:class+load=info"));
        assertEquals(0, r.exitCode(), r.err());
        List<String> picocli = r.out().lines().filter(l -> l.contains(" picocli.CommandLine")).toList();
        assertFalse(picocli.isEmpty(), "picocli's classes not logged: " + r.out().lines().limit(5).toList());
        List<String> fromJar = picocli.stream().filter(l -> !l.contains("shared objects file")).toList();
        assertTrue(fromJar.isEmpty(), fromJar.size() + " of " + picocli.size() + " picocli classes not from the AOT cache: "
                + fromJar.stream().limit(3).toList());
    }

    @TestFactory
    List<DynamicTest> analysisCommandsMatchTheGoldenOutputs() {
        List<DynamicTest> tests = new ArrayList<>();
        GoldenOutputTests.Case compare = (scenario, file, args) -> compare(GoldenOutputTests.golden(scenario, file), args);
        for (String scenario : SCENARIOS) {
            tests.addAll(GoldenOutputTests.commandTests(scenario, Scenarios::archive, compare));
            if (!GoldenOutputTests.healthyTwin(scenario).equals(scenario)) {
                tests.add(GoldenOutputTests.diffTest(scenario, Scenarios::archive, compare));
            }
        }
        return tests;
    }

    private static void compare(Path golden, List<String> args) throws Exception {
        GoldenOutputTests.check(golden, args, replay(args));
    }

    /** FUSE through the bundle's runtime (jfuse on FFM): real procps over the capture in a private namespace. */
    @Test
    void shellRunsProcpsOnTheMountedCapture() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "NOT RUN: no /dev/fuse");
        CliRun r = replay(List.of("shell", Scenarios.archive("msgq-deadlock").toString(), "--", "ps", "-eLo", "pid,tid,wchan:32,comm"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("do_msgsnd"), "the captured senders blocked in do_msgsnd:\n" + r.out());
    }

    @Test
    void reportAndExtractWork(@TempDir Path dir) throws Exception {
        String archive = Scenarios.archive("msgq-deadlock").toString();
        Path html = dir.resolve("r.html");
        CliRun report = replay(List.of("report", "-o", html.toString(), archive));
        assertTrue(report.exitCode() == 0 || report.exitCode() == 1, report.err());
        assertTrue(Files.readString(html).contains("</html>"), "a whole HTML page");
        CliRun extract = replay(List.of("extract", archive, dir.resolve("tree").toString()));
        assertEquals(0, extract.exitCode(), extract.err());
        assertTrue(Files.isDirectory(dir.resolve("tree/proc")), "the tree has proc/");
    }
}
