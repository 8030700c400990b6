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

    /** The same names as arrays, for the allocation-free scan in {@link #check}. */
    private static final String[] NEVER_OPENED_NAMES = NEVER_OPENED.toArray(new String[0]);
    private static final String[] LINK_ONLY_NAMES = LINK_ONLY.toArray(new String[0]);

    private SafetyPolicy() {
    }

    /**
     * @throws IllegalArgumentException when the item would break a safety rule. One pass over the
     * characters, no allocation unless it throws (it runs for every item the capture makes); the same
     * decisions as checking each segment of {@code source.split("/")}, whose trailing empty segments
     * are dropped.
     */
    public static void check(Kind kind, String source) {
        if (!kind.opensFile()) {
            return;
        }
        int end = source.length();
        while (end > 0 && source.charAt(end - 1) == '/') {
            end--;
        }
        boolean previousIsProcess = false;
        int from = 0;
        while (true) {
            int slash = source.indexOf('/', from);
            int to = slash < 0 || slash > end ? end : slash;
            boolean last = to == end;
            int length = to - from;
            // a forbidden name counts as the last segment, or anywhere for map_files (itself forbidden)
            if (last ? isNeverOpened(source, from, length) : isSegment(source, from, length, "map_files")) {
                throw new IllegalArgumentException("safety: never opened: " + source);
            }
            if (previousIsProcess && isLinkOnly(source, from, length)) {
                throw new IllegalArgumentException("safety: " + source.substring(from, to)
                        + " is only readlinked, never opened: " + source);
            }
            if (last) {
                return;
            }
            previousIsProcess = isProcessSegment(source, from, length);
            from = to + 1;
        }
    }

    /** @throws IllegalArgumentException for an environ read when it was not asked for */
    public static void checkEnviron(Kind kind, String source, boolean includeEnviron) {
        if (!includeEnviron && kind.opensFile() && source.endsWith("/environ")) {
            throw new IllegalArgumentException("safety: environ is read only with --include-environ: " + source);
        }
    }

    private static boolean isNeverOpened(String s, int from, int length) {
        for (String name : NEVER_OPENED_NAMES) {
            if (isSegment(s, from, length, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLinkOnly(String s, int from, int length) {
        for (String name : LINK_ONLY_NAMES) {
            if (isSegment(s, from, length, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSegment(String s, int from, int length, String name) {
        return length == name.length() && s.startsWith(name, from);
    }

    private static boolean isProcessSegment(String s, int from, int length) {
        if (isSegment(s, from, length, "self") || isSegment(s, from, length, "thread-self")) {
            return true;
        }
        if (length == 0) {
            return false;
        }
        for (int i = from; i < from + length; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
