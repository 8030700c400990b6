package io.procsnap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Saturation}: the launcher's decision when it ran, otherwise the jar's own from a /proc. */
class SaturationTests {
    @TempDir
    Path proc;

    /** A /proc with {@code loadavg}'s runnable count, {@code cpus} cpuN lines and own threads in the given states. */
    private void machine(String runnable, int cpus, char... ownStates) throws IOException {
        Files.writeString(proc.resolve("loadavg"), "7.10 6.02 5.00 " + runnable + "/1234 5678\n");
        StringBuilder stat = new StringBuilder("cpu  1 2 3 4 5 6 7 0 0 0\n");
        for (int i = 0; i < cpus; i++) {
            stat.append("cpu").append(i).append(" 1 2 3 4 5 6 7 0 0 0\n");
        }
        stat.append("intr 1 2 3\nctxt 99\nbtime 1700000000\nprocs_running ").append(runnable).append('\n');
        Files.writeString(proc.resolve("stat"), stat);
        for (int i = 0; i < ownStates.length; i++) {
            Path t = Files.createDirectories(proc.resolve("self/task/" + (500 + i)));
            Files.writeString(t.resolve("stat"), (500 + i) + " (java) x) " + ownStates[i] + " 1 500 500 0 -1\n");
        }
    }

    @Test
    void withoutTheLauncherTheRunnableTasksBesidesThisJvmAreCountedAgainstTheCpus() throws IOException {
        machine("7", 2, 'R', 'S', 'R', 'S');
        Saturation s = Saturation.of(Map.of(), proc);
        assertTrue(s.saturated(), s.toString());
        assertEquals(" (CPU priority not lowered: the machine is saturated: 5 runnable besides this capture, 2 CPUs)", s.note());
    }

    @Test
    void fewerRunnableTasksThanCpusBesidesThisJvmIsNotSaturated() throws IOException {
        machine("3", 2, 'R', 'S', 'R');
        Saturation s = Saturation.of(Map.of(), proc);
        assertFalse(s.saturated(), s.toString());
        assertEquals("1 runnable besides this capture, 2 CPUs", s.why());
        assertEquals("", s.note());
    }

    @Test
    void theLaunchersDecisionWinsOverWhatTheJarWouldFind() throws IOException {
        machine("40", 2, 'R');
        Saturation kept = Saturation.of(Map.of("PROCSNAP_PRIORITY", "nice -n 10 (the machine is not saturated: ...)"), proc);
        assertFalse(kept.saturated(), kept.toString());
        Saturation saturated = Saturation.of(Map.of("PROCSNAP_PRIORITY", "normal, not lowered: the machine is saturated (...)",
                "PROCSNAP_SATURATED", "yes"), proc);
        assertTrue(saturated.saturated());
        assertEquals(" (CPU priority not lowered: the machine is saturated)", saturated.note(), "the launcher's note says why");
    }

    @Test
    void aProcWithoutLoadavgOrCpusIsNotSaturated() throws IOException {
        assertFalse(Saturation.of(Map.of(), proc).saturated());
        Files.writeString(proc.resolve("loadavg"), "garbage\n");
        Files.writeString(proc.resolve("stat"), "cpu0 1 2 3\n");
        assertFalse(Saturation.of(Map.of(), proc).saturated());
    }

    @Test
    void thisMachinesOwnProcReadsAsNumbers() {
        Path real = Path.of("/proc");
        assertTrue(Saturation.runnable(real.resolve("loadavg")) >= 1, "at least this thread runs");
        assertTrue(Saturation.cpus(real.resolve("stat")) > 0, "cpuN lines in this machine's /proc/stat");
        assertTrue(Saturation.ownRunning(real.resolve("self/task")) >= 1, "this thread is running as it reads");
    }
}
