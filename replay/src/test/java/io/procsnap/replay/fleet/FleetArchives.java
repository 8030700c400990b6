package io.procsnap.replay.fleet;

import io.procsnap.replay.model.TreeArchiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/** Real archives of fixture scenarios under another hostname, packed with {@link TreeArchiver}. */
public final class FleetArchives {
    private FleetArchives() {
    }

    /** Packs {@code tree} as if captured on {@code hostname} into {@code archive}. */
    static Path pack(Path tree, String hostname, Path archive) throws IOException {
        return pack(tree, hostname, null, null, archive);
    }

    /**
     * As {@link #pack(Path, String, Path)}, as if {@code procsnap watch} took it at {@code startUtc} for
     * {@code triggerJson} (the manifest's {@code trigger} object); both may be null.
     */
    public static Path pack(Path tree, String hostname, String startUtc, String triggerJson, Path archive)
            throws IOException {
        Path copy = Files.createTempDirectory(archive.getParent(), "tree-");
        try {
            copyTree(tree, copy);
            Path meta = copy.resolve("procsnap-meta.json");
            String json = Files.readString(meta);
            String replaced = json.replaceFirst("\"hostname\": \"[^\"]*\"", "\"hostname\": \"" + hostname + "\"");
            if (replaced.equals(json) && !json.contains("\"hostname\": \"" + hostname + "\"")) {
                throw new IllegalStateException("no hostname in " + meta);
            }
            if (startUtc != null) {
                replaced = replaced.replaceFirst("\"startUtc\": \"[^\"]*\"", Matcher.quoteReplacement("\"startUtc\": \"" + startUtc + "\""));
            }
            if (triggerJson != null) {
                replaced = replaced.replaceFirst("\"manifest\": \\{", Matcher.quoteReplacement("\"manifest\": {\"trigger\": "
                        + triggerJson + ","));
            }
            Files.writeString(meta, replaced);
            TreeArchiver.pack(copy, archive);
            return archive;
        } finally {
            try (Stream<Path> s = Files.walk(copy)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
