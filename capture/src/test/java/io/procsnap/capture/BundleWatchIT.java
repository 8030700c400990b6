package io.procsnap.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * procsnap watch as the bundle installs it: the systemd unit's ExecStart runs (bundle and directory
 * moved to temporary places) and stops on SIGTERM with exit 0, as KillMode=mixed stops it; the busybox
 * init script starts, reports and stops the watcher, whose pid file stays in its directory; the
 * watcher runs with the launcher's small-footprint flags.
 */
class BundleWatchIT {
    @TempDir
    Path dir;

    private Path unpack() throws Exception {
        Path tarball = Path.of("target/procsnap-bundle-linux-x86_64.tar.gz").toAbsolutePath();
        assumeTrue(Files.exists(tarball), "NOT RUN: no bundle (built by mvn package unless -DskipBundle=true)");
        assertEquals(0, Jar.run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), dir, 60).exit());
        return dir.resolve("procsnap");
    }

    private static void awaitLog(Path watchDir, String text) throws Exception {
        Path log = watchDir.resolve(".procsnap-watch/log");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            assertTrue(System.nanoTime() < end, "no '" + text + "' in " + log);
            Thread.sleep(100);
        }
    }

    @Test
    void theSystemdUnitsCommandRunsAndStopsOnSigterm() throws Exception {
        Path bundle = unpack();
        String unit = Files.readString(bundle.resolve("service/procsnap-watch.service"));
        assertTrue(unit.contains("\nKillMode=mixed\n") && unit.contains("\nWantedBy=multi-user.target\n"), unit);
        String exec = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow().substring(10);
        assertEquals("/opt/procsnap/bin/procsnap watch --dir /var/lib/procsnap-watch", exec);
        Path watchDir = dir.resolve("var-lib-procsnap-watch");
        List<String> cmd = new ArrayList<>(Arrays.asList(exec.replace("/opt/procsnap", bundle.toString())
                .replace("/var/lib/procsnap-watch", watchDir.toString()).split(" ")));
        cmd.addAll(List.of("--trigger", "procs-blocked=100000"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        try {
            awaitLog(watchDir, " watching every ");
            String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
            assertTrue(cmdline.contains(" -Xint ") && cmdline.contains(" -Xmx16m "),
                    "the launcher's watch flags: " + cmdline);
            assertFalse(cmdline.contains("nice"), cmdline);
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out")));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theInitScriptStartsReportsAndStops() throws Exception {
        Path bundle = unpack();
        Path init = bundle.resolve("service/procsnap-watch.init");
        assertTrue(Files.isExecutable(init));
        Path watchDir = dir.resolve("w");
        Map<String, String> env = Map.of("PROCSNAP", bundle.resolve("bin/procsnap").toString(), "PROCSNAP_WATCH_DIR",
                watchDir.toString(), "PROCSNAP_WATCH_OPTIONS", "--trigger procs-blocked=100000");
        try {
            Jar.Run start = run(env, init.toString(), "start");
            assertEquals(0, start.exit(), start.out() + start.err());
            assertTrue(start.out().startsWith("procsnap-watch: started (pid "), start.out());
            awaitLog(watchDir, " watching every ");
            long pid = Long.parseLong(Files.readString(watchDir.resolve(".procsnap-watch/pid")).trim());
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(0, run(env, init.toString(), "status").exit());
            assertEquals("procsnap-watch: already running (pid " + pid + ")\n", run(env, init.toString(), "start").out());
            Jar.Run stop = run(env, init.toString(), "stop");
            assertEquals("procsnap-watch: stopped\n", stop.out(), stop.err());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(3, run(env, init.toString(), "status").exit());
            assertTrue(Files.readString(watchDir.resolve(".procsnap-watch/log")).endsWith(" stopped\n"));
        } finally {
            run(env, init.toString(), "stop");
        }
    }

    private Jar.Run run(Map<String, String> env, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of(command));
        return Jar.run(cmd, dir, 60);
    }
}
