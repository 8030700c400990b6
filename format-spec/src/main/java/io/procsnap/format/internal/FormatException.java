package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException;

/**
 * A defect found by a pure parse function, with a message relative to the bytes it was given
 * ("at offset 1024: ..."). The reader adds the file and frame and turns it into an
 * {@link ArchiveException}.
 */
public final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ArchiveException.Kind kind;

    public FormatException(ArchiveException.Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ArchiveException.Kind kind() {
        return kind;
    }
}
