package io.procsnap.capture.faults;

import io.procsnap.capture.Capture;
import io.procsnap.capture.MemorySink;
import io.procsnap.capture.ProcFixture;
import io.procsnap.capture.collect.Settings;
import io.procsnap.capture.engine.CommandRunner;
import io.procsnap.capture.engine.EngineConfig;
import io.procsnap.capture.holders.HangFs;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A mount whose statfs really hangs in the kernel (a FUSE daemon that never answers STATFS) among others,
 * read through the bundle's statfs helper: the hung mount costs its timeout (the helper child is killed and
 * replaced), the mounts after it are read, df is skipped by the breaker.
 */
class HungStatfsIT {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void aHungStatfsCostsItsTimeoutAndTheOtherMountsAreRead() throws Exception {
        String helper = System.getProperty("procsnap.statfs", "");
        assumeTrue(!helper.isEmpty() && Files.isExecutable(Path.of(helper)), "NOT RUN: no statfs helper built");
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "NOT RUN: no /dev/fuse");
        try (HangFs fs = HangFs.mount(Files.createDirectories(dir.resolve("fs")), true);
             ProcFixture fx = new ProcFixture(Files.createDirectories(dir.resolve("fx")))) {
            Path dead = fs.path("");
            fx.file("self/mountinfo", "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                    + "40 22 0:60 / " + dead + " ro,nosuid,nodev,relatime - fuse hangfs ro\n"
                    + "41 22 0:61 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
                    + "42 22 0:62 / /dev rw,nosuid - devtmpfs udev rw\n");
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Files.writeString(bin.resolve("df"), "#!/bin/sh\necho df-ran\n");
            bin.resolve("df").toFile().setExecutable(true);
            Settings s = new Settings(fx.proc.toString(), 300 * MS, 1000 * MS, 2000 * MS, false, List.of(), Map.of());
            EngineConfig e = new EngineConfig(2, 4, 20_000 * MS, EngineConfig.reserveFor(20_000 * MS), 1 << 20, 300 * MS,
                    false, helper);
            CommandRunner c = new CommandRunner(List.of(bin.toString()), List.of(), 300 * MS, 1 << 20);
            MemorySink sink = new MemorySink();
            long t = System.nanoTime();
            Capture.Result r = Capture.run(new Capture.Plan(s, e, c, 0, 100 * MS), sink, t, null);
            long ms = (System.nanoTime() - t) / 1_000_000L;
            assertTrue(r.finished());
            fs.awaitRequest("statfs /", Duration.ofSeconds(5));
            EntryHeader hung = sink.get("statfs/1").header();
            assertEquals(Status.TIMEOUT, hung.status(), hung.toString());
            assertTrue(hung.detail().startsWith("statfs helper "), hung.detail());
            long hungMs = hung.elapsedNanos() / 1_000_000L;
            assertTrue(hungMs >= 950 && hungMs < 3000, "the hung mount cost its timeout: " + hungMs + " ms");
            for (String ok : List.of("statfs/0", "statfs/2", "statfs/3")) {
                assertEquals(Status.OK, sink.get(ok).header().status(), ok);
                String text = new String(sink.get(ok).content(), StandardCharsets.UTF_8);
                assertTrue(text.contains("flags_source: statfs\n"), text);
            }
            MemorySink.Stored df = sink.get("cmd/df/status");
            assertEquals(Status.SKIPPED, df.header().status());
            assertEquals("breaker: statfs/1 timed out", df.header().detail());
            assertTrue(ms < 10_000, "capture " + ms + " ms");
        }
    }
}
