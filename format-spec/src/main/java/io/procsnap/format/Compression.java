package io.procsnap.format;

/** The container's compression, told apart by magic bytes, never by file name. */
public enum Compression {
    /** Independent zstd frames plus the zstd seekable-format seek table (the normal case). */
    ZSTD_SEEKABLE,
    /** One gzip stream: the fallback when the zstd native library cannot load. Sequential access only. */
    GZIP
}
