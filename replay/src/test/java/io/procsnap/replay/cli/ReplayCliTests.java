package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.ExitCode;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analysis commands through picocli with captured streams: exit codes, stdout and stderr. */
class ReplayCliTests {

    private static String archive(String scenario) {
        return Scenarios.archive(scenario).toString();
    }

    @Test
    void infoReportsWhatTheFormatLibraryReports() throws Exception {
        CliRun run = CliRun.of("info", "--json", archive("zfs-full"));
        assertEquals(0, run.exitCode(), run.err());
        try (ArchiveReader reader = ArchiveReader.open(Scenarios.archive("zfs-full"))) {
            ArchiveSummary s = reader.summary();
            assertTrue(run.out().contains("\"entries\" : " + s.entryCount()), run.out());
            for (Status st : Status.values()) {
                assertTrue(run.out().contains("\"" + st.label() + "\" : " + s.countsByStatus().getOrDefault(st, 0L)),
                        st + " in " + run.out());
            }
            assertTrue(run.out().contains("\"hostname\" : \"" + reader.manifest().host().hostname() + "\""));
        }
    }

    @Test
    void infoSaysTheArchiveWasCutOff() {
        CliRun run = CliRun.of("info", archive("cutoff"));
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("archive:   cut-off"), run.out());
        assertTrue(run.out().contains("duration:  unknown (no index)"), run.out());
    }

    @Test
    void salvagedArchiveIsReportedAndLowersConfidenceInEveryRule() {
        // a damaged seek table from the format library's corpus: the reader salvages all 41 entries
        Path salvaged = Scenarios.root().resolve("format-spec/src/test/resources/corpus/ok-seek-table-damaged.tar.zst");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(salvaged), "format corpus not found: " + salvaged);
        CliRun info = CliRun.of("info", salvaged.toString());
        // salvaged (lead decision, issue 6): the report of what was salvaged, one stderr line, exit 4
        assertEquals(ExitCode.ARCHIVE, info.exitCode(), info.err());
        assertTrue(info.err().contains(" is damaged: seek table") && info.err().contains("; salvaged 41 entries"), info.err());
        assertTrue(info.out().contains("archive:   salvaged (seek table"), info.out());
        CliRun diagnose = CliRun.of("diagnose", "--fail-on", "warning", salvaged.toString());
        assertEquals(ExitCode.ARCHIVE, diagnose.exitCode(), diagnose.err());
        assertTrue(diagnose.out().contains("WARNING capture-incomplete: archive was damaged and salvaged: 41 entries recovered"),
                diagnose.out());
        assertTrue(diagnose.out().contains("evaluated on a salvaged archive: damaged parts may hide findings"),
                diagnose.out());
    }

    @Test
    void samplesOnlyApplyToLive() {
        CliRun run = CliRun.of("diagnose", "--samples", "2", archive("healthy"));
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--samples applies to --live only"), run.err());
    }

    @Test
    void diagnoseExitCodeFollowsFailOn() {
        assertEquals(ExitCode.YES, CliRun.of("diagnose", archive("msgq-deadlock")).exitCode());
        assertEquals(ExitCode.OK, CliRun.of("diagnose", archive("healthy")).exitCode());
        // the non-root capture has only warnings: ok by default, "yes" with --fail-on warning
        assertEquals(ExitCode.OK, CliRun.of("diagnose", archive("nonroot")).exitCode());
        assertEquals(ExitCode.YES, CliRun.of("diagnose", "--fail-on", "warning", archive("nonroot")).exitCode());
        assertEquals(ExitCode.YES, CliRun.of("diagnose", "--fail-on", "INFO", archive("zfs-full")).exitCode());
    }

    @Test
    void thresholdOverrideChangesTheOutcome() {
        // 24 threads wait on one futex in zfs-full; with min-waiters 25 that is no longer a hot spot
        CliRun run = CliRun.of("diagnose", "--rule", "futex-hotspot", "--threshold", "futex-hotspot.min-waiters=25",
                archive("zfs-full"));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("no findings"), run.out());
    }

    @Test
    void badThresholdIsAUsageError() {
        CliRun run = CliRun.of("diagnose", "--threshold", "futex-hotspot.nope=1", archive("zfs-full"));
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("procsnap-replay diagnose: --threshold futex-hotspot.nope: rule futex-hotspot has no threshold 'nope' (it has: min-waiters)"),
                run.err());
    }

    @Test
    void listRulesShowsThresholdDefaults() {
        CliRun run = CliRun.of("diagnose", "--list-rules");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--threshold sysv-msgq-full.near-full-percent=90"), run.out());
    }

    @Test
    void missingArchiveIsAnIoError() {
        CliRun run = CliRun.of("ps", "/nonexistent/capture.tar.zst");
        assertEquals(ExitCode.ENVIRONMENT, run.exitCode());
        assertEquals("procsnap-replay ps: cannot open /nonexistent/capture.tar.zst: no such file\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void garbageIsACorruptArchive(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.tar.zst");
        Files.writeString(bad, "this is not a procsnap archive\n".repeat(40));
        CliRun run = CliRun.of("info", bad.toString());
        assertEquals(ExitCode.ARCHIVE, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("procsnap-replay info: "), run.err());
    }

    @Test
    void usageErrors() {
        assertEquals(ExitCode.USAGE, CliRun.of("ps").exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("ps", "--live", archive("healthy")).exitCode());
        CliRun sort = CliRun.of("ps", "--sort", "colour", archive("healthy"));
        assertEquals(ExitCode.USAGE, sort.exitCode());
        assertTrue(sort.err().contains("unknown sort key 'colour'"), sort.err());
        CliRun by = CliRun.of("threads", "--by", "colour", archive("healthy"));
        assertEquals(ExitCode.USAGE, by.exitCode());
        assertTrue(by.err().contains("unknown group-by key 'colour'"), by.err());
        assertEquals(ExitCode.USAGE, CliRun.of("diagnose", "--fail-on", "sometimes", archive("healthy")).exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("diff", archive("healthy")).exitCode());
    }

    @Test
    void psFiltersAndSorts() {
        CliRun run = CliRun.of("ps", "-L", "--comm", "worker", "--sort", "-tid", archive("msgq-deadlock"));
        assertEquals(0, run.exitCode(), run.err());
        var lines = run.out().lines().toList();
        assertEquals(5, lines.size(), run.out());
        assertTrue(lines.get(1).matches("\\s*4\\s+12\\s.*worker.*"), lines.get(1));
        assertTrue(lines.get(4).matches("\\s*4\\s+9\\s.*worker.*"), lines.get(4));
        CliRun d = CliRun.of("ps", "-L", "--state", "D", "--pid", "3100", archive("zfs-full"));
        assertEquals(2, d.out().lines().count(), d.out());
        assertTrue(d.out().contains("log-flusher"), d.out());
    }

    @Test
    void threadsGroupsPsnStyle() {
        CliRun run = CliRun.of("threads", "--by", "state,wait", "--state", "D", archive("zfs-full"));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("13 threads by state, wait:"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s*9\\s+D\\s+zfs-txg\\s.*")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s*1\\s+D\\s+zfs-sync\\s+813")), run.out());
    }

    @Test
    void diffMatchesByCommandLineAndExitsOneOnDifferences() {
        CliRun same = CliRun.of("diff", archive("healthy"), archive("healthy"));
        assertEquals(ExitCode.OK, same.exitCode(), same.out());
        assertTrue(same.out().endsWith("no differences\n"), same.out());
        CliRun sick = CliRun.of("diff", archive("msgq-deadlock"), archive("healthy"));
        assertEquals(ExitCode.YES, sick.exitCode());
        assertTrue(sick.out().contains("app / dispatcher"), sick.out());
        assertTrue(sick.out().contains("- 1 x S unix_wait_for_peer connect"), sick.out());
        assertTrue(sick.out().contains("+ 1 x S do_msgrcv msgrcv"), sick.out());
    }

    @Test
    void liveAnalysisOfThisMachine() {
        CliRun run = CliRun.of("ps", "--live", "--pid", Long.toString(ProcessHandle.current().pid()));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.trim().startsWith(ProcessHandle.current().pid() + " ")), run.out());
        CliRun missing = CliRun.of("info", "--live", "--proc-root", "/nonexistent");
        assertEquals(ExitCode.ENVIRONMENT, missing.exitCode());
    }

    /** report -o onto a device writes through it; the rename of a temporary file would replace /dev/null. */
    @Test
    void reportToDevNullLeavesTheDeviceAlone() throws Exception {
        CliRun r = CliRun.of("report", "-o", "/dev/null", Scenarios.archive("healthy").toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        int mode = (Integer) Files.getAttribute(Path.of("/dev/null"), "unix:mode");
        assertEquals(0020000, mode & 0170000, "/dev/null is still a character device");
        assertTrue(Files.notExists(Path.of("/dev/null.part")));
    }
}
