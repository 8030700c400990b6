package io.procsnap.capture;

import io.procsnap.capture.collect.Settings;
import io.procsnap.capture.engine.CommandRunner;
import io.procsnap.capture.engine.EngineConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test plans with short timeouts. */
final class Plans {
    static final long MS = 1_000_000L;

    private Plans() {
    }

    /** A bin directory holding only coreutils {@code stat} (for statfs), so no real command runs. */
    static Path statOnlyBin(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        if (!Files.exists(bin.resolve("stat"))) {
            Files.createSymbolicLink(bin.resolve("stat"), Path.of("/usr/bin/stat"));
        }
        return bin;
    }

    static Capture.Plan plan(Path proc, Path bin, long readMs, long deadlineMs, int readers, int maxAbandoned,
                             boolean environ) {
        return plan(proc, bin, readMs, 1000, 2000, deadlineMs, readers, maxAbandoned, environ, 0);
    }

    static Capture.Plan plan(Path proc, Path bin, long readMs, long statfsMs, long commandMs, long deadlineMs, int readers,
                             int maxAbandoned, boolean environ, int samples) {
        Settings s = new Settings(proc.toString(), readMs * MS, statfsMs * MS, commandMs * MS, environ, List.of(), Map.of());
        EngineConfig e = new EngineConfig(readers, maxAbandoned, deadlineMs * MS, EngineConfig.reserveFor(deadlineMs * MS),
                1 << 20, 300 * MS, environ);
        CommandRunner c = new CommandRunner(List.of(bin.toString()), List.of(), 300 * MS, 1 << 20);
        return new Capture.Plan(s, e, c, samples, 100 * MS);
    }

    /** {@link #plan(Path, Path, long, long, int, int, boolean)} with the default re-sample, 100 ms after the fast pass. */
    static Capture.Plan resampling(Path proc, Path bin) {
        return resampling(proc, bin, 2, 10_000, 100);
    }

    /** The default re-sample with {@code readers} readers, a deadline and an interval. */
    static Capture.Plan resampling(Path proc, Path bin, int readers, long deadlineMs, long intervalMs) {
        Capture.Plan p = plan(proc, bin, 300, deadlineMs, readers, 4, false);
        return new Capture.Plan(p.settings(), p.engine(), p.commands(), 0, intervalMs * MS, java.util.Set.of(), true);
    }
}
