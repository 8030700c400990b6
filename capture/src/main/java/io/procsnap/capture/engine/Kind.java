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
    COMMAND,
    /**
     * {@link #READ_FILE} done by a disposable reader child ({@link ReaderChild}), not by a thread of the capture:
     * SunOS's per-process reads, which can wait for a process lock in a way no signal interrupts.
     */
    CHILD_READ_FILE,
    /** {@link #OWNER} by the reader child ({@code stat()} of a SunOS {@code /proc/PID} can block on its p_lock). */
    CHILD_OWNER,
    /** {@link #LIST_DIR} by the reader child. */
    CHILD_LIST_DIR,
    /**
     * A directory of links listed and every link read in one step by the reader child (SunOS's
     * {@code proc/PID/path}): a DIRECTORY entry and a SYMLINK entry per link; no link is opened.
     */
    CHILD_LIST_LINKS;

    /** True for the kinds a reader child performs. */
    public boolean inChild() {
        return this == CHILD_READ_FILE || this == CHILD_OWNER || this == CHILD_LIST_DIR || this == CHILD_LIST_LINKS;
    }

    /** True for the kinds that open a file and read its content. */
    public boolean opensFile() {
        return this == READ_FILE || this == CHILD_READ_FILE;
    }
}
