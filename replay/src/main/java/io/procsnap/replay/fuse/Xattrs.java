package io.procsnap.replay.fuse;

import io.procsnap.format.EntryAttributes;
import io.procsnap.format.EntryHeader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The extended attributes that explain a name on the mount ({@code getfattr -d PATH}). An archived entry
 * shows the attributes {@code tar --xattrs} puts on the extracted file ({@link EntryAttributes}: the same
 * names, the same values), plus its status even when ok, where it came from and which archive path:
 * <pre>
 * user.procsnap.origin      archive | synthesized | generated | replay-host
 * user.procsnap.status      ok | timeout | denied | vanished | error | truncated | skipped
 * user.procsnap.type        symlink, for a link whose readlink failed (served as a file)
 * user.procsnap.unknown     which of mode,uid,gid the capture did not learn (shown as defaults)
 * user.procsnap.detail      errno name, skip reason or size cap (only when the capture recorded one)
 * user.procsnap.start_us    when the read started, microseconds after capture start (when not 0)
 * user.procsnap.elapsed_us  how long the read took, microseconds (when not 0)
 * user.procsnap.path        the archive path served here
 * user.procsnap.sample      the repeated sample it comes from (only for k > 0)
 * </pre>
 */
final class Xattrs {
    static final String PREFIX = EntryAttributes.NAMESPACE;

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
        x.put(PREFIX + EntryAttributes.STATUS, h.status().label());
        x.putAll(EntryAttributes.of(h));
        x.put(PREFIX + "path", h.path());
        if (n.sample() > 0) {
            x.put(PREFIX + "sample", Integer.toString(n.sample()));
        }
    }
}
