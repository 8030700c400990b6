package io.procsnap.replay.rules;

import io.procsnap.format.Entry;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.replay.model.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The reads below {@code proc/PID} that timed out during the capture (main pass or samples), for the rules. */
final class HungReads {
    private HungReads() {
    }

    /** Timed-out reads by pid, pids in order, reads in archive order. */
    static Map<Integer, List<Entry>> byPid(Snapshot s) {
        Map<Integer, List<Entry>> byPid = new TreeMap<>();
        for (Entry e : s.entries()) {
            if (e.status() != Status.TIMEOUT) {
                continue;
            }
            ArchivePath.InProcess p = inProcess(e);
            if (p != null) {
                byPid.computeIfAbsent(p.pid(), k -> new ArrayList<>()).add(e);
            }
        }
        return byPid;
    }

    /** The path below {@code proc/PID} ({@code stat}, {@code task/311/stack}) of an entry of a process. */
    static String underProcess(Entry e) {
        ArchivePath.InProcess p = inProcess(e);
        return p == null ? e.path() : p.underProcess();
    }

    private static ArchivePath.InProcess inProcess(Entry e) {
        ArchivePath path = ArchivePath.parse(e.path());
        if (path instanceof ArchivePath.Sample sample) {
            path = sample.of();
        }
        return path instanceof ArchivePath.InProcess p ? p : null;
    }
}
