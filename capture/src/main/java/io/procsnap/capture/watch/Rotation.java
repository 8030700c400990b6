package io.procsnap.capture.watch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The archives in the watch directory within {@code --keep} files and {@code --max-bytes}, oldest
 * (by modification time, then name) removed first. Only files named as the watcher names its archives
 * ({@code procsnap-*.tar.zst}, {@code .tar.gz}, and their {@code .partial}) count and are ever removed;
 * anything else in the directory is left alone.
 */
final class Rotation {
    static final Pattern ARCHIVE = Pattern.compile("procsnap-[^/]+\\.tar\\.(zst|gz)(\\.partial)?");
    /** The capture's temporary name while it writes: {@code .NAME.tmp-PID}. */
    static final Pattern TEMP = Pattern.compile("\\.(procsnap-[^/]+\\.tar\\.(zst|gz))\\.tmp-(\\d+)");

    record Archive(Path path, long size, long modifiedMillis) { }

    private final Path dir;
    private final int keep;
    private final long maxBytes;

    Rotation(Path dir, int keep, long maxBytes) {
        this.dir = dir;
        this.keep = keep;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The archives, oldest first. */
    List<Archive> list() throws IOException {
        List<Archive> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!ARCHIVE.matcher(p.getFileName().toString()).matches()) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        out.add(new Archive(p, a.size(), a.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
        out.sort(Comparator.comparingLong(Archive::modifiedMillis).thenComparing(a -> a.path().getFileName().toString()));
        return out;
    }

    long totalBytes() throws IOException {
        return list().stream().mapToLong(Archive::size).sum();
    }

    /** The size the next archive is expected to have: the newest one's, 0 when there is none. */
    long expectedSize() throws IOException {
        List<Archive> all = list();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).size();
    }

    /**
     * Before a capture: removes the oldest archives until at most {@code keep - 1} remain and their bytes
     * plus {@code reserve} fit {@code maxBytes}. Returns what was removed.
     */
    List<Archive> makeRoom(long reserve) throws IOException {
        return removeOldest(0, keep - 1, maxBytes - reserve);
    }

    /**
     * After a capture: removes the oldest archives while more than {@code keep} remain or their bytes
     * exceed {@code maxBytes}, but never the newest one (the moment just captured; the log says when it
     * alone is above the budget). Returns what was removed.
     */
    List<Archive> enforce() throws IOException {
        return removeOldest(1, keep, maxBytes);
    }

    /** Removes the oldest archives, leaving at least {@code minLeft}, until at most {@code count} and {@code bytes} remain. */
    private List<Archive> removeOldest(int minLeft, int count, long bytes) throws IOException {
        List<Archive> all = list();
        List<Archive> removed = new ArrayList<>();
        long total = all.stream().mapToLong(Archive::size).sum();
        while (all.size() > minLeft && (all.size() > count || total > bytes)) {
            Archive oldest = all.remove(0);
            Files.deleteIfExists(oldest.path());
            total -= oldest.size();
            removed.add(oldest);
        }
        return removed;
    }

    /**
     * A capture killed before it finished (SIGKILL, power loss) leaves {@code .NAME.tmp-PID}; its complete
     * frames are readable. When that pid no longer runs, the file becomes {@code NAME.partial}, an archive
     * like the others (replay salvages it; rotation counts it). Returns the new names.
     */
    List<Path> recoverTemporaries() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".procsnap-*")) {
            for (Path p : s) {
                Matcher m = TEMP.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long pid = Long.parseLong(m.group(3));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Path partial = dir.resolve(m.group(1) + ".partial");
                Files.move(p, partial, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                out.add(partial);
            }
        }
        return out;
    }
}
