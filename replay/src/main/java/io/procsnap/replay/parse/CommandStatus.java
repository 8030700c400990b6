package io.procsnap.replay.parse;

import java.util.List;
import java.util.Map;

/**
 * The capture's {@code cmd/<name>/status} JSON: how an external command ended.
 *
 * @param argv         the command line run
 * @param found        whether the program was found on PATH
 * @param exitCode     exit code, or null when it did not exit normally
 * @param signal       terminating signal number, or null
 * @param timedOut     killed because it exceeded its timeout
 * @param killed       the capture killed it
 * @param leftBehind   it could not be reaped (still in D state when the capture ended)
 * @param elapsedNanos wall time, -1 when unknown
 * @param truncated    stdout or stderr cut at the size cap
 * @param fields       every top-level field as text, for keys this record does not name
 */
public record CommandStatus(List<String> argv, boolean found, Integer exitCode, Integer signal, boolean timedOut,
                            boolean killed, boolean leftBehind, long elapsedNanos, boolean truncated,
                            Map<String, String> fields) {
    public CommandStatus {
        argv = List.copyOf(argv);
        fields = Map.copyOf(fields);
    }

    /** Found, exited 0, not timed out. */
    public boolean succeeded() {
        return found && !timedOut && exitCode != null && exitCode == 0;
    }
}
