package io.procsnap.replay;

import io.procsnap.replay.cli.ReplayCommand;

/** Entry point of {@code procsnap-replay}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ReplayCommand.run(args));
    }
}
