package io.procsnap.capture.watch;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.Manifest;

import java.util.function.Consumer;

/**
 * The trigger as the capture receives it from its watcher: the manifest's {@code trigger} object as
 * JSON in {@value CaptureChild#TRIGGER_ENV}. An environment variable rather than an option: the
 * capture records every process's command line (its own and the watcher's included), not environments.
 */
public final class TriggerHandoff {
    private TriggerHandoff() {
    }

    /** The trigger handed to this capture, or null; a malformed one is reported and left out, never fatal. */
    public static Manifest.Trigger fromEnvironment(Consumer<String> warning) {
        String json = System.getenv(CaptureChild.TRIGGER_ENV);
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return Manifest.Trigger.fromJson(json);
        } catch (ArchiveException e) {
            warning.accept(CaptureChild.TRIGGER_ENV + " ignored: " + e.getMessage());
            return null;
        }
    }
}
