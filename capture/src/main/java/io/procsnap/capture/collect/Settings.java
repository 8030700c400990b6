package io.procsnap.capture.collect;

import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile.Kernel;

import java.util.List;
import java.util.Map;

/**
 * What the collectors need to know to declare their work.
 *
 * @param procRoot              the procfs tree to read ({@code /proc}, or a fixture)
 * @param readTimeoutNanos      per file, readlink, listing
 * @param statfsTimeoutNanos    per mount
 * @param commandTimeoutNanos   per command
 * @param includeEnviron        read /proc/PID/environ
 * @param addFiles              extra absolute file paths to read
 * @param addCommands           extra commands: name to argv
 * @param kernel                whose /proc the tree is: the collectors and commands of that kernel run
 * @param kernelDebugger        SunOS: run the {@code mdb -k} commands (global zone, all privileges)
 */
public record Settings(String procRoot, long readTimeoutNanos, long statfsTimeoutNanos, long commandTimeoutNanos,
                       boolean includeEnviron, List<String> addFiles, Map<String, List<String>> addCommands,
                       Kernel kernel, boolean kernelDebugger) {
    public Settings {
        procRoot = procRoot.endsWith("/") && procRoot.length() > 1 ? procRoot.substring(0, procRoot.length() - 1) : procRoot;
        addFiles = List.copyOf(addFiles);
        addCommands = Map.copyOf(addCommands);
        java.util.Objects.requireNonNull(kernel, "kernel");
    }

    /** A Linux capture's settings. */
    public Settings(String procRoot, long readTimeoutNanos, long statfsTimeoutNanos, long commandTimeoutNanos,
                    boolean includeEnviron, List<String> addFiles, Map<String, List<String>> addCommands) {
        this(procRoot, readTimeoutNanos, statfsTimeoutNanos, commandTimeoutNanos, includeEnviron, addFiles, addCommands,
                Kernel.LINUX, false);
    }

    /** The live path of an archive path: {@code proc/306/stat} -> {@code /proc/306/stat} below the proc root. */
    public String source(String archivePath) {
        return ArchivePath.live(procRoot, archivePath);
    }
}
