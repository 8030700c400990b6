package io.procsnap.replay.fleet;

import io.procsnap.replay.model.TreeArchiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Real archives of fixture scenarios under another hostname, packed with {@link TreeArchiver}. */
final class FleetArchives {
    private FleetArchives() {
    }

    /** Packs {@code tree} as if captured on {@code hostname} into {@code archive}. */
    static Path pack(Path tree, String hostname, Path archive) throws IOException {
        Path copy = Files.createTempDirectory(archive.getParent(), "tree-");
        try {
            copyTree(tree, copy);
            Path meta = copy.resolve("procsnap-meta.json");
            String json = Files.readString(meta);
            String replaced = json.replaceFirst("\"hostname\": \"[^\"]*\"", "\"hostname\": \"" + hostname + "\"");
            if (replaced.equals(json) && !json.contains("\"hostname\": \"" + hostname + "\"")) {
                throw new IllegalStateException("no hostname in " + meta);
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
