package io.procsnap.replay.model;

/**
 * Where a snapshot came from.
 *
 * @param location the archive file, or the procfs root for a live snapshot
 */
public record Origin(Kind kind, String location) {
    public enum Kind { ARCHIVE, LIVE }

    public boolean live() {
        return kind == Kind.LIVE;
    }
}
