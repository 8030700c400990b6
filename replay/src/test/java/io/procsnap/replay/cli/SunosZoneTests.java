package io.procsnap.replay.cli;

import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.Threads;
import io.procsnap.replay.analysis.WaitKind;
import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import io.procsnap.replay.parse.sunos.SunosZone;
import io.procsnap.replay.rules.Diagnosis;
import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.Related;
import io.procsnap.replay.rules.RuleId;
import io.procsnap.replay.rules.Subject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 003's SunOS capture ({@link SunosZone}, written through the format library) through the model,
 * the rules and every command: the chain hung psinfo read -> dd's LWPs in txg_wait_open (seen only by
 * mdb) -> pool tank 100% is one finding; goldens under {@code fixtures/golden/sunos-seed-003/}.
 */
class SunosZoneTests {
    static final Path ARCHIVE = Path.of("target", "sunos-zone", "seed-003.tar.zst");

    @BeforeAll
    static synchronized void write() throws IOException {
        Path partial = ARCHIVE.resolveSibling("seed-003." + ProcessHandle.current().pid() + ".part");
        SunosZone.write(partial);
        Files.move(partial, ARCHIVE, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void processesAndLwpsComeFromPsinfoLpsinfoAndMdb() throws IOException {
        try (Snapshot s = SnapshotLoader.load(ARCHIVE)) {
            assertTrue(s.sunos().isPresent());
            assertEquals("sunos-amd64", s.arch());
            assertEquals(List.of(3101, 3150, 4100, SunosZone.DD, SunosZone.PS, SunosZone.POSTGRES),
                    s.processes().stream().map(ProcessInfo::pid).toList());
            ProcessInfo pg = s.process(SunosZone.POSTGRES).orElseThrow();
            assertEquals("postgres", pg.comm());
            assertEquals(90, pg.uid());
            assertEquals(3150, pg.ppid());
            assertEquals("proc/4302/psinfo", pg.stat().path());
            assertEquals(List.of("/usr/postgres/bin/postgres", "-D", "/tank/zones/zone1/root/data/pg"), pg.cmdline().value());
            assertEquals(2, pg.threads().size());
            assertEquals("checkpointer", pg.threads().get(1).comm());
            assertEquals("zil_commit_waiter", pg.threads().get(0).wchan().value());
            assertEquals(List.of(0), pg.fds().stream().map(f -> f.fd()).toList());
            assertTrue(s.process(3101).orElseThrow().kernelThread(), "zsched has SSYS");

            ProcessInfo dd = s.process(SunosZone.DD).orElseThrow();
            assertEquals("dd", dd.comm(), "from mdb ::ps -t: the psinfo read hung");
            assertEquals("cmd/mdb-ps/stdout", dd.stat().path());
            assertEquals(List.of(1, 2, 3), dd.threads().stream().map(t -> t.tid()).toList());
            assertEquals("txg_wait_open", dd.threads().get(0).wchan().value());
            assertEquals("txg_wait_open", dd.threads().get(1).wchan().value());
            assertEquals('R', dd.threads().get(2).state());

            List<ThreadView> views = Threads.of(s);
            ThreadView ps = views.stream().filter(t -> t.pid() == SunosZone.PS).findFirst().orElseThrow();
            assertEquals("pr_p_lock", ps.wchan());
            assertEquals("read", ps.syscall());
            assertEquals(WaitKind.ZFS_TXG, views.stream().filter(t -> t.pid() == SunosZone.DD).findFirst()
                    .orElseThrow().waitClass().kind());
            ThreadView init = views.stream().filter(t -> t.pid() == 3150).findFirst().orElseThrow();
            assertEquals("pollsys", init.syscall());

            assertEquals(4, s.ipc().msgQueues().value().get(0).qnum());
            assertEquals(0666, s.ipc().msgQueues().value().get(0).perms());
            assertEquals(16384L, s.ipc().limits().msgmnb().value());
            assertEquals(100, s.zfs().pools().stream().filter(p -> p.name().equals(SunosZone.POOL)).findFirst()
                    .orElseThrow().list().value().capacityPercent());
        }
    }

    @Test
    void diagnoseNamesTheChainEndToEnd() throws IOException {
        try (Snapshot s = SnapshotLoader.load(ARCHIVE)) {
            Diagnosis d = Diagnosis.run(s, io.procsnap.replay.rules.Rules.all(), Map.of());
            List<Finding> chain = d.findings().stream().filter(f -> f.ruleId() == RuleId.HUNG_READS_ZFS_FULL).toList();
            assertEquals(1, chain.size(), d.findings().toString());
            Finding f = chain.get(0);
            assertEquals(new Subject.Pool(SunosZone.POOL), f.subject());
            assertEquals(List.of(new Subject.Read("proc/4211/psinfo")), f.related(Related.Role.HUNG_READ));
            assertEquals(List.of(new Subject.Process(SunosZone.DD)), f.related(Related.Role.HOLDER));
            assertEquals(List.of(new Subject.Thread(SunosZone.DD, 1), new Subject.Thread(SunosZone.DD, 2)),
                    f.related(Related.Role.BLOCKED));
            assertTrue(f.summary().contains("/proc/4211 (dd)") && f.summary().contains("txg_wait_open")
                    && f.summary().contains("tank is 100% full"), f.summary());
            assertTrue(f.evidence().containsAll(List.of("proc/4211/psinfo", "cmd/mdb-findstack/stdout",
                    "cmd/zpool-list-H/stdout")), f.evidence().toString());
        }
    }

    /**
     * The capture side's own fake zone ({@code fixtures/sunos-zone/sunos-zone.tar.gz}, written by the SunOS
     * collectors over a tree whose dd psinfo is a FIFO that never answers): the same chain, from a real
     * capture (checked in; capture's SunosZoneIT captures the same tree with the same stub commands).
     */
    @Test
    void theCaptureSidesFakeZoneGivesTheSameChain() throws IOException {
        Path capture = Scenarios.fixtures().resolve("sunos-zone").resolve("sunos-zone.tar.gz");
        try (Snapshot s = SnapshotLoader.load(capture)) {
            assertTrue(s.sunos().isPresent());
            Diagnosis d = Diagnosis.run(s, io.procsnap.replay.rules.Rules.all(), Map.of());
            Finding f = d.findings().stream().filter(x -> x.ruleId() == RuleId.HUNG_READS_ZFS_FULL).findFirst()
                    .orElseThrow(() -> new AssertionError(d.findings().toString()));
            assertEquals(new Subject.Pool(SunosZone.POOL), f.subject());
            assertEquals(List.of(new Subject.Read("proc/4211/psinfo")), f.related(Related.Role.HUNG_READ));
            assertEquals(List.of(new Subject.Process(SunosZone.DD)), f.related(Related.Role.HOLDER));
            assertTrue(f.related(Related.Role.BLOCKED).contains(new Subject.Thread(SunosZone.DD, 1)), f.toString());
        }
    }

    /** The commands of issue 15 on the SunOS capture, each with its golden file. */
    static final List<List<String>> COMMANDS = List.of(List.of("info"), List.of("ps"), List.of("ps", "-L"),
            List.of("threads", "--by", "state,wchan"), List.of("ipc"), List.of("fs"), List.of("diagnose"),
            List.of("diagnose", "--json"));

    @TestFactory
    List<DynamicTest> everyCommandHasItsGolden() {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<String> command : COMMANDS) {
            String file = String.join("-", command).replace("--", "");
            tests.add(DynamicTest.dynamicTest(String.join(" ", command), () -> {
                List<String> args = new ArrayList<>(command);
                args.add(ARCHIVE.toString());
                GoldenOutputTests.check(golden(file), args);
            }));
        }
        return tests;
    }

    static Path golden(String file) {
        return Scenarios.fixtures().resolve("golden").resolve("sunos-seed-003").resolve(file + ".txt");
    }

    @Test
    void diffAgainstItselfFindsNothing() {
        CliRun run = CliRun.of("diff", ARCHIVE.toString(), ARCHIVE.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    @Test
    void diffAgainstALinuxCaptureSaysWhatDiffers() {
        CliRun run = CliRun.of("diff", Scenarios.archive("zfs-full").toString(), ARCHIVE.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("dd"), run.out());
    }

    @Test
    void reportWritesHtmlNamingTheChain() throws IOException {
        Path html = ARCHIVE.resolveSibling("report.html");
        CliRun run = CliRun.of("report", "-o", html.toString(), ARCHIVE.toString());
        assertEquals(0, run.exitCode(), run.err());
        String text = Files.readString(html);
        assertTrue(text.contains("hung-reads-zfs-full") && text.contains("txg_wait_open"), "report lacks the chain");
    }

    @Test
    void extractServesTheRawTree() throws IOException {
        Path dir = ARCHIVE.resolveSibling("extracted-" + ProcessHandle.current().pid());
        try {
            CliRun run = CliRun.of("extract", "--no-same-owner", ARCHIVE.toString(), dir.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(440, Files.size(dir.resolve("proc/4302/psinfo")), "Oracle LP64 psinfo_t, as read");
            assertEquals(152, Files.size(dir.resolve("proc/4302/lwp/2/lwpsinfo")));
            assertEquals("/usr/bin/postgres", Files.readSymbolicLink(dir.resolve("proc/4302/path/a.out")).toString());
            assertTrue(Files.readString(dir.resolve(".procsnap-not-captured.tsv")).contains("proc/4211/psinfo\ttimeout\t"));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void fleetCountsTheSunosCaptureWithItsFinding() {
        CliRun run = CliRun.of("fleet", ARCHIVE.toString(), Scenarios.archive("healthy").toString());
        assertFalse(run.out().isEmpty(), run.err());
        assertTrue(run.out().contains("hung-reads-zfs-full"), run.out());
    }
}
