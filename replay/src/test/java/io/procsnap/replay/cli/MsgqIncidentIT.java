package io.procsnap.replay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The first incident, reproduced on this kernel: {@code fixtures/workloads/msgq_incident.c} fills a SysV
 * queue to its limit with worker threads blocked in msgsnd while the queue's only consumer, the
 * dispatcher thread, is blocked in connect() on a unix socket whose listener ("snmpd") has a full
 * backlog. The real capture program ({@code io.procsnap.capture.Main}, in process) captures the
 * machine; {@code diagnose} must name the queue, the senders, the dispatcher, the socket and its
 * listener. Bounded in time; kills exactly the pids it started and removes the queue it made.
 */
class MsgqIncidentIT {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void diagnoseNamesQueueSendersDispatcherSocketAndListener() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "MsgqIncidentIT needs root: the capture must read other threads' syscall and stack files");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")) || Files.isExecutable(Path.of("/usr/local/bin/gcc")),
                "MsgqIncidentIT needs gcc to build fixtures/workloads/msgq_incident.c");
        Path bin = Path.of("target", "msgq_incident").toAbsolutePath();
        Path source = Scenarios.fixtures().resolve("workloads").resolve("msgq_incident.c");
        run(List.of("gcc", "-O2", "-Wall", "-o", bin.toString(), source.toString(), "-lpthread"), 60);

        Path dir = Files.createTempDirectory("procsnap-msgq");
        Path socket = dir.resolve("agentx.sock");
        Path archive = Path.of("target", "msgq-incident-it.tar.zst").toAbsolutePath();
        Files.deleteIfExists(archive);
        Process workload = new ProcessBuilder(bin.toString(), "-s", socket.toString(), "-n", "4", "-T", "120")
                .redirectErrorStream(true).start();
        Map<String, String> facts = new HashMap<>();
        try {
            readFacts(workload, facts);
            int app = Integer.parseInt(facts.get("app"));
            assertEquals(app, workload.pid(), "the workload prints its own pid");
            assertEquals("128", facts.get("qnum"), "queue filled to its limit (msgmnb 16384 / 128-byte messages)");

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = io.procsnap.capture.Main.run(new String[] {"--proc-root", "/proc", "-o", archive.toString(),
                    "--samples", "2", "--interval", "500ms", "--deadline", "60s"},
                    OutputStream.nullOutputStream(), new PrintWriter(out, true), new PrintWriter(err, true));
            assertTrue(code == 0 || code == 3, "capture failed with " + code + ": " + err);
            assertTrue(Files.size(archive) > 0, "no archive written");

            CliRun diagnose = CliRun.of("diagnose", archive.toString());
            String text = diagnose.out();
            assertEquals(1, diagnose.exitCode(), "a critical finding must make diagnose exit 1\n" + text + diagnose.err());
            String msqid = facts.get("msqid");
            String dispatcher = facts.get("dispatcher");
            String snmpd = facts.get("snmpd");
            assertTrue(text.contains("CRITICAL sysv-msgq-full: SysV queue msqid " + msqid + " key " + facts.get("key")
                    + " is full"), "names the queue by msqid and key:\n" + text);
            assertTrue(text.contains("4 threads blocked in msgsnd on msqid " + msqid), "counts the senders:\n" + text);
            assertTrue(text.contains("app[" + app + "]/worker["), "names the sender threads:\n" + text);
            assertTrue(text.contains("consumer (lrpid " + app + "): thread app[" + app + "]/dispatcher[" + dispatcher
                    + "] is not receiving"), "names the dispatcher thread:\n" + text);
            assertTrue(text.contains("the listener with a full backlog is " + socket), "names the socket:\n" + text);
            assertTrue(text.contains("held by snmpd[" + snmpd + "]"), "names the listener process:\n" + text);
            assertTrue(text.contains("listened on by snmpd[" + snmpd + "]"), "summary names the listener:\n" + text);

            CliRun ipc = CliRun.of("ipc", archive.toString());
            assertTrue(ipc.out().contains("msqid " + msqid + " blocked in msgsnd (128-byte messages): 4 threads"),
                    ipc.out());
        } finally {
            cleanUp(workload, facts);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    /** Reads the workload's "name value" lines until "ready" (10 s at most). */
    private static void readFacts(Process p, Map<String, String> facts) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (facts) {
                        if (line.equals("ready")) {
                            facts.put("ready", "yes");
                            facts.notifyAll();
                            return;
                        }
                        int sp = line.indexOf(' ');
                        facts.put(sp < 0 ? line : line.substring(0, sp), sp < 0 ? "" : line.substring(sp + 1));
                    }
                }
            } catch (IOException e) {
                // the process ended; the wait below reports it
            }
        });
        synchronized (facts) {
            while (!facts.containsKey("ready") && System.nanoTime() < end && p.isAlive()) {
                facts.wait(100);
            }
        }
        if (!facts.containsKey("ready")) {
            reader.interrupt();
            fail("workload did not get ready: " + facts + (p.isAlive() ? "" : " (exited " + p.exitValue() + ")"));
        }
    }

    /** SIGTERM (the workload removes its queue and kills its listener), then SIGKILL and ipcrm if needed. */
    private static void cleanUp(Process workload, Map<String, String> facts) throws Exception {
        workload.destroy();
        if (!workload.waitFor(5, TimeUnit.SECONDS)) {
            workload.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String snmpd = facts.get("snmpd");
        if (snmpd != null) {
            ProcessHandle.of(Long.parseLong(snmpd)).ifPresent(ProcessHandle::destroyForcibly);
        }
        String msqid = facts.get("msqid");
        if (msqid != null && Files.readAllLines(Path.of("/proc/sysvipc/msg")).stream().skip(1)
                .map(l -> l.trim().split("\\s+")).anyMatch(f -> f.length > 1 && f[1].equals(msqid))) {
            run(List.of("ipcrm", "-q", msqid), 10);
        }
    }

    private static void run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in " + seconds + " s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " failed: " + output);
    }
}
