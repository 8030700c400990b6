package io.procsnap.capture.watch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe's timeout with real shells: a probe that does not end is killed and is {@code probe-failed}
 * until a later run passes; one that ignores SIGTERM gets SIGKILL a second later. Every probe command
 * carries a marker so the test finds its own processes among this JVM's descendants. Waits are bounded;
 * nothing is asserted about how long a run took.
 */
class ProbeTests {
    private static final long INTERVAL = 100_000_000L;
    private static final long TIMEOUT = 300_000_000L;

    @TempDir
    Path dir;

    private final String marker = "procsnap-probe-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private Probe probe;

    /** Polls as the watcher does, every 50 ms, until {@code done} holds on the conditions of a poll. */
    private static List<Condition> pollUntil(Probe p, java.util.function.Predicate<List<Condition>> done, String what)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<Condition> out = new ArrayList<>();
            p.poll(System.nanoTime(), out);
            if (done.test(out)) {
                return out;
            }
            assertTrue(System.nanoTime() < end, "no " + what + " within 20 s: " + out);
            Thread.sleep(50);
        }
    }

    private static List<ProcessHandle> running(String marker) {
        return ProcessHandle.current().descendants().filter(h -> h.isAlive()
                && h.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false)).toList();
    }

    private static Optional<Condition> failed(List<Condition> out) {
        return out.stream().filter(c -> c.kind() == TriggerKind.PROBE_FAILED).findFirst();
    }

    /** Starts a probe of {@code command} ({@code %s}: the marker); its shell, once it runs a child. */
    private ProcessHandle start(String command) throws InterruptedException {
        probe = new Probe(command.replace("%s", marker), INTERVAL, TIMEOUT, dir);
        pollUntil(probe, o -> running(marker).size() == 1 && running(marker).get(0).children().findAny().isPresent(),
                "the probe's shell with a child");
        return running(marker).get(0);
    }

    @AfterEach
    void stopProbe() {
        if (probe != null) {
            probe.stop();
        }
    }

    @Test
    void aProbeThatDoesNotEndIsKilledAndFailsUntilARunPasses() throws Exception {
        ProcessHandle sh = start("[ -e ok ] && exit 0; echo 'checking %s'; sleep 30");
        ProcessHandle sleep = sh.children().findFirst().orElseThrow();
        Condition c = failed(pollUntil(probe, o -> failed(o).isPresent(), "probe-failed")).orElseThrow();
        assertEquals("timed out", c.values().get("result"), c.toString());
        assertEquals("0.3", c.values().get("timeout_s"), c.toString());
        assertTrue(c.summary().contains(" did not end within 0.3 s (killed): checking " + marker), c.summary());
        // SIGTERM to the shell and its sleep; the failure stays while later runs time out as well
        pollUntil(probe, o -> !sh.isAlive() && !sleep.isAlive(), "the end of the timed-out probe and its child");
        assertTrue(failed(pollUntil(probe, o -> true, "poll")).isPresent(), "still failing");
        Files.writeString(dir.resolve("ok"), "");
        pollUntil(probe, o -> failed(o).isEmpty(), "a passing run clearing probe-failed");
    }

    @Test
    void aProbeThatIgnoresSigtermGetsSigkill() throws Exception {
        // TERM ignored by the shell and, inherited, by its sleeps
        ProcessHandle sh = start("trap '' TERM; echo %s; while :; do sleep 0.1; done");
        pollUntil(probe, o -> failed(o).isPresent(), "probe-failed"); // SIGTERM sent in this poll
        Thread.sleep(500);
        assertTrue(sh.isAlive(), "SIGTERM is ignored");
        pollUntil(probe, o -> !sh.isAlive(), "SIGKILL a second after SIGTERM");
        Condition c = failed(pollUntil(probe, o -> true, "poll")).orElseThrow();
        assertEquals("timed out", c.values().get("result"), c.toString());
        assertEquals(marker, c.values().get("output"), c.toString());
    }
}
