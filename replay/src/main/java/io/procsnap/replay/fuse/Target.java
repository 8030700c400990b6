package io.procsnap.replay.fuse;

import java.nio.file.Path;

/** What a FUSE path resolves to for one caller. */
sealed interface Target {

    /**
     * A node of the archive tree (captured entry, synthesized directory or generated file).
     *
     * @param scope how it was reached: through a name the root holds, a non-leader thread's {@code /<tid>},
     *              or the caller's own pid (the captured {@code proc/self} laid over it); see {@link CacheTimeouts}
     */
    record Archived(Node node, CacheTimeouts.Scope scope) implements Target {
        Archived(Node node) {
            this(node, CacheTimeouts.Scope.CAPTURED);
        }
    }

    /**
     * The caller's own live process on the replay host ({@code /<tgid>/...} reached through {@code self}).
     *
     * @param path    the live path
     * @param overlay the captured {@code proc/self} directory at the same place, whose names are listed too
     */
    record Live(Path path, Node overlay) implements Target {
    }

    /** {@code self} or {@code thread-self}: a symlink whose text depends on the caller. */
    record CallerLink(String text) implements Target {
    }
}
