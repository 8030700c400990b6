package io.procsnap.replay.fuse;

import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryType;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.archive.ArchiveSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns archive entries into the tree a mount serves:
 * <pre>
 *   /                      archive proc/ (the captured procfs, same paths as live)
 *   /self, /thread-self    resolved per caller (see {@link ProcFileSystem})
 *   /.procsnap/            every archive path outside proc/ as stored: cmd/, statfs/, samples/, etc/ ...
 *   /.procsnap/proc-self/  the capturing program's own proc/self as captured (mountinfo, mounts, net/)
 *   /.procsnap/manifest.json, /.procsnap/summary.txt   generated from the reader
 * </pre>
 * A thread directory without its own {@code cmdline} or {@code environ} serves its process's (as Linux
 * does for every thread). With {@code sample = k > 0}, entries {@code samples/k/proc/PID/X} also replace {@code PID/X} at the root,
 * so procps shows repeated sample k over the main pass. Invalid or conflicting paths (a salvaged or
 * hostile archive) are skipped and counted, never fatal.
 */
public final class TreeBuilder {
    /** The hidden directory that holds everything that is not the captured procfs. */
    public static final String META_DIR = ".procsnap";
    static final String CAPTURED_SELF = "proc-self";
    static final String CAPTURED_THREAD_SELF = "proc-thread-self";

    private final Node root = Node.directory("");
    private final Node meta = Node.directory(META_DIR);
    private int skipped;
    private int placed;
    /** Set while building from the index: where nodes wait for their headers. */
    private FrameHeaders headers;
    private String lastRow;
    /** The distinct names ({@link #shared}): open addressing, at most half full. */
    private String[] nameTable = new String[1024];
    private int nameCount;

    private TreeBuilder() {
    }

    /**
     * Builds the tree; {@code sample} 0 serves the main pass, k > 0 overlays repeated sample k. An archive
     * with a whole index is laid out from the index alone: no entry is read until a node's header is
     * needed ({@link FrameHeaders}); any other archive from the reader's listing of every entry.
     */
    public static ProcTree build(ArchiveSource source, int sample) {
        TreeBuilder b = new TreeBuilder();
        FrameHeaders headers = new FrameHeaders(source);
        b.headers = headers;
        List<String[]> overlays = new ArrayList<>();
        long[] rows = {0};
        String sampleRoot = ArchivePath.SAMPLES + "/" + sample + "/";
        boolean indexed;
        try {
            indexed = source.indexRows((path, frame, status) -> {
                if (path.equals(b.lastRow)) {
                    return; // the reader serves the first of a repeated path
                }
                b.lastRow = path;
                rows[0]++;
                b.placeIndexed(path, (int) frame);
                if (sample > 0 && path.startsWith(sampleRoot)
                        && ArchivePath.parse(path) instanceof ArchivePath.Sample s && s.sample() == sample) {
                    overlays.add(new String[] {s.of().path(), path, Long.toString(frame)});
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int entryCount;
        if (indexed) {
            for (String[] o : overlays) {
                b.overlayIndexed(o[0], o[1], Integer.parseInt(o[2]), sample);
            }
            entryCount = (int) rows[0];
        } else {
            b.headers = null;
            headers = null;
            List<Entry> entries = source.entries();
            for (Entry e : entries) {
                b.place(e);
            }
            if (sample > 0) {
                for (Entry e : entries) {
                    if (ArchivePath.parse(e.path()) instanceof ArchivePath.Sample s && s.sample() == sample) {
                        b.overlay(s.of(), e, sample);
                    }
                }
            }
            entryCount = entries.size();
        }
        b.shareProcessFiles();
        int skipped = b.skipped;
        b.meta.put(Node.generated(ArchivePath.MANIFEST, () -> ManifestJson.render(source.manifest())));
        b.meta.put(Node.generated("summary.txt", () -> summaryText(source.summary(), entryCount, skipped, sample)));
        Map<String, Node> threads = b.threads();
        b.root.put(b.meta);
        return new ProcTree(b.root, b.meta, b.placed, b.skipped, sample, threads, headers);
    }

    /**
     * Files Linux serves in every {@code task/TID} from the thread's process, which the capture records
     * per process only. procps reads {@code task/TID/cmdline} and {@code environ} for every thread
     * ({@code ps -L} prints the command line, not {@code [comm]}).
     */
    public static final List<String> PROCESS_WIDE = List.of("cmdline", "environ");

    /**
     * Serves {@link #PROCESS_WIDE} files in each thread directory of a process that has none of its own,
     * the process's node itself (same content, errno and attributes). A file the capture did not take
     * stays absent in the threads too.
     */
    private void shareProcessFiles() {
        for (Node process : root.childrenWhileBuilding()) {
            Node task = process.childWhileBuilding("task");
            if (task == null || !task.listsChildren() || ArchivePath.number(process.name()) < 0) {
                continue;
            }
            for (String name : PROCESS_WIDE) {
                Node file = process.childWhileBuilding(name);
                if (file == null || file.listsChildren()) {
                    continue;
                }
                for (Node thread : task.childrenWhileBuilding()) {
                    if (thread.listsChildren() && thread.childWhileBuilding(name) == null) {
                        thread.put(file);
                    }
                }
            }
        }
    }

    /**
     * The processes of non-leader threads by tid (first one wins if a salvaged archive repeats a tid); the
     * thread's directory is looked up through them when served ({@link ProcTree#thread}), once their
     * headers say {@code task} and the thread are directories.
     */
    private Map<String, Node> threads() {
        Map<String, Node> threads = new java.util.HashMap<>();
        for (Node process : root.childrenWhileBuilding()) {
            Node task = process.childWhileBuilding("task");
            if (task == null || !task.listsChildren() || ArchivePath.number(process.name()) < 0) {
                continue;
            }
            for (Node thread : task.childrenWhileBuilding()) {
                if (thread.maybeDirectory() && ArchivePath.number(thread.name()) >= 0 && !thread.name().equals(process.name())
                        && root.childWhileBuilding(thread.name()) == null) {
                    threads.putIfAbsent(thread.name(), process);
                }
            }
        }
        return threads;
    }

    private void place(Entry e) {
        place(e.path(), new Listed(e));
    }

    /**
     * Places an index row: like {@link #place(Entry)}, but the entry's type is not known yet. A row is a
     * directory once rows below it are placed (the index is sorted by path, so a directory's row comes
     * before those below it); a row without any stays undecided until its header is read.
     */
    private void placeIndexed(String path, int frame) {
        place(path, new Row(path, frame));
    }

    private void place(String path, Item item) {
        String[] parts = segments(path);
        if (parts == null) {
            skipped++;
            return;
        }
        if (parts[0].equals(KernelFile.PROCESSES.path())) {
            if (parts.length >= 2 && (parts[1].equals("self") || parts[1].equals("thread-self"))) {
                String name = parts[1].equals("self") ? CAPTURED_SELF : CAPTURED_THREAD_SELF;
                insert(meta, name, parts, 2, item, 0);
            } else if (parts.length == 1) {
                count(item.directoryItself(root, 0));
            } else {
                insert(root, null, parts, 1, item, 0);
            }
        } else {
            insert(meta, null, parts, 0, item, 0);
        }
    }

    /** Places a sample's entry where its main-pass path is served: {@code samples/K/proc/306/stat} at {@code /306/stat}. */
    private void overlay(ArchivePath.InProcess mainPassPath, Entry e, int sample) {
        String[] parts = segments(mainPassPath.path());
        if (parts != null) {
            insert(root, null, parts, 1, new Listed(e), sample);
        }
    }

    private void overlayIndexed(String mainPassPath, String path, int frame, int sample) {
        String[] parts = segments(mainPassPath);
        if (parts != null) {
            insert(root, null, parts, 1, new Row(path, frame), sample);
        }
    }

    /**
     * One String per distinct name: 10,000 threads have 10,000 files called {@code stat}, and their nodes
     * share one name. A name is looked up by its characters in the path, so a row's path is cut into
     * names without a substring for each (169,349 rows of the 10,033-thread capture: about 70 MB less
     * garbage, and fewer young collections copying the tree while it is built).
     */
    private String shared(String path, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + path.charAt(i);
        }
        int mask = nameTable.length - 1;
        int len = to - from;
        for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
            String had = nameTable[slot];
            if (had == null) {
                String name = path.substring(from, to);
                nameTable[slot] = name;
                if (++nameCount * 2 > nameTable.length) {
                    growNames();
                }
                return name;
            }
            if (had.length() == len && path.regionMatches(from, had, 0, len)) {
                return had;
            }
        }
    }

    /** Spreads a name's hash: pids and tids hash to neighbours. */
    private static int mix(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    private void growNames() {
        String[] old = nameTable;
        nameTable = new String[old.length * 2];
        int mask = nameTable.length - 1;
        for (String n : old) {
            if (n != null) {
                int slot = mix(n.hashCode()) & mask;
                while (nameTable[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                nameTable[slot] = n;
            }
        }
    }

    private void count(boolean wasPlaced) {
        if (wasPlaced) {
            placed++;
        } else {
            skipped++;
        }
    }

    /**
     * Puts {@code item} at {@code base[/first]/parts[from..]}, creating synthesized directories on the way.
     * A later entry for the same file path replaces the earlier one; a file where a directory is needed
     * (or the reverse) is skipped.
     */
    private void insert(Node base, String first, String[] parts, int from, Item item, int sample) {
        Node dir = base;
        if (first != null) {
            dir = childDirectory(dir, first);
        }
        if (from == parts.length) {
            // the entry names the directory itself (proc/self as a directory entry)
            count(dir != null && item.directoryItself(dir, sample));
            return;
        }
        for (int i = from; i < parts.length - 1 && dir != null; i++) {
            dir = childDirectory(dir, parts[i]);
        }
        count(dir != null && item.under(dir, parts[parts.length - 1], sample));
    }

    /**
     * The directory {@code name} below {@code parent}, synthesized when missing; null when a file is in
     * the way. A node read from the index whose type is not known yet becomes a directory.
     */
    private Node childDirectory(Node parent, String name) {
        Node c = parent.childWhileBuilding(name);
        if (c == null) {
            c = Node.directory(name);
            parent.put(c);
            return c;
        }
        if (c.listsChildren()) {
            return c;
        }
        if (c.maybeDirectory()) {
            c.becomeDirectory();
            return c;
        }
        return null;
    }

    /** What is placed: an entry of the reader's listing, or an index row whose header is read later. */
    private interface Item {
        /** Makes this the entry of directory {@code dir} itself; false when it cannot be (skipped). */
        boolean directoryItself(Node dir, int sample);

        /** Places this as {@code name} below {@code dir}; false when it conflicts (skipped). */
        boolean under(Node dir, String name, int sample);
    }

    private static final class Listed implements Item {
        private final Entry e;

        Listed(Entry e) {
            this.e = e;
        }

        @Override
        public boolean directoryItself(Node dir, int sample) {
            if (e.header().type() != EntryType.DIRECTORY) {
                return false;
            }
            dir.attachEntry(e);
            return true;
        }

        @Override
        public boolean under(Node dir, String name, int sample) {
            Node existing = dir.childWhileBuilding(name);
            boolean isDir = e.header().type() == EntryType.DIRECTORY;
            if (existing != null && existing.isDirectory() != isDir) {
                return false;
            }
            if (isDir && existing != null) {
                existing.attachEntry(e);
                existing.markSample(sample);
            } else {
                Node n = Node.archived(name, e);
                n.markSample(sample);
                dir.put(n);
            }
            return true;
        }
    }

    private final class Row implements Item {
        private final String path;
        private final int frame;

        Row(String path, int frame) {
            this.path = path;
            this.frame = frame;
        }

        @Override
        public boolean directoryItself(Node dir, int sample) {
            dir.awaitDirectoryHeader(headers, frame, path);
            return true;
        }

        @Override
        public boolean under(Node dir, String name, int sample) {
            Node existing = dir.childWhileBuilding(name);
            if (existing != null && existing.listsChildren()) {
                existing.awaitHeader(headers, frame, path);
                existing.markSample(sample);
            } else {
                Node n = Node.indexed(name, headers, frame, path);
                n.markSample(sample);
                dir.put(n);
            }
            return true;
        }
    }

    /**
     * Splits an archive path into shared names ({@link #shared}); null when it is empty, absolute, or has
     * an empty, "." or ".." segment. A trailing slash is dropped.
     */
    private String[] segments(String path) {
        if (path.isEmpty() || path.charAt(0) == '/' || path.indexOf('\0') >= 0) {
            return null;
        }
        int end = path.charAt(path.length() - 1) == '/' ? path.length() - 1 : path.length();
        int count = 1;
        for (int i = 0; i < end; i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        String[] parts = new String[count];
        int from = 0;
        for (int k = 0; k < count; k++) {
            int to = path.indexOf('/', from);
            if (to < 0 || to > end) {
                to = end;
            }
            int len = to - from;
            if (len == 0 || (path.charAt(from) == '.' && (len == 1 || (len == 2 && path.charAt(from + 1) == '.')))) {
                return null;
            }
            parts[k] = shared(path, from, to);
            from = to + 1;
        }
        return parts;
    }

    private static byte[] summaryText(ArchiveSummary summary, int entryCount, int skipped, int sample) {
        StringBuilder sb = new StringBuilder();
        if (summary != null) {
            sb.append("state: ").append(summary.state().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
            if (summary.damage() != null) {
                sb.append("damage: ").append(summary.damage()).append('\n');
            }
            sb.append("duration_ms: ").append(summary.durationNanos() < 0 ? "unknown"
                    : String.format(java.util.Locale.ROOT, "%.3f", summary.durationNanos() / 1e6)).append('\n');
            sb.append("frames_usable: ").append(summary.framesUsable()).append('/').append(summary.framesTotal()).append('\n');
        }
        sb.append("entries: ").append(entryCount).append('\n');
        Map<Status, Long> counts = summary == null ? Map.of() : new TreeMap<>(summary.countsByStatus());
        for (Map.Entry<Status, Long> c : counts.entrySet()) {
            sb.append("entries_").append(c.getKey().label()).append(": ").append(c.getValue()).append('\n');
        }
        sb.append("entries_not_served: ").append(skipped).append('\n');
        sb.append("sample_at_root: ").append(sample).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
