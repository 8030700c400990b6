package io.procsnap.capture.watch;

import io.procsnap.capture.faults.CaptureProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * "Never writes outside DIR", traced: strace -f follows the watcher, its probe, its stat -f children and
 * the capture it starts (a probe that fails); every path opened for writing, created, renamed, linked or
 * removed must be DIR or under it (or be /dev/null, where the JDK sends a discarded stream). The watcher JVM
 * gets the launcher's flags that keep HotSpot's own files away (-XX:-UsePerfData, no coredump_filter).
 */
class WatchStraceIT {
    private static final Pattern WRITE_OPEN = Pattern.compile("open(at|at2)?\\((?:AT_FDCWD, )?\"([^\"]+)\", [^)]*O_(WRONLY|RDWR|CREAT)");
    private static final Pattern CHANGE = Pattern.compile("(creat|mkdir|mkdirat|rename|renameat|renameat2|unlink|unlinkat|link"
            + "|linkat|symlink|symlinkat|truncate|rmdir)\\((?:AT_FDCWD, |\\d+, )?\"([^\"]+)\"(?:, (?:AT_FDCWD, |\\d+, )?\"([^\"]+)\")?");

    @TempDir
    Path tmp;

    @Test
    void theWatcherAndItsChildrenWriteOnlyUnderDir() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "NOT RUN: strace missing (apt-get install strace)");
        assumeTrue(CaptureProcess.isRoot(), "NOT RUN: needs root (the capture reads every process)");
        Path dir = tmp.resolve("watch");
        Path trace = tmp.resolve("trace.txt");
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-qq", "-e",
                "trace=open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,link,linkat,"
                        + "symlink,symlinkat,truncate,rmdir", "-o", trace.toString()));
        cmd.addAll(CaptureProcess.command(List.of(), "watch", "--dir", dir.toString(), "--trigger", "probe-failed",
                "--probe", "false", "--probe-interval", "1s", "--hold", "1s", "--samples", "1", "--", "--skip",
                "commands,details"));
        int jar = cmd.indexOf("-jar");
        cmd.addAll(jar, List.of("-XX:-UsePerfData", "-XX:+UnlockDiagnosticVMOptions", "-XX:-DumpPrivateMappingsInCore",
                "-XX:-DumpSharedMappingsInCore"));
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out").toFile()).redirectInput(new File("/dev/null")).start();
        try {
            Path log = dir.resolve(".procsnap-watch/log");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(log) && Files.readString(log).contains("capture ended")) && System.nanoTime() < end) {
                assertTrue(p.isAlive(), Files.readString(tmp.resolve("out")));
                Thread.sleep(200);
            }
            assertTrue(Files.readString(log).contains("capture ended (exit 3)"), Files.readString(log));
            ProcessHandle watcher = p.descendants().filter(h -> h.info().command().orElse("").endsWith("java"))
                    .findFirst().orElseThrow();
            watcher.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the traced watcher stops on SIGTERM");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String root = dir.toRealPath() + "/";
        List<String> outside = new ArrayList<>();
        int writes = 0;
        for (String line : Files.readAllLines(trace)) {
            if (line.contains("= -1 ")) {
                continue; // refused by the kernel: nothing written
            }
            List<String> paths = new ArrayList<>();
            Matcher w = WRITE_OPEN.matcher(line);
            if (w.find()) {
                paths.add(w.group(2));
            }
            Matcher c = CHANGE.matcher(line);
            if (c.find()) {
                paths.add(c.group(2));
                if (c.group(3) != null) {
                    paths.add(c.group(3));
                }
            }
            for (String path : paths) {
                writes++;
                boolean inside = path.startsWith(root) || (path + "/").equals(root); // DIR itself: created when missing
                if (!inside && !path.equals("/dev/null")) { // a relative path counts as outside
                    outside.add(line);
                }
            }
        }
        assertTrue(writes > 3, "the trace shows the watcher's writes (log, state, archive)");
        assertEquals(List.of(), outside);
    }
}
