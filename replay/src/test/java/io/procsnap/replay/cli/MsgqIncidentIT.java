package io.procsnap.replay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
        assumeTrue(MsgqWorkload.gccPresent(), "MsgqIncidentIT needs gcc to build fixtures/workloads/msgq_incident.c");
        Path dir = Files.createTempDirectory("procsnap-msgq");
        Path socket = dir.resolve("agentx.sock");
        Path archive = Path.of("target", "msgq-incident-it.tar.zst").toAbsolutePath();
        Files.deleteIfExists(archive);
        try (MsgqWorkload workload = MsgqWorkload.start(List.of(), socket, 4, 120)) {
            int app = Integer.parseInt(workload.fact("app"));
            assertEquals(app, workload.process().pid(), "the workload prints its own pid");
            assertEquals("128", workload.fact("qnum"), "queue filled to its limit (msgmnb 16384 / 128-byte messages)");

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
            String msqid = workload.fact("msqid");
            String dispatcher = workload.fact("dispatcher");
            String snmpd = workload.fact("snmpd");
            assertTrue(text.contains("CRITICAL sysv-msgq-full: SysV queue msqid " + msqid + " key " + workload.fact("key")
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
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }
}
