package io.procsnap.replay.model;

import io.procsnap.format.layout.CommandStatus;

/**
 * An external command the capture ran: {@code cmd/<name>/{stdout,stderr,status}}.
 *
 * @param name   {@code zpool-list}, {@code dmesg}, ...
 * @param stdout output text (UTF-8, malformed bytes replaced)
 * @param stderr error text
 * @param status how it ended
 */
public record CommandOutput(String name, Sourced<String> stdout, Sourced<String> stderr,
                            Sourced<CommandStatus> status) {

    /** The command hung: timed out or left behind. */
    public boolean hung() {
        return status.present() && (status.value().timedOut() || status.value().leftBehind());
    }
}
