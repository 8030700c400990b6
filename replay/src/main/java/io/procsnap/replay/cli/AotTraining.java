package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.replay.archive.ArchiveSource;
import io.procsnap.replay.fuse.FuseEnvironment;
import io.procsnap.replay.fuse.Node;
import io.procsnap.replay.fuse.ProcFileSystem;
import io.procsnap.replay.fuse.ProcFsMount;
import io.procsnap.replay.fuse.ProcTree;
import io.procsnap.replay.model.TreeArchiver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the replay bundle's AOT cache (replay/src/bundle/make-bundle.sh; JEP 483/514/515):
 * the bundle's own JVM runs the one-shot commands, one after the other in this one process, over an
 * archive packed from a fixture tree, so that the cache holds the classes they load and link and the
 * profiles of the methods they run. It never reads this machine: the build's cache is the same whatever
 * the build machine runs.
 *
 * <pre>
 *   java -cp JARS io.procsnap.replay.cli.AotTraining pack FIXTURE_TREE ARCHIVE   (any JDK 25)
 *   java -XX:AOTCacheOutput=CACHE -cp JARS io.procsnap.replay.cli.AotTraining run ARCHIVE REPORT_HTML
 * </pre>
 */
public final class AotTraining {
    /** What the launcher runs with C1 only and the cache should make start fast (bench/replay/run.sh's list). */
    static final List<List<String>> COMMANDS = List.of(List.of("info", "ARCHIVE"), List.of("diagnose", "ARCHIVE"),
            List.of("threads", "ARCHIVE"), List.of("ps", "-L", "ARCHIVE"), List.of("ipc", "ARCHIVE"),
            List.of("report", "ARCHIVE", "-o", "REPORT"));

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("pack")) {
            TreeArchiver.pack(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        if (args.length != 3 || !args[0].equals("run")) {
            System.err.println("usage: AotTraining pack FIXTURE_TREE ARCHIVE | run ARCHIVE REPORT_HTML");
            System.exit(2);
        }
        int failed = 0;
        for (List<String> command : COMMANDS) {
            String[] argv = command.stream()
                    .map(a -> a.equals("ARCHIVE") ? args[1] : a.equals("REPORT") ? args[2] : a)
                    .toArray(String[]::new);
            int code = ReplayCommand.run(argv);
            if (code != 0 && code != 1) {
                System.err.println("AotTraining: " + String.join(" ", argv) + " exited " + code);
                failed++;
            }
        }
        // what mount does before it serves (no FUSE here): the tree laid out from the index, then every
        // node's header, read a frame at a time as the first ps or ls reads them
        try (ArchiveReader reader = ArchiveSupport.open(Path.of(args[1]))) {
            walk(ArchiveSupport.tree(ArchiveSource.of(reader), 0).root());
        } catch (IOException | RuntimeException e) {
            System.err.println("AotTraining: the mount's tree: " + e);
            failed++;
        }
        mountSetUp(Path.of(args[1]));
        System.exit(failed == 0 ? 0 : 70);
    }

    /**
     * What mount does between its tree and serving, without mounting: its command line parsed, FUSE probed,
     * the file system and jfuse's upcalls built, then closed. Where libfuse3 is missing (or jfuse cannot link
     * it) the cache is made without, with a note: the commands' part above is what it must hold.
     */
    private static void mountSetUp(Path archive) {
        try (ArchiveReader reader = ArchiveSupport.open(archive)) {
            ReplayCommand.commandLine("mount").parseArgs("mount", archive.toString(), archive.getParent().toString());
            FuseEnvironment env = FuseEnvironment.probe();
            if (env.libfuse() == null) {
                System.err.println("AotTraining: no libfuse3 here; the mount's set-up is not in the cache");
                return;
            }
            ArchiveSource source = ArchiveSource.of(reader);
            ProcTree tree = ArchiveSupport.tree(source, 0);
            ProcFsMount.buildUnmounted(env, callers -> new ProcFileSystem(source, tree,
                    org.cryptomator.jfuse.api.Fuse.builder().errno(), callers, Path.of("/proc"), 64L << 20));
        } catch (Exception | LinkageError e) {
            System.err.println("AotTraining: the mount's set-up is not in the cache: " + e);
        }
    }

    private static void walk(Node dir) {
        for (String name : dir.sortedNames()) {
            Node child = dir.child(name);
            if (child != null && child.isDirectory()) {
                walk(child);
            } else if (child != null) {
                child.status();
            }
        }
    }
}
