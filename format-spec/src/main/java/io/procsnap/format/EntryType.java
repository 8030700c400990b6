package io.procsnap.format;

/** What the captured object was on the live machine. */
public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK
}
