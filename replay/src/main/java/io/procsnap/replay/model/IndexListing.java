package io.procsnap.replay.model;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.Entry;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.format.layout.KernelFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code info} needs of a Linux archive, from its index alone (issue 16): the processes, threads and
 * samples a loaded {@link Snapshot} would count, and the entries that did not read cleanly, in archive
 * order. The paths and statuses come from {@code index.tsv}; only the frames holding a non-ok entry are
 * read for its header, and every frame is checked against its checksums ({@link ArchiveReader#framesIntact()})
 * so that an archive the walk would find damaged is walked. {@link #read} is empty when the index cannot
 * stand for the walk: no index, a partial one, damage, a failed checksum, a SunOS capture (its processes
 * come from binary files and commands), or a lookup that fails.
 *
 * @param processes what {@link Snapshot#processes()} counts: every pid with an entry below {@code proc/PID},
 *                  in the main pass or a sample
 * @param threads   what {@link Snapshot#threads()} counts: per process its task directories, else one for a
 *                  process with a {@code stat} of its own
 * @param samples   {@link Snapshot#sampleCount()}
 * @param problems  the entries whose status is not ok, in archive order
 * @param arch      {@link Snapshot#arch()}, {@code clockTicks} and {@code pageSize} likewise
 */
public record IndexListing(int processes, int threads, int samples, List<Entry> problems, String arch, int clockTicks,
                           int pageSize) {
    /** The content handed to {@link SunosProcesses#isSunosFile}: the index has none, the name decides. */
    private static final byte[] NO_CONTENT = new byte[0];

    public static Optional<IndexListing> read(ArchiveReader reader) throws IOException {
        Manifest m = reader.manifest();
        if (m == null || m.platform() == null || m.platform().isSunos()) {
            return Optional.empty();
        }
        String uname = BuiltinCommand.UNAME.path(ArchivePath.Stream.STDOUT);
        String unameDir = uname.substring(0, uname.lastIndexOf('/') + 1);
        TreeMap<Integer, TreeSet<Integer>> tids = new TreeMap<>();
        Set<Integer> withStat = new HashSet<>();
        List<String> notOk = new ArrayList<>();
        Map<String, Long> frameOf = new java.util.HashMap<>();
        boolean[] sunos = {false};
        int[] maxSample = {0};
        long[] rows = {0};
        String statFile = KernelFile.PROCESS_STAT.file();
        boolean listed = reader.indexRows((path, frame, status) -> {
            rows[0]++;
            if (status != Status.OK) {
                notOk.add(path);
                frameOf.put(path, frame);
            }
            if (path.startsWith(unameDir)) {
                sunos[0] = true;
            }
            ArchivePath at;
            try {
                at = ArchivePath.parse(path);
            } catch (RuntimeException e) {
                return; // the walk keeps such an entry as unreadable, counting no process for it
            }
            int sample = 0;
            if (at instanceof ArchivePath.Sample s) {
                sample = s.sample();
                at = s.of();
            }
            if (!(at instanceof ArchivePath.InProcess task)) {
                return;
            }
            TreeSet<Integer> seen = tids.computeIfAbsent(task.pid(), p -> new TreeSet<>());
            if (task instanceof ArchivePath.ThreadFile t) {
                seen.add(t.tid());
            }
            maxSample[0] = Math.max(maxSample[0], sample);
            if (task instanceof ArchivePath.ProcessFile pf && sample == 0 && pf.file() != null) {
                if (SunosProcesses.lwpOf(pf) >= 0 || SunosProcesses.isSunosFile(pf.file(), NO_CONTENT)) {
                    sunos[0] = true;
                }
                if (pf.file().equals(statFile)) {
                    withStat.add(pf.pid());
                }
            }
        });
        if (!listed || sunos[0] || rows[0] != reader.summary().entryCount() || !reader.framesIntact()) {
            return Optional.empty();
        }
        List<Entry> problems = new ArrayList<>(notOk.size());
        notOk.sort(Comparator.comparingLong(frameOf::get)); // a frame's headers are read once for its lookups
        try {
            for (String path : notOk) {
                Optional<Entry> e = reader.find(path);
                if (e.isEmpty()) {
                    return Optional.empty();
                }
                problems.add(e.get());
            }
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
        if (!reader.summary().damages().isEmpty()) {
            return Optional.empty();
        }
        problems.sort(Comparator.comparingInt(Entry::frame).thenComparingLong(Entry::offset));
        int threads = 0;
        for (Map.Entry<Integer, TreeSet<Integer>> p : tids.entrySet()) {
            threads += p.getValue().isEmpty() ? (withStat.contains(p.getKey()) ? 1 : 0) : p.getValue().size();
        }
        return Optional.of(new IndexListing(tids.size(), threads, maxSample[0] + 1, List.copyOf(problems),
                LoadedSnapshot.arch(m), LoadedSnapshot.clockTicks(m), LoadedSnapshot.pageSize(m)));
    }
}
