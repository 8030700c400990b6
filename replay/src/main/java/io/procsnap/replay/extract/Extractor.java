package io.procsnap.replay.extract;

import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.replay.archive.ArchiveSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes an archive's entries as a directory tree, the fallback when FUSE is unavailable.
 *
 * <p>Safety, whatever the entry names: nothing is written outside the target directory (absolute
 * paths, {@code ..}, {@code .} and empty segments are refused); no symlink is ever followed while
 * writing (every parent is checked to be a real directory without following links, files are created
 * with {@code O_CREAT|O_EXCL}, which fails on any existing name including a symlink); only regular
 * files, directories and symlinks are made (never device nodes, fifos or sockets); permission bits are
 * kept without setuid, setgid and sticky bits. Owners are restored only when asked (root).
 *
 * <p>Entries whose read failed during capture are not written; they are listed in
 * {@value #FAILED_LIST} with their status, detail and elapsed time.
 *
 * <p>As on Linux (and in the mount), every captured {@code proc/PID/task/TID} without its own
 * {@code cmdline} or {@code environ} entry gets its process's: a hard link to {@code proc/PID/cmdline}
 * (a copy where the filesystem has no hard links), or, when the process's read failed, a line of its own
 * in {@value #FAILED_LIST} with the process's status. So {@code ps -eLf} over the tree prints each
 * thread's command line, not {@code [comm]}.
 */
public final class Extractor {
    /** Lists the entries that hold no content because the capture's read failed. */
    public static final String FAILED_LIST = ".procsnap-not-captured.tsv";
    private static final int NAME_MAX = 255;

    /**
     * @param files        regular files written
     * @param directories  directories made or described by an entry
     * @param symlinks     symlinks written
     * @param notCaptured  entries without content, per capture status
     * @param refused      entries refused as unsafe or conflicting
     * @param refusedPaths the first refused paths with the reason
     */
    public record Result(long files, long directories, long symlinks, Map<Status, Long> notCaptured, long refused,
                         List<String> refusedPaths) {
    }

    /** The target directory could not be written (full disk, permissions); says how far it got. */
    public static final class WriteFailedException extends IOException {
        private static final long serialVersionUID = 1L;

        WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Files Linux serves in every {@code task/TID} from the thread's process; the capture records them per process. */
    static final List<String> PROCESS_WIDE = io.procsnap.replay.fuse.TreeBuilder.PROCESS_WIDE;

    private final Path root;
    private final boolean restoreOwners;
    private long files;
    private long directories;
    private long symlinks;
    private long refused;
    private final Map<Status, Long> notCaptured = new EnumMap<>(Status.class);
    private final List<String> refusedPaths = new ArrayList<>();
    private final List<Path> directoryModes = new ArrayList<>();
    private final List<Integer> modes = new ArrayList<>();
    private final StringBuilder failedList = new StringBuilder("path\tstatus\tdetail\telapsed_ms\n");
    /** Thread paths {@code proc/PID/task/TID/NAME} of process-wide files that the archive holds itself. */
    private final Set<String> ownThreadFiles = new HashSet<>();
    /** Process-wide files {@code proc/PID/NAME} whose capture failed, by path. */
    private final Map<String, EntryHeader> failedProcessFiles = new HashMap<>();
    /** Process-wide files {@code proc/PID/NAME} written. */
    private final Set<String> writtenProcessFiles = new HashSet<>();
    /** The thread directories written, {@code proc/PID/task/TID}: tids by pid, in name order. */
    private final Map<String, java.util.SortedSet<String>> threadDirectories = new java.util.TreeMap<>();

    private Extractor(Path root, boolean restoreOwners) {
        this.root = root;
        this.restoreOwners = restoreOwners;
    }

    /**
     * Extracts every entry of {@code source} into {@code dir}, which must not exist or be empty.
     *
     * @throws WriteFailedException when writing fails (the message names the file and the entries done)
     * @throws IOException          when {@code dir} exists and is not an empty directory
     */
    public static Result extract(ArchiveSource source, Path dir, boolean restoreOwners) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " exists and is not a directory");
            }
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(dir + " is not empty; extract writes into a new or empty directory");
                }
            }
        } else {
            Files.createDirectories(dir);
        }
        Extractor x = new Extractor(dir.toRealPath(), restoreOwners);
        long total = source.summary() == null ? -1 : source.summary().entryCount();
        long[] done = {0};
        source.scan((e, content) -> {
            try {
                x.place(e, content);
            } catch (IOException ex) {
                throw new WriteFailedException("cannot write " + dir.resolve(e.path()) + ": " + reason(ex) + " ("
                        + done[0] + " of " + (total < 0 ? "?" : Long.toString(total)) + " entries written)", ex);
            }
            done[0]++;
        });
        try {
            Path manifest = x.root.resolve(ArchivePath.MANIFEST);
            if (!Files.exists(manifest, LinkOption.NOFOLLOW_LINKS)) {
                Files.write(manifest, io.procsnap.replay.fuse.ManifestJson.render(source.manifest()),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            }
            x.finish();
        } catch (IOException ex) {
            throw new WriteFailedException("cannot finish " + dir + ": " + reason(ex), ex);
        }
        return new Result(x.files, x.directories, x.symlinks, Map.copyOf(x.notCaptured), x.refused,
                List.copyOf(x.refusedPaths));
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void place(Entry e, byte[] content) throws IOException {
        EntryHeader h = e.header();
        String[] parts = safeSegments(h.path());
        if (parts == null) {
            refuse(h.path(), "not a safe relative path");
            return;
        }
        Path parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.resolve(parts[i]);
            if (!Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(parent);
            } else if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                refuse(h.path(), parent.getFileName() + " is not a directory (never written through a symlink)");
                return;
            }
        }
        Path leaf = parent.resolve(parts[parts.length - 1]);
        boolean hasContent = h.status() == Status.OK || h.status() == Status.TRUNCATED;
        notePerProcess(parts, h, hasContent);
        switch (h.type()) {
            case DIRECTORY -> {
                if (!Files.exists(leaf, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(leaf);
                } else if (!Files.isDirectory(leaf, LinkOption.NOFOLLOW_LINKS)) {
                    refuse(h.path(), "a file or symlink of that name was written first");
                    return;
                }
                directories++;
                noteThreadDirectory(parts, parts.length);
                if (h.mode() >= 0) {
                    directoryModes.add(leaf);
                    modes.add(h.mode());
                }
                owner(leaf, h);
                if (!hasContent) {
                    noteNotCaptured(h);
                }
            }
            case FILE -> {
                if (!hasContent) {
                    noteNotCaptured(h);
                    return;
                }
                try (OutputStream out = Files.newOutputStream(leaf, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    out.write(content);
                } catch (FileAlreadyExistsException ex) {
                    refuse(h.path(), "name already written");
                    return;
                }
                if (h.mode() >= 0) {
                    Files.setPosixFilePermissions(leaf, permissions(h.mode()));
                }
                owner(leaf, h);
                files++;
                if (processWide(parts, 2)) {
                    writtenProcessFiles.add(h.path());
                }
                if (h.status() == Status.TRUNCATED) {
                    noteNotCaptured(h);
                }
            }
            case SYMLINK -> {
                if (!hasContent || h.linkTarget() == null) {
                    noteNotCaptured(h);
                    return;
                }
                if (h.linkTarget().isEmpty() || h.linkTarget().indexOf('\0') >= 0) {
                    refuse(h.path(), "symlink text is empty or holds NUL");
                    return;
                }
                try {
                    Files.createSymbolicLink(leaf, Path.of(h.linkTarget()));
                } catch (FileAlreadyExistsException ex) {
                    refuse(h.path(), "name already written");
                    return;
                }
                owner(leaf, h);
                symlinks++;
            }
        }
    }

    private static boolean processWide(String[] parts, int at) {
        return parts.length == at + 1 && PROCESS_WIDE.contains(parts[at]) && parts[0].equals("proc")
                && ArchivePath.number(parts[1]) >= 0;
    }

    /** Notes {@code parts[0..length)} as a thread directory when it is {@code proc/PID/task/TID}. */
    private void noteThreadDirectory(String[] parts, int length) {
        if (length == 4 && parts.length >= 4 && parts[0].equals("proc") && parts[2].equals("task")
                && ArchivePath.number(parts[1]) >= 0 && ArchivePath.number(parts[3]) >= 0) {
            threadDirectories.computeIfAbsent(parts[1], pid -> new java.util.TreeSet<>()).add(parts[3]);
        }
    }

    private void notePerProcess(String[] parts, EntryHeader h, boolean hasContent) {
        if (parts.length > 4) {
            noteThreadDirectory(parts, 4); // made (or found a directory) as this entry's parent
        }
        if (processWide(parts, 2)) {
            if (!hasContent && h.type() == EntryType.FILE) {
                failedProcessFiles.putIfAbsent(h.path(), h);
            }
        } else if (processWide(parts, 4) && parts[2].equals("task")) {
            ownThreadFiles.add(String.join("/", parts));
        }
    }

    /**
     * Gives every thread directory written its process's {@link #PROCESS_WIDE} files where the archive has
     * none for the thread: a hard link (or copy) of the written file, or the process's failed status. From
     * what {@link #place} noted, without listing the written tree again.
     */
    private void shareProcessFiles() throws IOException {
        for (Map.Entry<String, java.util.SortedSet<String>> process : threadDirectories.entrySet()) {
            String pid = process.getKey();
            for (String name : PROCESS_WIDE) {
                String shared = "proc/" + pid + "/" + name;
                boolean written = writtenProcessFiles.contains(shared);
                EntryHeader failed = failedProcessFiles.get(shared);
                if (!written && failed == null) {
                    continue;
                }
                for (String tid : process.getValue()) {
                    String path = "proc/" + pid + "/task/" + tid + "/" + name;
                    if (ownThreadFiles.contains(path)) {
                        continue;
                    }
                    if (!written) {
                        noteNotCaptured(path, failed);
                        continue;
                    }
                    Path leaf = root.resolve(path);
                    Path file = root.resolve(shared);
                    try {
                        Files.createLink(leaf, file);
                    } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                        if (e instanceof FileAlreadyExistsException) {
                            continue;
                        }
                        Files.copy(file, leaf, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
    }

    private void finish() throws IOException {
        shareProcessFiles();
        if (failedList.indexOf("\n") != failedList.length() - 1) {
            Files.writeString(root.resolve(FAILED_LIST), failedList, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
        // directory modes last, deepest first, so read-only directories do not block their own children
        for (int i = directoryModes.size() - 1; i >= 0; i--) {
            Set<PosixFilePermission> p = permissions(modes.get(i));
            p.add(PosixFilePermission.OWNER_READ);
            p.add(PosixFilePermission.OWNER_WRITE);
            p.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(directoryModes.get(i), p);
        }
    }

    private void owner(Path p, EntryHeader h) throws IOException {
        if (restoreOwners && h.uid() >= 0 && h.gid() >= 0) {
            Files.setAttribute(p, "unix:uid", (int) h.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", (int) h.gid(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    private void noteNotCaptured(EntryHeader h) {
        notCaptured.merge(h.status(), 1L, Long::sum);
        noteNotCaptured(h.path(), h);
    }

    /** Lists {@code path} as not captured with {@code h}'s status (not counted: it is no entry of the archive). */
    private void noteNotCaptured(String path, EntryHeader h) {
        failedList.append(tsv(path)).append('\t').append(h.status().label()).append('\t')
                .append(h.detail() == null ? "" : tsv(h.detail())).append('\t')
                .append(String.format(Locale.ROOT, "%.3f", h.elapsedNanos() / 1e6)).append('\n');
    }

    private void refuse(String path, String why) {
        refused++;
        if (refusedPaths.size() < 20) {
            refusedPaths.add(tsv(path) + ": " + why);
        }
    }

    private static String tsv(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }

    /** Only the nine permission bits: setuid, setgid and sticky are dropped. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                p.add(order[bit]);
            }
        }
        return p;
    }

    /** Relative, no empty, "." or ".." segment, no NUL, names within NAME_MAX bytes; else null. */
    static String[] safeSegments(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
            return null;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String[] parts = p.split("/", -1);
        for (String s : parts) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                return null;
            }
        }
        return parts;
    }
}
