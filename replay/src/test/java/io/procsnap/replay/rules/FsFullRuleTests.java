package io.procsnap.replay.rules;

import io.procsnap.replay.cli.Scenarios;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fs-full on copies of the zfs scenarios with one file changed. */
class FsFullRuleTests {
    @TempDir
    Path dir;

    private Path copy(String scenario) throws IOException {
        Path src = Scenarios.tree(scenario);
        Path dst = dir.resolve(scenario);
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    private static RuleResult evaluate(Path tree) throws IOException {
        try (Snapshot s = SnapshotLoader.fromTree(tree)) {
            return new FsFullRule().evaluate(new RuleContext(s, Map.of()));
        }
    }

    @Test
    void fullPoolWithTxgWaitersIsCritical() throws IOException {
        RuleResult r = evaluate(copy("zfs-full"));
        Finding f = r.findings().get(0);
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.summary().startsWith("ZFS pool tank is full (100% used, health ONLINE)"), f.summary());
        assertTrue(f.details().contains("newest open txg 4461812, open for 10 min; txg 4461811 still quiescing/syncing"),
                f.details().toString());
        assertTrue(f.details().stream().anyMatch(d -> d.startsWith("8 threads waiting in txg_wait_open (8 in D state)")),
                f.details().toString());
    }

    @Test
    void findingsNameTheirSubjectForTheReportGraph() throws IOException {
        Finding pool = evaluate(copy("zfs-full")).findings().get(0);
        assertEquals(new Subject.Pool("tank"), pool.subject());
        assertTrue(pool.summary().endsWith(", 12 threads blocked in ZFS transaction waits"), pool.summary());
        assertEquals(12, pool.related(Related.Role.BLOCKED, Subject.Thread.class).size(), pool.related().toString());
        assertEquals(new Subject.Thread(813, 813), pool.related(Related.Role.BLOCKED).get(0));
        // the root filesystem of the healthy scenario (mountinfo line 0, statfs/0) made full
        Path tree = copy("healthy");
        Path statfs = tree.resolve("statfs/0");
        Files.writeString(statfs, Files.readString(statfs).replaceAll("(?m)^bfree: .*$", "bfree: 0")
                .replaceAll("(?m)^bavail: .*$", "bavail: 0"));
        RuleResult r = evaluate(tree);
        Finding f = r.findings().stream().filter(x -> x.summary().startsWith("filesystem / ")).findFirst().orElseThrow();
        assertEquals(new Subject.Mount(0), f.subject(), r.toString());
    }

    @Test
    void suspendedPoolIsCriticalEvenWhenNotFull() throws IOException {
        // the kstat says what zpool status would say if it did not hang on a suspended pool
        Path tree = copy("zfs-healthy");
        Files.writeString(tree.resolve("proc/spl/kstat/zfs/tank/state"), "SUSPENDED\n");
        RuleResult r = evaluate(tree);
        assertEquals(Severity.CRITICAL, r.findings().get(0).severity(), r.toString());
        assertTrue(r.findings().get(0).summary().startsWith("ZFS pool tank is suspended (71% used"), r.toString());
    }

    @Test
    void healthyPoolIsOk() throws IOException {
        assertEquals(RuleResult.Outcome.OK, evaluate(copy("zfs-healthy")).outcome());
    }

    @Test
    void noStatfsAndNoZpoolIsNotEvaluated() throws IOException {
        Path tree = copy("zfs-healthy");
        try (Stream<Path> s = Files.list(tree.resolve("statfs"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.delete(p);
            }
        }
        for (String f : new String[] {"stdout", "stderr", "status"}) {
            Files.delete(tree.resolve("cmd/zpool-list/" + f));
            Files.delete(tree.resolve("cmd/zpool-status/" + f));
        }
        Files.delete(tree.resolve("proc/spl/kstat/zfs/tank/state"));
        Files.delete(tree.resolve("proc/spl/kstat/zfs/tank/txgs"));
        RuleResult r = evaluate(tree);
        assertEquals(RuleResult.Outcome.NOT_EVALUATED, r.outcome(), r.toString());
        assertEquals(java.util.List.of("no statfs/* entries captured", "cmd/zpool-list not captured"), r.notes());
    }
}
