package io.procsnap.replay.fleet;

import io.procsnap.replay.rules.RuleId;
import io.procsnap.replay.rules.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FleetSummaryTests {

    private static ArchiveRow row(String host, Object... findings) {
        List<ArchiveRow.FindingRow> f = new ArrayList<>();
        for (int i = 0; i < findings.length; i += 2) {
            f.add(new ArchiveRow.FindingRow((RuleId) findings[i], (Severity) findings[i + 1], "summary of " + findings[i],
                    List.of(), null, List.of()));
        }
        return new ArchiveRow(host + ".tar.zst", host, null, "6.8", Instant.EPOCH, "complete", 10, 10, 1, 1, f,
                List.of(), null, null, null);
    }

    @Test
    void theFewHostsThatDifferFromTheMajorityAreOutliers() {
        List<ArchiveRow> rows = new ArrayList<>();
        for (int i = 0; i < 97; i++) {
            rows.add(row("h" + i, RuleId.CAPTURE_INCOMPLETE, Severity.INFO, RuleId.STUCK_THREADS, Severity.WARNING));
        }
        rows.add(row("sick1", RuleId.SYSV_MSGQ_FULL, Severity.CRITICAL, RuleId.STUCK_THREADS, Severity.WARNING));
        rows.add(row("sick2", RuleId.SYSV_MSGQ_FULL, Severity.CRITICAL, RuleId.STUCK_THREADS, Severity.WARNING));
        rows.add(row("quiet"));
        rows.add(ArchiveRow.skipped("junk.bin", "foreign", "not a procsnap archive"));
        FleetSummary s = FleetSummary.of(rows);
        assertEquals(100, s.archives());
        assertEquals(100, s.hosts());
        assertEquals(1, s.skipped());
        assertEquals(List.of(RuleId.STUCK_THREADS), s.majority(), "info findings do not split the fleet");
        assertEquals(97, s.majorityCount());
        assertEquals(List.of("sick1", "sick2", "quiet"), s.outliers().stream().map(FleetSummary.Outlier::host).toList());
        assertEquals(List.of(RuleId.SYSV_MSGQ_FULL), s.outliers().get(0).extra());
        assertEquals("summary of sysv-msgq-full", s.outliers().get(0).summary());
        assertEquals(List.of(RuleId.STUCK_THREADS), s.outliers().get(2).missing());
        assertEquals(new FleetSummary.RuleCount(RuleId.STUCK_THREADS, Severity.WARNING, 99, List.of("h0", "h1", "h10", "h11",
                "h12")), s.rules().get(0));
        assertEquals(RuleId.SYSV_MSGQ_FULL, s.rules().get(2).ruleId());
        assertEquals(2, s.rules().get(2).hosts());
    }

    @Test
    void rulesFoundOnAsManyHostsAreListedByTheirIds() {
        // capture-incomplete sorts before fs-full by id, although fs-full comes first among the rules
        FleetSummary s = FleetSummary.of(List.of(row("a", RuleId.FS_FULL, Severity.WARNING,
                RuleId.CAPTURE_INCOMPLETE, Severity.WARNING)));
        assertEquals(List.of(RuleId.CAPTURE_INCOMPLETE, RuleId.FS_FULL), s.majority());
        assertEquals(List.of(RuleId.CAPTURE_INCOMPLETE, RuleId.FS_FULL),
                s.rules().stream().map(FleetSummary.RuleCount::ruleId).toList());
    }

    @Test
    void twoArchivesOfOneHostCountOnce() {
        FleetSummary s = FleetSummary.of(List.of(row("a", RuleId.FS_FULL, Severity.CRITICAL),
                row("a", RuleId.FS_FULL, Severity.WARNING), row("b")));
        assertEquals(2, s.hosts());
        assertEquals(1, s.rules().get(0).hosts());
        assertEquals(Severity.CRITICAL, s.rules().get(0).worst());
    }

    @Test
    void anEmptyFleetHasNoMajorityAndNoOutliers() {
        FleetSummary s = FleetSummary.of(List.of());
        assertEquals(List.of(), s.majority());
        assertEquals(List.of(), s.outliers());
    }
}
