package io.procsnap.capture.engine;

import java.util.Set;

/**
 * The capture's safety rules, enforced where every item is made: whatever a collector or a user
 * option declares, the engine never opens {@code /proc/kmsg} (reading consumes the kernel log),
 * {@code kcore}, {@code PID/mem} and their relatives, and never opens what a process's {@code fd/N},
 * {@code cwd}, {@code exe}, {@code root} point at (they are only readlinked: opening could block on a
 * FIFO, a dead NFS file or a device). {@code environ} is allowed only when the engine is configured
 * with it ({@link #checkEnviron}). The capture never writes anywhere but its own output.
 */
public final class SafetyPolicy {

    /** Last path segments never opened for reading, wherever they are. */
    static final Set<String> NEVER_OPENED = Set.of("kmsg", "kcore", "mem", "pagemap", "kpagecount",
            "kpageflags", "kpagecgroup", "sysrq-trigger", "clear_refs", "map_files");

    /** Segments under /proc/PID whose targets are never opened, only readlinked. */
    static final Set<String> LINK_ONLY = Set.of("fd", "cwd", "exe", "root", "map_files", "ns");

    private SafetyPolicy() {
    }

    /** @throws IllegalArgumentException when the item would break a safety rule */
    public static void check(Kind kind, String source) {
        if (kind != Kind.READ_FILE) {
            return;
        }
        String[] segments = source.split("/");
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (NEVER_OPENED.contains(segment) && (i == segments.length - 1 || segment.equals("map_files"))) {
                throw new IllegalArgumentException("safety: never opened: " + source);
            }
            if (LINK_ONLY.contains(segment) && i > 0 && isProcessSegment(segments[i - 1])) {
                throw new IllegalArgumentException("safety: " + segment + " is only readlinked, never opened: " + source);
            }
        }
    }

    /** @throws IllegalArgumentException for an environ read when it was not asked for */
    public static void checkEnviron(Kind kind, String source, boolean includeEnviron) {
        if (!includeEnviron && kind == Kind.READ_FILE && source.endsWith("/environ")) {
            throw new IllegalArgumentException("safety: environ is read only with --include-environ: " + source);
        }
    }

    private static boolean isProcessSegment(String segment) {
        if (segment.equals("self") || segment.equals("thread-self")) {
            return true;
        }
        if (segment.isEmpty()) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
