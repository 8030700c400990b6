package io.procsnap.replay.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Damage;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * A scenario capture written as a readable directory tree (format in {@code fixtures/README.md}): plain
 * files at their archive paths, real symlinks for readlink entries, and an optional
 * {@value #META_FILE} giving the manifest, per-path status, detail, mode, uid, gid and timings.
 */
final class FixtureTree {
    /** Metadata file at the root of a fixture tree; never an entry itself. */
    public static final String META_FILE = "procsnap-meta.json";
    /** Fixed default capture time, so golden outputs do not change with the clock. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final JsonNode meta;
    private final List<String> paths;

    private FixtureTree(Path root, JsonNode meta, List<String> paths) {
        this.root = root;
        this.meta = meta;
        this.paths = paths;
    }

    /** Reads the tree's file list and metadata (contents are read later, one entry at a time). */
    public static FixtureTree read(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("fixture tree " + root + ": not a directory");
        }
        Path metaFile = root.resolve(META_FILE);
        JsonNode meta = Files.exists(metaFile) ? JSON.readTree(metaFile.toFile()) : JSON.createObjectNode();
        TreeMap<String, Boolean> all = new TreeMap<>(PATH_ORDER);
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root) && !p.equals(metaFile)).forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || isProcDirectory(rel)) {
                    all.put(rel, Boolean.TRUE);
                }
            });
        }
        meta.path("entries").fieldNames().forEachRemaining(p -> all.put(p, Boolean.TRUE));
        return new FixtureTree(root, meta, new ArrayList<>(all.keySet()));
    }

    /** Directories stored as entries: those under {@code proc/} (process and task directories carry owners). */
    private static boolean isProcDirectory(String rel) {
        return ArchivePath.isInProcfs(rel);
    }

    /** Orders paths segment by segment, numeric segments numerically ({@code proc/2} before {@code proc/10}). */
    static final Comparator<String> PATH_ORDER = (a, b) -> {
        String[] x = a.split("/");
        String[] y = b.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareSegment(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private static int compareSegment(String a, String b) {
        boolean na = !a.isEmpty() && a.length() < 10 && a.chars().allMatch(Character::isDigit);
        boolean nb = !b.isEmpty() && b.length() < 10 && b.chars().allMatch(Character::isDigit);
        if (na && nb) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        return a.compareTo(b);
    }

    /** Entries in archive order: at most {@link #cutOffAfter()} of them when the fixture is cut off. */
    public void entries(BiConsumer<Entry, byte[]> sink) throws IOException {
        int limit = cutOffAfter();
        int n = 0;
        for (String path : paths) {
            if (limit >= 0 && n >= limit) {
                return;
            }
            n++;
            Path file = root.resolve(path);
            JsonNode m = meta.path("entries").path(path);
            EntryType type = type(file, m);
            Status status = m.has("status") ? Status.fromLabel(m.get("status").asText()) : Status.OK;
            String detail = m.has("detail") ? m.get("detail").asText() : null;
            String link = m.has("link") ? m.get("link").asText() : null;
            if (link == null && type == EntryType.SYMLINK && Files.isSymbolicLink(file)) {
                link = Files.readSymbolicLink(file).toString();
            }
            byte[] content = new byte[0];
            if (type == EntryType.FILE && (status == Status.OK || status == Status.TRUNCATED)
                    && Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                content = Files.readAllBytes(file);
            }
            int mode = m.has("mode") ? Integer.parseInt(m.get("mode").asText(), 8) : defaultMode(type);
            long uid = m.has("uid") ? m.get("uid").asLong() : meta.path("defaults").path("uid").asLong(0);
            long gid = m.has("gid") ? m.get("gid").asLong() : meta.path("defaults").path("gid").asLong(0);
            EntryHeader h = new EntryHeader(path, type, status, detail, mode, uid, gid, nanos(m, "start"),
                    nanos(m, "elapsed"), status == Status.OK ? link : null);
            sink.accept(new Entry(h, content.length, -1, -1), content);
        }
    }

    private static EntryType type(Path file, JsonNode m) {
        if (m.has("type")) {
            return EntryType.valueOf(m.get("type").asText().toUpperCase(java.util.Locale.ROOT));
        }
        if (m.has("link") || Files.isSymbolicLink(file)) {
            return EntryType.SYMLINK;
        }
        return Files.isDirectory(file) ? EntryType.DIRECTORY : EntryType.FILE;
    }

    private static int defaultMode(EntryType type) {
        return switch (type) {
            case FILE -> 0100444;
            case DIRECTORY -> 040555;
            case SYMLINK -> 0120777;
        };
    }

    /** {@code <key>Nanos}, or {@code <key>Ms} in milliseconds, or 0. */
    private static long nanos(JsonNode m, String key) {
        if (m.has(key + "Nanos")) {
            return m.get(key + "Nanos").asLong();
        }
        if (m.has(key + "Ms")) {
            return Math.round(m.get(key + "Ms").asDouble() * 1e6);
        }
        return 0;
    }

    /** Entries written before the fixture's simulated cut-off, or -1 when it is complete. */
    public int cutOffAfter() {
        return meta.has("cutOffAfter") ? meta.get("cutOffAfter").asInt() : -1;
    }

    /** The manifest from the metadata's {@code manifest} object, with fixed defaults. */
    public Manifest manifest() {
        JsonNode m = meta.path("manifest");
        Manifest.Host host = new Manifest.Host(m.path("hostname").asText("fixture"),
                m.path("kernelRelease").asText(null), m.path("bootId").asText(null), m.path("machineId").asText(null));
        Manifest.Captor captor = new Manifest.Captor(m.path("uid").asLong(0), m.path("gid").asLong(0),
                m.path("euid").asLong(m.path("uid").asLong(0)));
        Instant start = m.has("startUtc") ? Instant.parse(m.get("startUtc").asText()) : DEFAULT_START;
        Manifest.Platform platform = new Manifest.Platform(m.path("arch").asText("amd64"),
                m.path("clockTicks").asInt(100), m.path("pageSize").asInt(4096), m.path("runtime").asText("fixture"));
        return new Manifest(Manifest.FORMAT_VERSION, m.path("tool").asText("procsnap"),
                m.path("toolVersion").asText("fixture"), host, captor, start, m.path("startBootNanos").asLong(-1),
                strings(m.path("options")), platform, strings(m.path("notes")), trigger(m.get("trigger")));
    }

    /** The optional {@code trigger} object, in the manifest's own JSON form (as procsnap watch writes it). */
    private static Manifest.Trigger trigger(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Manifest.Trigger.fromJson(node.toString());
        } catch (io.procsnap.format.ArchiveException e) {
            throw new IllegalArgumentException("fixture manifest trigger: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * What a reader would report for this tree loaded directly: cut off when {@code cutOffAfter} is set
     * (no index, so no duration), else complete with the index's duration (latest start + elapsed).
     */
    ArchiveSummary summary(Map<Status, Long> counts, long entryCount, long durationNanos) {
        boolean cut = cutOffAfter() >= 0;
        return new ArchiveSummary(cut ? ArchiveState.CUT_OFF : ArchiveState.COMPLETE, entryCount, new HashMap<>(counts),
                cut ? -1 : durationNanos, 0, 0, 0, 0, cut ? List.of(Damage.at(Damage.Kind.CUT_OFF, -1, -1,
                        "fixture cut off after " + cutOffAfter() + " entries")) : List.of());
    }
}
