package io.procsnap.format.internal;

/** The rules every archive path follows (SPEC.md "Entry paths"). */
public final class ArchivePaths {
    public static final int MAX_PATH_BYTES = 4096;

    private ArchivePaths() {
    }

    /**
     * Null when {@code path} is a valid archive path, else why not. One pass over the chars (it runs
     * for every entry written and read); when a path breaks several rules, the first of: empty,
     * too long, absolute, NUL, then the first bad segment.
     */
    public static String problem(String path) {
        int n = path.length();
        if (n == 0) {
            return "empty path";
        }
        int bytes = 0; // the length of path.getBytes(UTF_8): an unpaired surrogate becomes one '?'
        boolean nul = false;
        int badSegment = -1; // start of the first empty, "." or ".." segment
        int segment = 0;
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c < 0x80) {
                bytes++;
                if (c == '/') {
                    if (badSegment < 0 && badSegment(path, segment, i)) {
                        badSegment = segment;
                    }
                    segment = i + 1;
                } else if (c == 0) {
                    nul = true;
                }
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(path.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        if (badSegment < 0 && badSegment(path, segment, n)) {
            badSegment = segment;
        }
        if (bytes > MAX_PATH_BYTES) {
            return "path longer than " + MAX_PATH_BYTES + " bytes";
        }
        if (path.charAt(0) == '/') {
            return "absolute path";
        }
        if (nul) {
            return "path contains NUL";
        }
        if (badSegment >= 0) {
            int end = path.indexOf('/', badSegment);
            String s = path.substring(badSegment, end < 0 ? n : end);
            return s.isEmpty() ? "empty path segment"
                    : "path segment '" + s + "' escapes or aliases the archive root";
        }
        return null;
    }

    /**
     * True when the UTF-8 bytes {@code utf8[0, length)} of a path break none of the rules (then
     * {@link #problem} is null; else ask it why). Bytes are cheaper to scan than chars under C1, and
     * '/', '.' and NUL never occur inside a multi-byte UTF-8 sequence.
     */
    public static boolean valid(byte[] utf8, int length) {
        if (length == 0 || length > MAX_PATH_BYTES || utf8[0] == '/') {
            return false;
        }
        int segment = 0;
        for (int i = 0; i < length; i++) {
            byte b = utf8[i];
            if (b == '/') {
                if (badSegment(utf8, segment, i)) {
                    return false;
                }
                segment = i + 1;
            } else if (b == 0) {
                return false;
            }
        }
        return !badSegment(utf8, segment, length);
    }

    private static boolean badSegment(byte[] b, int from, int to) {
        int len = to - from;
        return len == 0 || len <= 2 && b[from] == '.' && (len == 1 || b[from + 1] == '.');
    }

    /** True when {@code path[from, to)} is empty, "." or "..". */
    private static boolean badSegment(String path, int from, int to) {
        int len = to - from;
        return len == 0 || len <= 2 && path.charAt(from) == '.' && (len == 1 || path.charAt(from + 1) == '.');
    }

    /** True for names the format itself uses at the top level and {@code add} refuses. */
    public static boolean isFormatOwned(String path) {
        return io.procsnap.format.layout.ArchivePath.isFormatOwned(path);
    }
}
