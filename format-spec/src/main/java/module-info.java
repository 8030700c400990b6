/**
 * The procsnap archive format (SPEC.md): the one reader and writer of archives ({@code io.procsnap.format})
 * and the archive's vocabulary ({@code io.procsnap.format.layout}). Codecs, tar, zstd frames, the index and
 * jackson-core stay behind the non-exported {@code io.procsnap.format.internal}.
 */
module io.procsnap.format {
    requires com.github.luben.zstd_jni;
    requires com.fasterxml.jackson.core;

    exports io.procsnap.format;
    exports io.procsnap.format.layout;
}
