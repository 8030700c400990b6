package io.procsnap.replay.cli;

import java.util.List;

/**
 * The registry of subcommands. Add a {@code <Verb>Command} here; nothing else needs to change.
 */
final class Subcommands {
    private Subcommands() {
    }

    static List<Object> all() {
        return List.of();
    }
}
