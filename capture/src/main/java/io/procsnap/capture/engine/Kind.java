package io.procsnap.capture.engine;

/** What the engine does for one work item. */
public enum Kind {
    /** open + read to EOF (capped) + close; a FILE entry. */
    READ_FILE,
    /** readlink only, never open; a SYMLINK entry. */
    READLINK,
    /** list a directory; a DIRECTORY entry, the names go to the item's follow-up. */
    LIST_DIR,
    /** lstat of a directory for its mode, uid, gid (numeric); a DIRECTORY entry. */
    OWNER,
    /** statfs of a mount point (through {@code stat -f}, killable); a FILE entry under statfs/. */
    STATFS,
    /** run a program; entries cmd/NAME/{stdout,stderr,status}. */
    COMMAND
}
