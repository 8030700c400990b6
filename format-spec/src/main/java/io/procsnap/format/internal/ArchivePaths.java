package io.procsnap.format.internal;

import java.nio.charset.StandardCharsets;

/** The rules every archive path follows (SPEC.md "Entry paths"). */
public final class ArchivePaths {
    public static final int MAX_PATH_BYTES = 4096;

    private ArchivePaths() {
    }

    /** Null when {@code path} is a valid archive path, else why not. */
    public static String problem(String path) {
        if (path.isEmpty()) {
            return "empty path";
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return "path longer than " + MAX_PATH_BYTES + " bytes";
        }
        if (path.charAt(0) == '/') {
            return "absolute path";
        }
        if (path.indexOf('\0') >= 0) {
            return "path contains NUL";
        }
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            if (segment.isEmpty()) {
                return "empty path segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "path segment '" + segment + "' escapes or aliases the archive root";
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return null;
    }

    /** True for names the format itself uses at the top level and {@code add} refuses. */
    public static boolean isFormatOwned(String path) {
        return path.equals(TarConstants.MANIFEST_PATH) || path.startsWith("index");
    }
}
