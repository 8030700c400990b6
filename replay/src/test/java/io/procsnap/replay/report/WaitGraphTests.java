package io.procsnap.replay.report;

import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.Threads;
import io.procsnap.replay.cli.Scenarios;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import io.procsnap.replay.rules.Diagnosis;
import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.Related;
import io.procsnap.replay.rules.RuleId;
import io.procsnap.replay.rules.Rules;
import io.procsnap.replay.rules.Severity;
import io.procsnap.replay.rules.Subject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The wait-for graph follows the findings' structure (subject and related objects), never their text:
 * findings made by hand on the real msgq-deadlock and zfs-full captures, with text that says nothing.
 */
class WaitGraphTests {

    private static WaitGraph graph(String scenario, Finding f) throws IOException {
        try (Snapshot s = SnapshotLoader.load(Scenarios.archive(scenario))) {
            List<ThreadView> threads = Threads.of(s);
            return WaitGraph.of(s, threads, new Diagnosis(List.of(f), List.of()), IpcReport.of(s, threads),
                    FsReport.of(s));
        }
    }

    private static Finding finding(RuleId rule, Subject subject, List<Related> related) {
        return new Finding(rule, Severity.CRITICAL, "-", List.of(), List.of(), subject, related);
    }

    private static Related thread(Related.Role role, int pid, int tid) {
        return new Related(role, new Subject.Thread(pid, tid));
    }

    /** holder-exec: a real capture of holders/ (fixtures/tools/make_holder.sh exec). */
    @Test
    void aHungReadsChainIsDrawnFromItsHoldersMountAndDaemon() throws IOException {
        WaitGraph g = graph("holder-exec", finding(RuleId.CAPTURE_HUNG_READS, new Subject.Process(26), List.of(
                thread(Related.Role.LOCK_HOLDER, 26, 26), thread(Related.Role.LOCK_HOLDER, 31, 31),
                thread(Related.Role.BLOCKED, 35, 35), new Related(Related.Role.MOUNT, new Subject.Mount(22)),
                new Related(Related.Role.DAEMON, new Subject.Process(4)))));
        assertEquals(List.of(new WaitGraph.Edge("hung-26", "holder-26-26", "lock held by"),
                new WaitGraph.Edge("holder-26-26", "holder-31-31", "waits for"),
                new WaitGraph.Edge("holder-31-31", "fs-22", "waits for I/O of"),
                new WaitGraph.Edge("fs-22", "daemon-4", "served by")), g.edges());
        assertEquals("lockholder[26]", g.nodes().get(0).label(), "named from its status although its stat hung");
        assertEquals(List.of(0, 1, 2, 3, 4), g.nodes().stream().map(WaitGraph.Node::column).toList());
        assertEquals("python3[4]", g.nodes().get(4).label());
    }

    @Test
    void theQueueChainIsDrawnFromTheRelatedObjectsAlone() throws IOException {
        WaitGraph g = graph("msgq-deadlock", finding(RuleId.SYSV_MSGQ_FULL, new Subject.Queue(0), List.of(
                thread(Related.Role.SENDER, 4, 9), thread(Related.Role.SENDER, 4, 10),
                thread(Related.Role.CONSUMER, 4, 8), new Related(Related.Role.SOCKET, new Subject.Socket(16457)),
                new Related(Related.Role.LISTENER, new Subject.Process(6)))));
        assertEquals(List.of(new WaitGraph.Edge("send-0-0", "q-0", "msgsnd"),
                new WaitGraph.Edge("q-0", "consumer-8", "drained by"),
                new WaitGraph.Edge("consumer-8", "socket-16457", "connect fd 4"),
                new WaitGraph.Edge("socket-16457", "listener-6", "accepted by")), g.edges());
        assertEquals("2 threads app[4] in msgsnd", g.nodes().get(1).label(), "only the senders the finding names");
    }

    @Test
    void aConsumerTheFindingDoesNotNameIsNotGuessed() throws IOException {
        // the evidence a rule lists for a consumer, but no related object: the graph stops at the queue
        Finding f = new Finding(RuleId.SYSV_MSGQ_FULL, Severity.CRITICAL, "consumer app[4]/dispatcher[8] is blocked",
                List.of(), List.of("proc/4/task/8/stack", "proc/6/fd/3"), new Subject.Queue(0), List.of());
        WaitGraph g = graph("msgq-deadlock", f);
        assertEquals(List.of(WaitGraph.Kind.QUEUE, WaitGraph.Kind.CONSUMER),
                g.nodes().stream().map(WaitGraph.Node::kind).toList());
        assertEquals("consumer not resolved", g.nodes().get(1).detail());
    }

    @Test
    void aListenerIsDrawnOnlyWhenTheFindingNamesIt() throws IOException {
        WaitGraph g = graph("msgq-deadlock", finding(RuleId.SYSV_MSGQ_FULL, new Subject.Queue(0), List.of(
                thread(Related.Role.CONSUMER, 4, 8), new Related(Related.Role.SOCKET, new Subject.Socket(16457)))));
        assertEquals(List.of(WaitGraph.Kind.QUEUE, WaitGraph.Kind.CONSUMER, WaitGraph.Kind.SOCKET),
                g.nodes().stream().map(WaitGraph.Node::kind).toList());
    }

    @Test
    void thePoolsWaitersAreTheBlockedThreadsOfTheFinding() throws IOException {
        WaitGraph g = graph("zfs-full", finding(RuleId.FS_FULL, new Subject.Pool("tank"),
                List.of(thread(Related.Role.BLOCKED, 2215, 2215), thread(Related.Role.BLOCKED, 2217, 2217))));
        assertEquals(WaitGraph.Kind.POOL, g.nodes().get(0).kind());
        assertEquals(1, g.edges().size(), g.nodes().toString());
        assertEquals("2 threads txg_wait_open", g.nodes().get(1).label());
    }

    @Test
    void everyThreadTheRuleFoundBlockedBehindThePoolIsDrawn() throws IOException {
        try (Snapshot s = SnapshotLoader.load(Scenarios.archive("zfs-full"))) {
            List<ThreadView> threads = Threads.of(s);
            Diagnosis d = Diagnosis.run(s, Rules.all(), Map.of());
            WaitGraph g = WaitGraph.of(s, threads, d, IpcReport.of(s, threads), FsReport.of(s));
            Finding pool = d.findings().stream().filter(f -> f.ruleId() == RuleId.FS_FULL).findFirst().orElseThrow();
            int drawn = g.nodes().stream().filter(n -> n.kind() == WaitGraph.Kind.THREADS)
                    .mapToInt(n -> Integer.parseInt(n.label().split(" ")[0])).sum();
            assertEquals(pool.related(Related.Role.BLOCKED).size(), drawn, g.nodes().toString());
        }
    }
}
