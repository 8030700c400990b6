package io.procsnap.capture.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundles as a technician gets them (target/procsnap-bundle-linux-ARCH.tar.gz, made by mvn package),
 * unpacked elsewhere; and qemu-user-static registered with binfmt_misc for the foreign ones, exactly one
 * entry per test class, removed afterwards (src/test/emulation/binfmt.sh).
 */
public final class Bundles {
    /** The emulation's sysroots and its binfmt entries live as long as the JVM at most. */
    private Bundles() {
    }

    /** Whether this process runs as root (effective uid 0, from /proc/self/status). */
    static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
    }

    /** NOT RUN (loudly) unless root and a static busybox are here (the chroot tests); returns it. */
    static Path busyboxAsRoot() throws IOException {
        assumeTrue(isRoot(), "NOT RUN: needs root (chroot, mounts)");
        Path busybox = Path.of("/bin/busybox");
        assumeTrue(Files.isExecutable(busybox), "NOT RUN: no /bin/busybox (scripts/setup.sh installs busybox-static)");
        return busybox;
    }

    /** Debian's name of a bundle architecture (the package cache's directory). */
    static String debianArch(String arch) {
        return switch (arch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "armhf" -> "armhf";
            default -> throw new IllegalArgumentException(arch);
        };
    }

    /** The tarball of ARCH; the test is NOT RUN (loudly) when the build did not make it. */
    static Path tarball(String arch) {
        Path t = Path.of("target/procsnap-bundle-linux-" + arch + ".tar.gz").toAbsolutePath();
        assumeTrue(Files.exists(t), "NOT RUN: no " + t.getFileName() + " (built by mvn package unless -DskipBundle=true;"
                + " -Dbundle.arches names the architectures)");
        return t;
    }

    /** Unpacks the bundle of ARCH into DIR; returns DIR/procsnap. */
    static Path unpack(String arch, Path dir) throws Exception {
        Run r = run(List.of("tar", "-xzf", tarball(arch).toString(), "-C", dir.toString()), dir, Map.of(), 120);
        if (r.exit() != 0) {
            throw new IOException("tar failed: " + r.err());
        }
        return dir.resolve("procsnap");
    }

    /** The unpacked Debian C runtime of a foreign architecture (QEMU_LD_PREFIX), from the build's package cache. */
    static Path sysroot(String arch) throws Exception {
        Run r = run(List.of("bash", Path.of("src/bundle/debian-jdk.sh").toAbsolutePath().toString(), debianArch(arch)),
                Path.of("."), Map.of(), 600);
        if (r.exit() != 0) {
            throw new IOException("debian-jdk.sh " + arch + ": " + r.err());
        }
        return Path.of(r.out().strip()).resolve("sysroot");
    }

    /** Registers qemu for ARCH under a name unique to this run; returns the name to {@link #unregister}. */
    static String register(String arch) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(arch.equals("armhf") ? "/usr/bin/qemu-arm-static" : "/usr/bin/qemu-aarch64-static")),
                "NOT RUN: qemu-user-static missing (scripts/setup.sh installs it)");
        String name = "procsnap-v14-" + arch + "-" + ProcessHandle.current().pid();
        Run r = run(List.of("bash", binfmtScript(), "register", arch, name), Path.of("."), Map.of(), 30);
        if (r.exit() != 0) {
            throw new IOException("binfmt register " + arch + ": " + r.err());
        }
        return name;
    }

    static void unregister(String name) throws Exception {
        if (name != null) {
            run(List.of("bash", binfmtScript(), "unregister", name), Path.of("."), Map.of(), 30);
        }
    }

    private static String binfmtScript() {
        return Path.of("src/test/emulation/binfmt.sh").toAbsolutePath().toString();
    }

    /** exit code, stdout, stderr and wall time of a finished process. */
    public record Run(int exit, String out, String err, long millis) {
    }

    /** Runs COMMAND with extra environment, bounded in time (the process tree is killed when over). */
    static Run run(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("procsnap-v14-", ".out");
        Path err = Files.createTempFile("procsnap-v14-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            long t = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("did not end within " + timeoutSeconds + " s: " + command + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err), (System.nanoTime() - t) / 1_000_000);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Appends a figure line to target/bundle-figures.txt (and prints it) for the closing note. */
    static void figure(String line) throws IOException {
        System.out.println(line);
        Files.writeString(Path.of("target/bundle-figures.txt"), line + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
