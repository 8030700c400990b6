package io.procsnap.replay.fuse;

import io.procsnap.format.EntryHeader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The extended attributes that explain a name on the mount ({@code getfattr -d PATH}):
 * <pre>
 * user.procsnap.origin   archive | synthesized | generated | replay-host
 * user.procsnap.status   ok | timeout | denied | vanished | error | truncated | skipped
 * user.procsnap.elapsed  how long the capture's read took, e.g. "2000.113 ms"
 * user.procsnap.start    when it started, after capture start, e.g. "412.005 ms"
 * user.procsnap.detail   errno name, skip reason or size cap (only when the capture recorded one)
 * user.procsnap.path     the archive path served here
 * user.procsnap.sample   the repeated sample it comes from (only for k > 0)
 * </pre>
 */
final class Xattrs {
    static final String PREFIX = "user.procsnap.";

    private Xattrs() {
    }

    static Map<String, String> of(Target target, Instant captureStart) {
        Map<String, String> x = new LinkedHashMap<>();
        switch (target) {
            case Target.Archived a -> archived(a.node(), x);
            case Target.Live l -> x.put(PREFIX + "origin", "replay-host");
            case Target.CallerLink c -> x.put(PREFIX + "origin", "replay-host");
        }
        return x;
    }

    private static void archived(Node n, Map<String, String> x) {
        EntryHeader h = n.header();
        if (h == null) {
            x.put(PREFIX + "origin", n.isGenerated() ? "generated" : "synthesized");
            return;
        }
        x.put(PREFIX + "origin", "archive");
        x.put(PREFIX + "status", h.status().label());
        x.put(PREFIX + "elapsed", millis(h.elapsedNanos()));
        x.put(PREFIX + "start", millis(h.startNanos()));
        if (h.detail() != null) {
            x.put(PREFIX + "detail", h.detail());
        }
        x.put(PREFIX + "path", h.path());
        if (n.sample() > 0) {
            x.put(PREFIX + "sample", Integer.toString(n.sample()));
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
