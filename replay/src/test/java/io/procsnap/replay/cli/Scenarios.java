package io.procsnap.replay.cli;

import io.procsnap.replay.model.TreeArchiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fixture scenarios ({@code fixtures/scenarios/<name>}) packed into real archives once per test JVM
 * with {@link TreeArchiver}, under {@code target/fixture-archives/}. Paths handed to commands are
 * relative to the module directory so outputs that print them are stable.
 */
public final class Scenarios {
    private static Map<String, Path> archives;

    private Scenarios() {
    }

    /** The repository root: the {@code project.root} property Maven sets, else the parent of the module dir. */
    public static Path root() {
        String root = System.getProperty("project.root");
        Path p = root == null || root.isBlank() || root.contains("${") ? Path.of("..") : Path.of(root);
        return p.toAbsolutePath().normalize();
    }

    public static Path fixtures() {
        return root().resolve("fixtures");
    }

    public static Path tree(String name) {
        return fixtures().resolve("scenarios").resolve(name);
    }

    /** Scenario names, sorted. */
    public static List<String> names() {
        try (Stream<Path> s = Files.list(fixtures().resolve("scenarios"))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scenario name -> packed archive (relative path, module directory as base). */
    public static synchronized Map<String, Path> archives() {
        if (archives == null) {
            Map<String, Path> m = new TreeMap<>();
            try {
                Path dir = Path.of("target", "fixture-archives");
                Files.createDirectories(dir);
                for (String name : names()) {
                    // written aside and moved into place, so a concurrent test JVM never reads half a file
                    Path archive = dir.resolve(name + ".tar.zst");
                    Path partial = dir.resolve(name + ".tar.zst." + ProcessHandle.current().pid() + ".part");
                    TreeArchiver.pack(tree(name), partial);
                    Files.move(partial, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    m.put(name, archive);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            archives = m;
        }
        return archives;
    }

    public static Path archive(String name) {
        Path p = archives().get(name);
        if (p == null) {
            throw new IllegalArgumentException("no scenario " + name + " in " + fixtures());
        }
        return p;
    }
}
