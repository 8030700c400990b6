package io.procsnap.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Where the build put the bundles and packages this module's tests look at. */
final class Built {
    private Built() {
    }

    /** The repository root (the parent of this module). */
    static Path root() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    /** packaging/target: the .deb files and their bills of materials. */
    static Path packages() {
        return Path.of(System.getProperty("packages.dir", "target")).toAbsolutePath();
    }

    /** 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT, as make-debs.sh names the packages. */
    static String debianVersion() {
        return System.getProperty("debian.version", "0.1.0-SNAPSHOT").replaceFirst("-", "~");
    }

    /** The capture bundles' architectures of this build (bundle.arches), as Debian names them. */
    static List<String> captureArches() {
        return Arrays.stream(System.getProperty("bundle.arches", "x86_64").split(","))
                .map(a -> switch (a.trim()) {
                    case "x86_64" -> "amd64";
                    case "aarch64" -> "arm64";
                    case "armhf" -> "armhf";
                    default -> throw new IllegalArgumentException("bundle.arches: " + a);
                }).toList();
    }

    static Path deb(String pkg, String arch) {
        Path p = packages().resolve(pkg + "_" + debianVersion() + "_" + arch + ".deb");
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("no package " + p + " (built by mvn package, not with -DskipBundle=true)");
        }
        return p;
    }

    /** The unpacked replay bundle, as the build left it (replay/target/bundle/procsnap-replay). */
    static Path replayBundle() {
        return existing(root().resolve("replay/target/bundle/procsnap-replay"));
    }

    /** The unpacked x86-64 capture bundle (capture/target/bundle-x86_64/procsnap). */
    static Path captureBundle() {
        return existing(root().resolve("capture/target/bundle-x86_64/procsnap"));
    }

    private static Path existing(Path p) {
        if (!Files.isDirectory(p)) {
            throw new AssertionError("no bundle at " + p + " (built by mvn package, not with -DskipBundle=true)");
        }
        return p;
    }
}
