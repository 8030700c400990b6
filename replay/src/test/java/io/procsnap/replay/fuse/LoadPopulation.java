package io.procsnap.replay.fuse;

import java.nio.file.Path;
import java.util.List;

/**
 * The bench load generator ({@code ../shared/bench/load.sh}) for real-kernel tests: a small sick-looking
 * population started inside the test's namespace, its state kept under the test's work directory, and
 * stopped by pid (never by name).
 */
public final class LoadPopulation {
    /** The generator's script; {@code -Dprocsnap.bench=DIR} points at another copy. */
    public static final Path LOAD = Path.of(System.getProperty("procsnap.bench",
            Path.of(System.getProperty("project.root", "/work/main")).resolve("../shared/bench").toString()), "load.sh");

    private LoadPopulation() {
    }

    /**
     * Shell lines that start the population with {@code options} ({@code -p 20 -t 10 -T 120}), stop it when
     * the shell exits, and wait two seconds for it to settle; {@code set -e} first.
     */
    public static List<String> start(Path work, String options) {
        return List.of(
                "set -e",
                "export PROCLOAD_STATE=" + work.resolve("state") + " PROCLOAD_BUILD=" + work.resolve("build"),
                "trap 'bash " + LOAD + " stop >/dev/null 2>&1 || true' EXIT",
                "bash " + LOAD + " start " + options + " >/dev/null",
                "sleep 2");
    }

    /** Stops what {@link #start} started in {@code work}, if anything is left; never throws. */
    public static void stop(Path work) {
        try {
            Commands.run(30, "bash", "-c", "PROCLOAD_STATE=" + work.resolve("state") + " bash " + LOAD
                    + " stop >/dev/null 2>&1 || true");
        } catch (Exception | AssertionError e) {
            System.err.println("stopping the load in " + work + ": " + e);
        }
    }
}
