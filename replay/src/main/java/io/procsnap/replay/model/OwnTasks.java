package io.procsnap.replay.model;

import io.procsnap.format.Entry;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.RecordFormatException;
import io.procsnap.format.layout.SelfRecord;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The capture's own tasks in a snapshot: the capturing process (its abandoned reader threads among its
 * threads), the children it started ({@code stat -f}, commands) and their descendants. Known from the
 * entry {@code procsnap/self} ({@link SelfRecord}); an archive without it (older captures) falls back to
 * the processes whose command line runs procsnap's capture ({@code io.procsnap.capture.Main} or a
 * {@code capture-*.jar}), and says so. Analyses of the machine leave these tasks out and say how many.
 *
 * @param pids      the own processes
 * @param abandoned the reader threads the capture left blocked in the kernel, by the entry each was on
 * @param source    where it was learnt: {@code procsnap/self}, or the fallback's description; empty when
 *                  nothing of the capture is in the snapshot
 */
public record OwnTasks(Set<Integer> pids, List<SelfRecord.Reader> abandoned, String source) {
    /** No own task known. */
    public static final OwnTasks NONE = new OwnTasks(Set.of(), List.of(), "");

    public OwnTasks {
        pids = Set.copyOf(new TreeSet<>(pids));
        abandoned = List.copyOf(abandoned);
    }

    public static OwnTasks of(Snapshot s) {
        Optional<Entry> entry = s.entry(ArchivePath.SELF);
        Set<Integer> roots = new TreeSet<>();
        Integer capturing = null;
        List<SelfRecord.Reader> readers = List.of();
        String source;
        if (entry.isPresent() && entry.get().status() == Status.OK) {
            try {
                SelfRecord self = SelfRecord.parse(s.content(ArchivePath.SELF).orElse(new byte[0]));
                // the capturing process itself, but not its other descendants: a capture run inside another
                // program (replay --live, a test's JVM) shares that program's process, whose other children
                // are the machine's; only the children the capture started count with their descendants
                capturing = (int) self.pid();
                self.children().forEach(c -> roots.add((int) c.pid()));
                readers = self.abandoned();
                source = ArchivePath.SELF;
            } catch (IOException | RecordFormatException e) {
                return NONE;
            }
        } else {
            for (ProcessInfo p : s.processes()) {
                String cmd = p.commandLine();
                if (cmd.contains("io.procsnap.capture.Main") || cmd.matches(".*/capture-[^ /]*\\.jar( .*)?")) {
                    roots.add(p.pid());
                }
            }
            if (roots.isEmpty()) {
                return NONE;
            }
            source = "found by command line: the archive has no " + ArchivePath.SELF;
        }
        Set<Integer> own = withDescendants(s, roots);
        if (capturing != null) {
            own.add(capturing);
        }
        return new OwnTasks(own, readers, source);
    }

    /** The roots and every process whose parent chain leads to one of them. */
    private static Set<Integer> withDescendants(Snapshot s, Set<Integer> roots) {
        Map<Integer, Integer> parent = new HashMap<>();
        for (ProcessInfo p : s.processes()) {
            parent.put(p.pid(), p.ppid());
        }
        Set<Integer> own = new TreeSet<>(roots);
        for (ProcessInfo p : s.processes()) {
            int at = p.pid();
            for (int hops = 0; hops < 64 && at > 0; hops++) {
                if (roots.contains(at)) {
                    own.add(p.pid());
                    break;
                }
                Integer up = parent.get(at);
                at = up == null ? -1 : up;
            }
        }
        return own;
    }

    public boolean owns(int pid) {
        return pids.contains(pid);
    }

    /** The reader thread the capture left blocked on the read of {@code path}, if any. */
    public Optional<SelfRecord.Reader> readerOn(String path) {
        return abandoned.stream().filter(r -> r.path().equals(path)).findFirst();
    }

    /**
     * One line for the analyses that leave them out: "procsnap's own tasks not counted: 1 process, 31
     * threads, 2 abandoned readers (procsnap/self)"; null when there are none in the snapshot.
     */
    public String note(Snapshot s) {
        if (pids.isEmpty()) {
            return null;
        }
        List<ProcessInfo> present = s.processes().stream().filter(p -> owns(p.pid())).toList();
        if (present.isEmpty()) {
            return null;
        }
        long threads = present.stream().mapToLong(p -> Math.max(1, p.threads().size())).sum();
        return "procsnap's own tasks not counted: " + present.size() + (present.size() == 1 ? " process, " : " processes, ")
                + threads + (threads == 1 ? " thread" : " threads")
                + (abandoned.isEmpty() ? "" : ", " + abandoned.size() + (abandoned.size() == 1 ? " abandoned reader" : " abandoned readers"))
                + " (" + source + ")";
    }
}
