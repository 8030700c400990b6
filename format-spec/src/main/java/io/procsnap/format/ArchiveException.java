package io.procsnap.format;

import java.io.IOException;

/**
 * The archive itself cannot be used: not one of ours, an unsupported version, or damage that leaves
 * nothing to salvage, or hostile content that was refused. The message says what and where
 * (file, frame, offset) and, for a version mismatch, the version found and those supported.
 */
public final class ArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem; maps to exit code 4 in both programs. */
    public enum Kind { NOT_AN_ARCHIVE, UNSUPPORTED_VERSION, CORRUPT, HOSTILE }

    private final Kind kind;

    public ArchiveException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ArchiveException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
