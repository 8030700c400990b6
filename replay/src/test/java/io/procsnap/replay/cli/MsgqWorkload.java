package io.procsnap.replay.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The first incident as a running workload ({@code fixtures/workloads/msgq_incident.c}, built with gcc into
 * {@code target/}): a SysV queue filled to its limit, worker threads blocked in msgsnd, its consumer blocked
 * connecting to a unix socket whose listener ("snmpd") has a full backlog. Its facts (pids, msqid, key)
 * come from its "name value" lines. {@link #close} kills exactly what it started and removes the queue
 * it made, in the IPC namespace it runs in ({@code prefix}, e.g. {@code nsenter -t PID --ipc --}).
 */
public final class MsgqWorkload implements AutoCloseable {
    private final List<String> prefix;
    private final Process process;
    private final Map<String, String> facts = new HashMap<>();

    private MsgqWorkload(List<String> prefix, Process process) {
        this.prefix = List.copyOf(prefix);
        this.process = process;
    }

    /** Builds the workload if needed; its binary. */
    public static Path build() throws Exception {
        Path bin = Path.of("target", "msgq_incident").toAbsolutePath();
        Path source = Scenarios.fixtures().resolve("workloads").resolve("msgq_incident.c");
        if (!Files.isExecutable(bin) || Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(source)) < 0) {
            run(List.of("gcc", "-O2", "-Wall", "-o", bin.toString(), source.toString(), "-lpthread"), 60);
        }
        return bin;
    }

    public static boolean gccPresent() {
        return Files.isExecutable(Path.of("/usr/bin/gcc")) || Files.isExecutable(Path.of("/usr/local/bin/gcc"));
    }

    /** Starts {@code senders} blocked senders and the stuck consumer; returns once it printed "ready". */
    public static MsgqWorkload start(List<String> prefix, Path socket, int senders, int timeoutSeconds) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(build().toString(), "-s", socket.toString(), "-n", Integer.toString(senders), "-T",
                Integer.toString(timeoutSeconds)));
        MsgqWorkload w = new MsgqWorkload(prefix, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        try {
            w.readFacts();
        } catch (Throwable t) {
            w.close();
            throw t;
        }
        return w;
    }

    public Process process() {
        return process;
    }

    public String fact(String name) {
        synchronized (facts) {
            return facts.get(name);
        }
    }

    /** Reads the workload's "name value" lines until "ready" (10 s at most). */
    private void readFacts() throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
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
            while (!facts.containsKey("ready") && System.nanoTime() < end && process.isAlive()) {
                facts.wait(100);
            }
        }
        if (!facts.containsKey("ready")) {
            reader.interrupt();
            fail("workload did not get ready: " + facts + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")"));
        }
    }

    /** SIGTERM (the workload removes its queue and kills its listener), then SIGKILL and ipcrm if needed. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String snmpd = fact("snmpd");
        if (snmpd != null) {
            ProcessHandle.of(Long.parseLong(snmpd)).ifPresent(ProcessHandle::destroyForcibly);
        }
        String msqid = fact("msqid");
        if (msqid != null && queues().stream().skip(1).map(l -> l.trim().split("\\s+"))
                .anyMatch(f -> f.length > 1 && f[1].equals(msqid))) {
            List<String> ipcrm = new ArrayList<>(prefix);
            ipcrm.addAll(List.of("ipcrm", "-q", msqid));
            run(ipcrm, 10);
        }
    }

    /** /proc/sysvipc/msg as seen in the workload's IPC namespace. */
    private List<String> queues() throws Exception {
        if (prefix.isEmpty()) {
            return Files.readAllLines(Path.of("/proc/sysvipc/msg"));
        }
        List<String> cat = new ArrayList<>(prefix);
        cat.addAll(List.of("cat", "/proc/sysvipc/msg"));
        return run(cat, 10).lines().toList();
    }

    static String run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in " + seconds + " s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " failed: " + output);
        return output;
    }
}
