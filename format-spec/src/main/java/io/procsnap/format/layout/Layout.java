package io.procsnap.format.layout;

import io.procsnap.format.layout.ArchivePath.CommandStream;
import io.procsnap.format.layout.ArchivePath.InProcess;
import io.procsnap.format.layout.ArchivePath.Other;
import io.procsnap.format.layout.ArchivePath.ProcessFile;
import io.procsnap.format.layout.ArchivePath.Sample;
import io.procsnap.format.layout.ArchivePath.StatfsEntry;
import io.procsnap.format.layout.ArchivePath.ThreadFile;
import io.procsnap.format.layout.ArchivePath.ToolOwned;

/**
 * The top-level names and the parser behind {@link ArchivePath}. Hand-written rather than a regular
 * expression: replay parses every entry of captures with hundreds of thousands of entries.
 */
final class Layout {
    static final String PROC = "proc";
    static final String PROC_SLASH = "proc/";
    static final String TASK_SLASHED = "/task/";
    static final String SAMPLES = "samples";
    static final String SAMPLES_SLASH = "samples/";
    static final String CMD = "cmd";
    static final String CMD_SLASH = "cmd/";
    static final String STATFS = "statfs";
    static final String STATFS_SLASH = "statfs/";
    static final String TOOL = "procsnap";
    static final String TOOL_SLASH = "procsnap/";
    static final String INDEX = "index";

    private Layout() {
    }

    static boolean isReservedTopLevel(String name) {
        return name.equals(ArchivePath.MANIFEST) || name.startsWith(INDEX) || name.equals(CMD) || name.equals(STATFS)
                || name.equals(SAMPLES) || name.equals(TOOL);
    }

    static ArchivePath parse(String path) {
        if (path.startsWith(PROC_SLASH)) {
            InProcess p = inProcess(path, PROC_SLASH.length());
            return p != null ? p : new Other(path);
        }
        if (path.startsWith(SAMPLES_SLASH)) {
            int end = path.indexOf('/', SAMPLES_SLASH.length());
            int k = end < 0 ? -1 : number(path, SAMPLES_SLASH.length(), end);
            if (k > 0 && path.startsWith(PROC_SLASH, end + 1)) {
                InProcess p = inProcess(path, end + 1 + PROC_SLASH.length());
                if (p != null) {
                    return new Sample(k, p);
                }
            }
            return new Other(path);
        }
        if (path.startsWith(CMD_SLASH)) {
            int slash = path.indexOf('/', CMD_SLASH.length());
            if (slash > CMD_SLASH.length() && path.indexOf('/', slash + 1) < 0) {
                ArchivePath.Stream s = ArchivePath.Stream.of(path.substring(slash + 1));
                if (s != null) {
                    return new CommandStream(path.substring(CMD_SLASH.length(), slash), s);
                }
            }
            return new Other(path);
        }
        if (path.startsWith(STATFS_SLASH)) {
            int k = number(path, STATFS_SLASH.length(), path.length());
            return k >= 0 ? new StatfsEntry(k) : new Other(path);
        }
        if (ArchivePath.isFormatOwned(path) || path.startsWith(TOOL_SLASH)) {
            return new ToolOwned(path);
        }
        return new Other(path);
    }

    /** {@code PID[/...]} from {@code from} (just after {@code proc/}); null when it is not a process path. */
    private static InProcess inProcess(String path, int from) {
        int end = path.indexOf('/', from);
        int pid = number(path, from, end < 0 ? path.length() : end);
        if (pid < 0) {
            return null;
        }
        if (end < 0) {
            return new ProcessFile(pid, null);
        }
        int pos = end + 1;
        if (pos == path.length()) {
            return null; // trailing slash: not a path the format allows
        }
        if (path.startsWith(KernelFile.TASKS.file(), pos) && path.startsWith("/", pos + KernelFile.TASKS.file().length())) {
            int tidStart = pos + KernelFile.TASKS.file().length() + 1;
            int tidEnd = path.indexOf('/', tidStart);
            int tid = number(path, tidStart, tidEnd < 0 ? path.length() : tidEnd);
            if (tid >= 0) {
                if (tidEnd < 0) {
                    return new ThreadFile(pid, tid, null);
                }
                return tidEnd + 1 == path.length() ? null : new ThreadFile(pid, tid, path.substring(tidEnd + 1));
            }
        }
        return new ProcessFile(pid, path.substring(pos));
    }

    /** Decimal digits in {@code s[from, to)} as the kernel prints a number (no leading zero), or -1. */
    static int number(String s, int from, int to) {
        int n = to - from;
        if (n <= 0 || n > 10 || n > 1 && s.charAt(from) == '0') {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
