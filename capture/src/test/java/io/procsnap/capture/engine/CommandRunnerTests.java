package io.procsnap.capture.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real child processes: stand-in scripts on a private search path that hang, ignore SIGTERM, flood. */
class CommandRunnerTests {
    private static final long MS = 1_000_000L;

    @TempDir
    Path bin;

    private void script(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private CommandRunner runner() {
        return new CommandRunner(List.of(bin.toString()), List.of(), 300 * MS, 64 * 1024);
    }

    @Test
    void normalCommandOutputAndExitCode() throws Exception {
        script("zpool", "echo pool-a; echo oops >&2; exit 3");
        CommandRunner.Result r = runner().run(List.of("zpool", "list", "-Hp"), 5000 * MS);
        assertEquals("pool-a\n", new String(r.stdout(), StandardCharsets.UTF_8));
        assertEquals("oops\n", new String(r.stderr(), StandardCharsets.UTF_8));
        assertEquals(3, r.exit());
        assertFalse(r.timedOut());
        String json = new String(r.status().toBytes(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"argv\":[\"zpool\",\"list\",\"-Hp\"],\"found\":true,"), json);
        assertEquals(3, io.procsnap.format.layout.CommandStatus.parse(r.status().toBytes()).exitCode());
    }

    @Test
    void absentCommandIsRecordedNotRun() {
        CommandRunner.Result r = runner().run(List.of("no-such-program-here"), 1000 * MS);
        assertFalse(r.found());
        assertTrue(new String(r.status().toBytes(), StandardCharsets.UTF_8).contains("\"found\":false"));
    }

    @Test
    void hangingCommandIsTerminatedWithItsChildren() throws Exception {
        script("zpool", "sleep 600 & echo $! > " + bin.resolve("child.pid") + "; wait");
        long t = System.nanoTime();
        CommandRunner.Result r = runner().run(List.of("zpool", "status"), 300 * MS);
        long took = (System.nanoTime() - t) / MS;
        assertTrue(r.timedOut());
        assertFalse(r.killed(), "SIGTERM was enough");
        assertFalse(r.leftBehind());
        assertEquals(15, r.signal());
        assertTrue(took < 1500, "took " + took);
        long child = Long.parseLong(Files.readString(bin.resolve("child.pid")).trim());
        waitGone(child);
    }

    @Test
    void commandIgnoringSigtermIsKilled() throws Exception {
        script("zfs", "trap '' TERM; while :; do sleep 0.05; done");
        long t = System.nanoTime();
        CommandRunner.Result r = runner().run(List.of("zfs", "list"), 300 * MS);
        long took = (System.nanoTime() - t) / MS;
        assertTrue(r.timedOut());
        assertTrue(r.killed());
        assertFalse(r.leftBehind());
        assertEquals(9, r.signal());
        assertTrue(took < 2000, "took " + took);
    }

    @Test
    void floodingCommandIsCappedAndDrained() throws Exception {
        script("dmesg", "head -c 3000000 /dev/zero; echo done >&2");
        CommandRunner.Result r = runner().run(List.of("dmesg"), 5000 * MS);
        assertFalse(r.timedOut(), "a capped stream is still drained, so the writer never blocks");
        assertEquals(64 * 1024, r.stdout().length);
        assertTrue(r.stdoutTruncated());
        assertEquals(0, r.exit());
        assertEquals("done\n", new String(r.stderr(), StandardCharsets.UTF_8));
    }

    @Test
    void grandchildHoldingThePipeDoesNotBlockTheResult() throws Exception {
        script("df", "(sleep 600 & echo $! > " + bin.resolve("orphan.pid") + ") ; echo quick");
        long t = System.nanoTime();
        CommandRunner.Result r = runner().run(List.of("df"), 5000 * MS);
        assertTrue((System.nanoTime() - t) / MS < 2000);
        assertEquals(0, r.exit());
        assertNull(r.signal());
        assertEquals("quick\n", new String(r.stdout(), StandardCharsets.UTF_8));
        // clean up exactly the orphan we made
        long orphan = Long.parseLong(Files.readString(bin.resolve("orphan.pid")).trim());
        ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
        waitGone(orphan);
    }

    /**
     * With the machine's own {@code timeout} on the search path, a program runs under
     * {@code timeout -s KILL N}, N past its timeout and both grace periods, and the status says so; a
     * {@code timeout} that refuses that form (old busybox: {@code -t SECS}) is not used.
     */
    @Test
    void programsRunUnderAnOuterKillTimeoutWhenTheMachineHasOne() throws Exception {
        String timeout = List.of("/usr/bin/timeout", "/bin/timeout").stream().filter(t -> Files.isExecutable(Path.of(t)))
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(timeout != null, "coreutils timeout");
        script("zpool", "cat /proc/$PPID/cmdline | tr '\\0' ' '");
        CommandRunner runner = new CommandRunner(List.of(bin.toString(), Path.of(timeout).getParent().toString()),
                List.of(), 300 * MS, 64 * 1024);
        CommandRunner.Result r = runner.run(List.of("zpool", "list"), 2000 * MS);
        // 2 s + 2 x 0.3 s + 1 s, rounded up
        List<String> outer = List.of(Path.of(timeout).getParent().resolve("timeout").toString(), "-s", "KILL", "4");
        assertEquals(outer, r.wrapper());
        assertEquals(String.join(" ", outer) + " " + bin.resolve("zpool") + " list ",
                new String(r.stdout(), StandardCharsets.UTF_8), "the parent of the program is the timeout");
        assertEquals(0, r.exit());
        assertEquals(List.of("timeout", "zpool"), runner.children().stream().map(c -> c.program()).toList(),
                "the probe of timeout's form is a child too (procsnap/self)");
        assertEquals(List.of(), runner.withoutWrapper().outerLimit(2000 * MS), "stat -f runs bare");

        script("timeout", "exit 1");
        CommandRunner refused = new CommandRunner(List.of(bin.toString()), List.of(), 300 * MS, 64 * 1024);
        assertEquals(List.of(), refused.outerLimit(2000 * MS));
        assertEquals(List.of(), refused.run(List.of("zpool"), 2000 * MS).wrapper());
    }

    private static void waitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child " + pid + " killed");
    }
}
