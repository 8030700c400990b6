package io.procsnap.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a whole archive file and {@code NAME.sha256} beside it, in the format of coreutils'
 * {@code sha256sum} (SPEC.md "Chain of custody"). The hash covers every byte of the file, so it cannot be
 * stored inside the archive: the writer computes it while writing and puts it beside the file.
 *
 * <pre>
 * 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  procsnap-web1-20261122T021748Z.tar.zst
 * </pre>
 */
public final class ArchiveHash {
    /** Appended to the archive's file name: {@code NAME.tar.zst.sha256}. */
    public static final String SUFFIX = ".sha256";
    /** {@code HASH  NAME} (text mode) or {@code HASH *NAME} (binary mode), as sha256sum writes and reads it. */
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");
    private static final int MAX_SIDECAR = 64 << 10;

    /** What {@code NAME.sha256} says about the archive. */
    public record Recorded(Path file, String sha256) {
    }

    private ArchiveHash() {
    }

    /** A new SHA-256 digest (every Java runtime has one: the SUN provider of java.base). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** Lower-case hex, as sha256sum prints it. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Reads {@code file} once and returns its SHA-256 in hex. */
    public static String of(Path file) throws IOException {
        MessageDigest md = newDigest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
        }
        return hex(md.digest());
    }

    /** {@code NAME.sha256} beside {@code archive}. */
    public static Path sidecar(Path archive) {
        return archive.resolveSibling(archive.getFileName() + SUFFIX);
    }

    /** The sidecar's one line: {@code HASH  NAME\n}, NAME without directory (check with {@code sha256sum -c} there). */
    public static String line(String sha256, Path archive) {
        return sha256 + "  " + archive.getFileName() + "\n";
    }

    /**
     * Writes {@code NAME.sha256} beside {@code archive} atomically (a temporary file renamed over it), so a
     * reader sees the whole line or no file; returns its path.
     */
    public static Path writeSidecar(Path archive, String sha256) throws IOException {
        Path target = sidecar(archive);
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.write(temp, line(sha256, archive).getBytes(StandardCharsets.US_ASCII));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /**
     * What {@code NAME.sha256} beside {@code archive} says, or null when there is none. The file may hold
     * several lines (sha256sum of many files); the one naming this archive's file name counts.
     *
     * @throws ArchiveException (CORRUPT) when the file is there but names no hash for the archive
     */
    public static Recorded readSidecar(Path archive) throws IOException {
        Path side = sidecar(archive);
        if (!Files.isRegularFile(side)) {
            return null;
        }
        if (Files.size(side) > MAX_SIDECAR) {
            throw new ArchiveException(ArchiveException.Kind.CORRUPT, side + ": " + Files.size(side)
                    + " bytes, too large for a sha256sum file");
        }
        List<String> lines = Files.readAllLines(side, StandardCharsets.UTF_8);
        String name = archive.getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i).stripTrailing());
            if (!m.matches()) {
                throw new ArchiveException(ArchiveException.Kind.CORRUPT, side + " line " + (i + 1)
                        + ": not 'SHA256  NAME' (sha256sum format): " + shorten(lines.get(i)));
            }
            String named = m.group(2);
            if (named.equals(name) || named.endsWith("/" + name)) {
                return new Recorded(side, m.group(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        throw new ArchiveException(ArchiveException.Kind.CORRUPT, side + " names no hash for " + name);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
