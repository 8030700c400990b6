package io.procsnap.replay.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Acceptance for issue 4: on a machine running the bench load generator, {@code ps -eLo
 * pid,tid,stat,wchan:32,comm} run live right before the capture and run in {@code shell} on the
 * capture agree on at least 99% of the rows for sleeping threads (state and wchan included).
 *
 * <p>The load, the live ps and the capture run inside a private pid+ipc namespace, so only the load
 * is seen; the population kills itself after 120 s and is stopped in finally. The capture is the real
 * capture program ({@code io.procsnap.capture.Main}) when it is on the test classpath, else
 * {@link ProcCopy}. Needs root, gcc, unshare, /dev/fuse.
 */
class LoadAcceptanceIT {
    static final Path LOAD = LoadPopulation.LOAD;
    static final String PS = "ps -eLo pid,tid,stat,wchan:32,comm";

    @Test
    void psOnTheCaptureAgreesWithPsLiveForSleepingThreads() throws Exception {
        assertTrue(Files.isExecutable(LOAD) || Files.isReadable(LOAD), "load generator not found at " + LOAD);
        assertTrue(FuseEnvironment.probe().usable(), "needs FUSE: " + FuseEnvironment.probe().problems());
        Path work = Files.createTempDirectory("procsnap-accept");
        Path archive = work.resolve("capture.tar.zst");
        Path live = work.resolve("live.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        String capture = captureMain();
        List<String> lines = new ArrayList<>(LoadPopulation.start(work, "-p 20 -t 10 -T 120"));
        lines.addAll(List.of(
                PS + " > " + live,
                java + " --enable-native-access=ALL-UNNAMED -cp '" + cp + "' " + capture + " -o " + archive
                        + " > " + work.resolve("capture.log") + " 2>&1 || test -s " + archive));
        String script = String.join("\n", lines);
        try {
            var r = Commands.run(240, "unshare", "--pid", "--fork", "--mount-proc", "--ipc", "--net", "bash", "-c", script);
            assertEquals(0, r.exit(), "live part failed: " + r.out() + r.err() + log(work.resolve("capture.log")));
            var replay = Commands.run(120, List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                    "io.procsnap.replay.Main", "shell", archive.toString(), "--", "sh", "-c", PS));
            assertEquals(0, replay.exit(), replay.err());
            Agreement a = compare(Files.readString(live), replay.out());
            System.out.println("acceptance (" + capture + "): " + a);
            assertTrue(a.sleeping() > 200, "the load should show hundreds of sleeping threads: " + a);
            assertTrue(a.ratio() >= 0.99, a + "\nfirst differences:\n" + String.join("\n", a.differences()));
        } finally {
            LoadPopulation.stop(work);
            Commands.run(30, "rm", "-rf", work.toString());
        }
    }

    /** The real capture program when present, else the test stand-in. */
    static String captureMain() {
        try {
            Class.forName("io.procsnap.capture.Main");
            return "io.procsnap.capture.Main";
        } catch (ClassNotFoundException e) {
            return ProcCopy.class.getName();
        }
    }

    record Agreement(int sleeping, int agreeing, List<String> differences) {
        double ratio() {
            return sleeping == 0 ? 0 : (double) agreeing / sleeping;
        }

        @Override
        public String toString() {
            return String.format("%d of %d sleeping threads agree (%.2f%%)", agreeing, sleeping, 100 * ratio());
        }
    }

    /** Rows keyed by pid+tid; a live row in state S or D agrees when the replayed row has the same stat, wchan and comm. */
    static Agreement compare(String liveOut, String replayOut) {
        Map<String, String> replay = new HashMap<>();
        for (String line : rows(replayOut)) {
            replay.put(key(line), line);
        }
        int sleeping = 0;
        int agreeing = 0;
        List<String> diffs = new ArrayList<>();
        for (String line : rows(liveOut)) {
            String[] f = line.trim().split("\\s+", 5);
            if (f.length < 5 || !(f[2].startsWith("S") || f[2].startsWith("D"))) {
                continue;
            }
            sleeping++;
            String other = replay.get(key(line));
            if (other != null && normalize(other).equals(normalize(line))) {
                agreeing++;
            } else if (diffs.size() < 20) {
                diffs.add("live:   " + line + "\nreplay: " + other);
            }
        }
        return new Agreement(sleeping, agreeing, diffs);
    }

    static List<String> rows(String out) {
        List<String> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank() && !line.trim().startsWith("PID")) {
                rows.add(line);
            }
        }
        return rows;
    }

    static String key(String line) {
        String[] f = line.trim().split("\\s+");
        return f[0] + "/" + f[1];
    }

    static String normalize(String line) {
        return String.join(" ", line.trim().split("\\s+"));
    }

    static String log(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }
}
