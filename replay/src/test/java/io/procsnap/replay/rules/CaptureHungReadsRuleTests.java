package io.procsnap.replay.rules;

import io.procsnap.replay.cli.Scenarios;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The holder chain of a hung read and the capture's own tasks, on real captures of holders/ made by
 * fixtures/tools/make_holder.sh: holder-exec (lockholder 26 in exec_mmap: stat and cmdline hung;
 * lockholder 31 reads /proc/26/mem in a fault on the FUSE file, 35 writes /proc/26/clear_refs; python3
 * 4 is the FUSE daemon, mountinfo line 22 its mount; procsnap is pid 40, its readers 66 and 68 were left
 * on the two reads) and holder-memread (lockholder 24's cmdline hung, 29 reads /proc/24/mem).
 */
class CaptureHungReadsRuleTests {

    private static List<Finding> findings(String scenario, RuleId rule) throws IOException {
        try (Snapshot s = SnapshotLoader.load(Scenarios.archive(scenario))) {
            return Diagnosis.run(s, Rules.all(), Map.of()).findings().stream().filter(f -> f.ruleId() == rule).toList();
        }
    }

    private static Subject.Thread thread(int pid, int tid) {
        return new Subject.Thread(pid, tid);
    }

    @Test
    void anExecHoldingTheExecLockLeadsToTheMemReaderItsMountAndItsDaemon() throws IOException {
        List<Finding> hung = findings("holder-exec", RuleId.CAPTURE_HUNG_READS);
        assertEquals(1, hung.size());
        Finding f = hung.get(0);
        assertEquals(new Subject.Process(26), f.subject());
        assertEquals(List.of(thread(26, 26), thread(31, 31)), f.related(Related.Role.LOCK_HOLDER));
        assertEquals(List.of(thread(35, 35)), f.related(Related.Role.BLOCKED), "the clear_refs writer, queued");
        assertEquals(List.of(new Subject.Mount(22)), f.related(Related.Role.MOUNT));
        assertEquals(List.of(new Subject.Process(4)), f.related(Related.Role.DAEMON));
        assertTrue(f.summary().startsWith("reading lockholder[26]'s files hung"), f.summary());
        assertTrue(f.evidence().containsAll(List.of("proc/31/fd/4", "proc/4/fd/3", "proc/self/mountinfo",
                "procsnap/self")), f.evidence().toString());
    }

    @Test
    void aMemReaderHoldingTheMmapLockIsTheHolderOfAHungCmdline() throws IOException {
        Finding f = findings("holder-memread", RuleId.CAPTURE_HUNG_READS).get(0);
        assertEquals(new Subject.Process(24), f.subject());
        assertEquals(List.of(thread(29, 29)), f.related(Related.Role.LOCK_HOLDER));
        assertEquals(List.of(new Subject.Process(4)), f.related(Related.Role.DAEMON));
    }

    @Test
    void theCapturesOwnTasksAreInNoFindingAndNamedInANote() throws IOException {
        try (Snapshot s = SnapshotLoader.load(Scenarios.archive("holder-exec"))) {
            Diagnosis d = Diagnosis.run(s, Rules.all(), Map.of());
            for (Finding f : d.findings()) {
                for (Related r : f.related()) {
                    if (r.object() instanceof Subject.Thread t) {
                        assertFalse(t.pid() == 40, f.ruleId() + " names the capture's thread " + t);
                    }
                }
                assertFalse(f.summary().contains("?["), f.summary());
            }
            RuleResult dState = d.results().stream().filter(r -> r.ruleId() == RuleId.D_STATE_THREADS).findFirst().orElseThrow();
            assertTrue(dState.notes().stream().anyMatch(n -> n.startsWith("procsnap's own tasks not counted: 1 process")
                    && n.contains("2 abandoned readers (procsnap/self)")), dState.notes().toString());
            assertTrue(s.process(40).isPresent(), "the capture itself is in the archive");
        }
    }
}
