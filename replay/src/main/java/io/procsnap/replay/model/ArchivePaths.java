package io.procsnap.replay.model;

/**
 * Recognizes the archive path conventions: per-process and per-thread paths (main pass and repeated
 * samples). Hand-written rather than a regular expression: it runs once per entry of captures with
 * hundreds of thousands of entries.
 */
final class ArchivePaths {
    private ArchivePaths() {
    }

    /**
     * A path under {@code proc/PID}, {@code proc/PID/task/TID} or {@code samples/<k>/proc/...}.
     *
     * @param sample 0 for the main pass
     * @param tid    -1 for process-level paths
     * @param file   path below the process or task directory ({@code stat}, {@code fd/3}), null for the
     *               directory itself
     */
    record TaskPath(int sample, int pid, int tid, String file) {
        boolean directory() {
            return file == null;
        }
    }

    /** The task path, or null when {@code path} is not under a process. */
    static TaskPath task(String path) {
        int pos = 0;
        int sample = 0;
        if (path.startsWith("samples/")) {
            int end = path.indexOf('/', 8);
            sample = number(path, 8, end);
            if (sample < 0) {
                return null;
            }
            pos = end + 1;
        }
        if (!path.startsWith("proc/", pos)) {
            return null;
        }
        pos += 5;
        int end = path.indexOf('/', pos);
        int pid = number(path, pos, end < 0 ? path.length() : end);
        if (pid < 0) {
            return null;
        }
        if (end < 0) {
            return new TaskPath(sample, pid, -1, null);
        }
        pos = end + 1;
        if (path.startsWith("task/", pos)) {
            int tidStart = pos + 5;
            int tidEnd = path.indexOf('/', tidStart);
            int tid = number(path, tidStart, tidEnd < 0 ? path.length() : tidEnd);
            if (tid >= 0) {
                return new TaskPath(sample, pid, tid, tidEnd < 0 ? null : emptyToNull(path.substring(tidEnd + 1)));
            }
        }
        return new TaskPath(sample, pid, -1, emptyToNull(path.substring(pos)));
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** Decimal digits in {@code [from, to)} as an int, or -1. */
    private static int number(String s, int from, int to) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    static String process(int pid) {
        return "proc/" + pid;
    }

    static String thread(int sample, int pid, int tid) {
        String base = "proc/" + pid + "/task/" + tid;
        return sample == 0 ? base : "samples/" + sample + "/" + base;
    }
}
