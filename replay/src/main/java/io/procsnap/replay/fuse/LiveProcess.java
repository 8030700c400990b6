package io.procsnap.replay.fuse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Read-only access to the calling process's own live procfs directory on the replay host, so that
 * {@code /proc/self} on a mount finds the tool itself (procps reads {@code /proc/self/stat} at start
 * and exits when it cannot; libproc2 looks for {@code /proc/self/task}). Only the caller's own thread
 * group is ever served (see {@link ProcFileSystem}); reads are capped.
 */
final class LiveProcess {
    /** Live files larger than this are cut (nobody reads /proc/self/mem through a replay mount). */
    static final int MAX_READ = 4 << 20;

    private final Path procRoot;
    private final String procPrefix;

    /** @param procRoot the replay host's procfs, normally {@code /proc} */
    LiveProcess(Path procRoot) {
        this.procRoot = procRoot;
        this.procPrefix = procRoot.toString() + "/";
    }

    /** The thread group of {@code tid} (from {@code Tgid:} in its status), or {@code tid} when unreadable. */
    int threadGroupOf(int tid) {
        try {
            for (String line : Files.readAllLines(procRoot.resolve(Integer.toString(tid)).resolve("status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Tgid:")) {
                    return Integer.parseInt(line.substring(5).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: a thread we cannot see is treated as its own group
        }
        return tid;
    }

    /**
     * Whether thread {@code tid} belongs to thread group {@code tgid} now: one stat of its live task entry,
     * through {@link java.io.File#exists}, which answers a missing path without an exception
     * ({@link Files#exists} builds a {@code NoSuchFileException} with its stack trace: a cold {@code ps -eLf}
     * asks this for every captured thread, and that was 12% of the server's CPU).
     */
    boolean hasThread(int tgid, int tid) {
        return new java.io.File(procPrefix + tgid + "/task/" + tid).exists();
    }

    /** The live path for {@code /<tgid>/rest...}. */
    Path path(int tgid, String[] segments, int from) {
        Path p = procRoot.resolve(Integer.toString(tgid));
        for (int i = from; i < segments.length; i++) {
            p = p.resolve(segments[i]);
        }
        return p;
    }

    /** {@code st_mode} (type and permission bits), uid and gid without following a final symlink. */
    record Attributes(int mode, int uid, int gid) {
    }

    Attributes attributes(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        return new Attributes((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"));
    }

    boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    String readlink(Path p) throws IOException {
        return Files.readSymbolicLink(p).toString();
    }

    byte[] read(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(MAX_READ);
        }
    }
}
