package io.procsnap.capture;

import io.procsnap.format.ArchiveHash;
import io.procsnap.format.ExitCode;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Where the archive goes: stdout, an existing device or FIFO written in place, or a temporary name in the
 * target's directory renamed when complete. Refuses a terminal, a directory, anything under /proc or /sys,
 * and a file system with less free space than asked.
 *
 * <p>Every byte on its way out passes a SHA-256 digest (under the buffer, so the digest sees what reached
 * the file or pipe, in large blocks): the archive's hash without reading it again. A regular file gets
 * {@code NAME.sha256} beside it when renamed into place ({@link ArchiveHash}); stdout, devices and FIFOs
 * get none (the hash is on the summary line only): there is no file of ours to put it beside.
 */
final class OutputTarget {
    /** Names of this process's stdout that mean the same as {@code -o -}. */
    private static final Set<String> STDOUT_NAMES = Set.of("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int BUFFER = 1 << 16;

    final OutputStream stream;
    private final MessageDigest digest;
    private final Path finalPath;
    private final Path tempPath;
    private Path target;

    private String sha256;
    private Path sidecar;

    private OutputTarget(OutputStream raw, Path finalPath, Path tempPath) {
        this.digest = ArchiveHash.newDigest();
        this.stream = new BufferedOutputStream(new DigestOutputStream(raw, digest), BUFFER);
        this.finalPath = finalPath;
        this.tempPath = tempPath;
        this.target = finalPath;
    }

    /**
     * Opens the target of {@code -o output} (null: the default name in the current directory).
     *
     * @param stdout where {@code -o -} writes
     */
    static OutputTarget open(String output, String hostname, Instant start, long minFree, OutputStream stdout)
            throws CaptureFailure {
        if (output != null && STDOUT_NAMES.contains(output)) {
            output = "-"; // the same as -o -: the file fd 1 refers to, not a file of procfs
        }
        if ("-".equals(output)) {
            if (isProcessStdout(stdout) && Terminal.isTerminal(1)) {
                throw new CaptureFailure(ExitCode.USAGE, "refusing to write the archive to a terminal: with -o - pipe or"
                        + " redirect stdout (procsnap -o - | ssh host 'cat > x.tar.zst'), or give -o FILE");
            }
            return new OutputTarget(stdout, null, null);
        }
        Path path = Paths.get(output != null ? output : defaultName(hostname, start));
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CaptureFailure(ExitCode.ENVIRONMENT, "cannot write " + path + ": no such directory " + dir);
        }
        Path realDir;
        try {
            realDir = dir.toRealPath();
        } catch (IOException e) {
            throw new CaptureFailure(ExitCode.ENVIRONMENT, "cannot write " + path + ": " + e.getMessage());
        }
        if (realDir.startsWith("/proc") || realDir.startsWith("/sys")) {
            throw new CaptureFailure(ExitCode.USAGE, "refusing to write the archive under " + realDir
                    + ": procsnap never writes under /proc or /sys; give -o FILE elsewhere or -o -");
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            return inPlace(path, abs);
        }
        long free = dir.toFile().getUsableSpace();
        if (free < minFree) {
            throw new CaptureFailure(ExitCode.ENVIRONMENT, "only " + CaptureSummary.human(free) + " free in " + dir
                    + " (need " + CaptureSummary.human(minFree) + "); stream the archive elsewhere instead: "
                    + "procsnap -o - | ssh host 'cat > x.tar.zst'");
        }
        Path temp = dir.resolve("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            return new OutputTarget(new FileOutputStream(temp.toFile()), abs, temp);
        } catch (IOException e) {
            throw new CaptureFailure(ExitCode.ENVIRONMENT, "cannot write " + temp + ": " + e.getMessage());
        }
    }

    /** A device (/dev/null), FIFO or socket: written in place, never replaced by a renamed file. */
    private static OutputTarget inPlace(Path path, Path abs) throws CaptureFailure {
        if (Files.isDirectory(abs)) {
            throw new CaptureFailure(ExitCode.USAGE, "cannot write " + path + ": it is a directory; give -o FILE");
        }
        try {
            return new OutputTarget(new FileOutputStream(abs.toFile()), abs, null);
        } catch (IOException e) {
            throw new CaptureFailure(ExitCode.ENVIRONMENT, "cannot write " + path + ": " + e.getMessage());
        }
    }

    /** True when {@code -o -} goes to this process's real fd 1 (not a stream a test or embedder passed). */
    private static boolean isProcessStdout(OutputStream stdout) {
        try {
            return stdout instanceof FileOutputStream && ((FileOutputStream) stdout).getFD() == FileDescriptor.out;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code procsnap-<hostname>-<UTC yyyyMMddTHHmmssZ>.tar.zst}; odd characters of the hostname become '_'. */
    static String defaultName(String hostname, Instant start) {
        return "procsnap-" + safe(hostname) + "-" + STAMP.format(start) + ".tar.zst";
    }

    boolean isStdout() {
        return finalPath == null;
    }

    /** Written in place (stdout, or an existing device, FIFO or socket): nothing to rename. */
    private boolean inPlace() {
        return tempPath == null;
    }

    /** The archive is gzip, not zstd: {@code NAME.tar.zst} is renamed {@code NAME.tar.gz}. */
    void useGzipName() {
        if (!inPlace() && finalPath.getFileName().toString().endsWith(".tar.zst")) {
            String n = finalPath.getFileName().toString();
            target = finalPath.resolveSibling(n.substring(0, n.length() - ".tar.zst".length()) + ".tar.gz");
        }
    }

    String describe() {
        return finalPath == null ? "stdout" : target.toString();
    }

    /**
     * Renames the finished archive into place, then writes {@code NAME.sha256} beside it (a regular file
     * only); returns its name. Call after the writer closed the stream: the hash is final then.
     */
    String commit() throws CaptureFailure {
        sha256 = ArchiveHash.hex(digest.digest());
        if (inPlace()) { // the writer closed the stream
            return finalPath == null ? "stdout" : finalPath.toString();
        }
        try {
            Files.move(tempPath, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CaptureFailure(ExitCode.ENVIRONMENT, "archive complete at " + tempPath + " but cannot rename it to "
                    + target + ": " + e.getMessage());
        }
        try {
            sidecar = ArchiveHash.writeSidecar(target, sha256);
        } catch (IOException e) {
            throw new CaptureFailure(ExitCode.ENVIRONMENT, "archive complete at " + target + " (sha256 " + sha256
                    + ") but cannot write " + ArchiveHash.sidecar(target) + ": " + e.getMessage());
        }
        return target.toString();
    }

    /** The SHA-256 of every byte written, in hex; set by {@link #commit()}. */
    String sha256() {
        return sha256;
    }

    /** {@code NAME.sha256} written by {@link #commit()}, or null (stdout, a device or FIFO). */
    Path sidecar() {
        return sidecar;
    }

    /** Keeps what was written under {@code NAME.partial}; says where. */
    String keepPartial() {
        // Never close or flush the stream here: the writer thread may be blocked inside it (a stalled
        // pipe) holding its lock. What reached the file stays; the rename works on an open file.
        if (inPlace()) {
            return "the stream ends with the complete frames written so far";
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.move(tempPath, partial, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return "the partial archive (its complete frames are readable) is " + partial;
        } catch (IOException e) {
            return "the partial archive (its complete frames are readable) is " + tempPath;
        }
    }

    /** Closes the stream and removes the temporary file: nothing useful was written. */
    void abandon() {
        try {
            stream.close();
            if (tempPath != null) {
                Files.deleteIfExists(tempPath);
            }
        } catch (IOException e) {
            // nothing useful was written
        }
    }

    private static String safe(String hostname) {
        String h = hostname == null ? "unknown" : hostname.replaceAll("[^A-Za-z0-9._-]", "_");
        return h.isEmpty() ? "unknown" : h;
    }
}
