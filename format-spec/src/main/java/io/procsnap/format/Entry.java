package io.procsnap.format;

/**
 * One entry as found in an archive.
 *
 * @param header what the entry records (status, owner, timing, link target)
 * @param size   number of content bytes stored
 * @param frame  zero-based zstd frame holding the entry's first tar header, or -1 when not known (gzip)
 * @param offset offset of that header within the frame's decompressed bytes, or within the whole
 *               decompressed stream for gzip
 */
public record Entry(EntryHeader header, long size, int frame, long offset) {
    public String path() {
        return header.path();
    }

    public Status status() {
        return header.status();
    }
}
