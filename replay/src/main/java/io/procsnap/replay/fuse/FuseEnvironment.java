package io.procsnap.replay.fuse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before anything is mounted, that this host can serve a FUSE mount: {@code /dev/fuse}
 * usable, libfuse3 present, and, for a non-root user, {@code fusermount3} on PATH. Each problem is
 * one sentence naming what is missing.
 */
public final class FuseEnvironment {
    /** Set to a libfuse3 shared object to use instead of searching the usual library directories. */
    public static final String LIBFUSE_VARIABLE = "PROCSNAP_LIBFUSE";
    private static final List<String> LIBRARY_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
            "/usr/local/lib", "/usr/local/lib64");

    private final Path devFuse;
    private final Path libfuse;
    private final List<String> problems;

    private FuseEnvironment(Path devFuse, Path libfuse, List<String> problems) {
        this.devFuse = devFuse;
        this.libfuse = libfuse;
        this.problems = List.copyOf(problems);
    }

    /** Probes this host. */
    public static FuseEnvironment probe() {
        return probe(Path.of("/dev/fuse"), System.getenv(LIBFUSE_VARIABLE), isRoot(), System.getenv("PATH"));
    }

    static FuseEnvironment probe(Path devFuse, String libfuseOverride, boolean root, String searchPath) {
        List<String> problems = new ArrayList<>();
        if (!Files.exists(devFuse)) {
            problems.add(devFuse + " does not exist (load the fuse kernel module: modprobe fuse; in a container, "
                    + "pass the device: --device /dev/fuse)");
        } else if (!root && (!Files.isReadable(devFuse) || !Files.isWritable(devFuse))
                && !isSetuid(onPath("fusermount3", searchPath))) {
            // a non-root mount goes through setuid fusermount3, which opens the device itself
            problems.add(devFuse + " is not readable and writable by this user and fusermount3 is not setuid root");
        }
        Path lib = findLibfuse(libfuseOverride);
        if (lib == null) {
            problems.add("libfuse3 (libfuse3.so.3) was not found" + (libfuseOverride != null
                    ? " at " + LIBFUSE_VARIABLE + "=" + libfuseOverride : "") + " (install the fuse3 package)");
        }
        if (!root && onPath("fusermount3", searchPath) == null) {
            problems.add("fusermount3 is not on PATH; a non-root user needs it to mount (install the fuse3 package)");
        }
        return new FuseEnvironment(devFuse, lib, problems);
    }

    static Path findLibfuse(String override) {
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isRegularFile(p) ? p : null;
        }
        for (String dir : LIBRARY_DIRS) {
            Path p = Path.of(dir, "libfuse3.so.3");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The program's path on this process's PATH, or null. */
    public static Path onPathOf(String program) {
        return onPath(program, System.getenv("PATH"));
    }

    static Path onPath(String program, String searchPath) {
        if (searchPath == null) {
            return null;
        }
        for (String dir : searchPath.split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, program);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    static boolean isSetuid(Path program) {
        try {
            return program != null && ((Integer) Files.getAttribute(program, "unix:mode") & 04000) != 0
                    && (Integer) Files.getAttribute(program, "unix:uid") == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** True when the effective user is root (owner of /proc/self is the effective uid). */
    public static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    public boolean usable() {
        return problems.isEmpty();
    }

    public List<String> problems() {
        return problems;
    }

    public Path libfuse() {
        return libfuse;
    }

    public Path devFuse() {
        return devFuse;
    }

    /** One message for the user: every problem, and the fallback. */
    public String explain() {
        return "FUSE is not available: " + String.join("; ", problems)
                + ". Without FUSE, write the capture to a directory instead: procsnap-replay extract ARCHIVE DIR";
    }
}
