package io.procsnap.replay.analysis;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveHash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chain of custody of an archive file: its SHA-256 now and what {@code NAME.sha256} beside it (written by
 * the capture when it renamed the archive into place) says.
 *
 * @param sha256   the file's SHA-256 as read now
 * @param sidecar  {@code NAME.sha256}'s file name, or null when there is none
 * @param recorded the hash it records for the archive, or null (none, or unreadable)
 * @param problem  why the sidecar could not be read (not sha256sum format, names another file), or null
 */
public record Custody(String sha256, String sidecar, String recorded, String problem) {

    /** Hashes {@code file} (one read) and reads {@code NAME.sha256} beside it. */
    public static Custody of(Path file) throws IOException {
        String sha256 = ArchiveHash.of(file);
        Path side = ArchiveHash.sidecar(file);
        if (!Files.exists(side)) {
            return new Custody(sha256, null, null, null);
        }
        try {
            return new Custody(sha256, side.getFileName().toString(), ArchiveHash.readSidecar(file).sha256(), null);
        } catch (ArchiveException e) {
            return new Custody(sha256, side.getFileName().toString(), null, e.getMessage());
        }
    }

    /** {@code NAME.sha256} is there and records the hash the file has now. */
    public boolean matches() {
        return recorded != null && recorded.equals(sha256);
    }

    /** One clause: {@code matches NAME.sha256}, {@code no NAME.sha256 beside it}, or what is wrong. */
    public String verdict(String fileName) {
        if (sidecar == null) {
            return "no " + fileName + ArchiveHash.SUFFIX + " beside it";
        }
        if (problem != null) {
            return sidecar + " unreadable: " + problem;
        }
        return matches() ? "matches " + sidecar
                : sidecar + " says " + recorded + ": the file changed since it was written";
    }
}
