package io.procsnap.replay.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procsnap.replay.cli.Scenarios;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edge cases of the msgq chain, each on a copy of the real msgq-deadlock capture with one file changed.
 * The real lines: queue {@code 1347616772 0 600 16384 128 4 4 ...}; dispatcher tid 8 on fd 4 ->
 * socket:[16459]; snmpd pid 6 listens on /var/agentx/master, socket:[16457].
 */
class SysvMsgqFullRuleTests {
    private static final String QUEUE_HEADER = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  "
            + "cuid  cgid      stime      rtime      ctime\n";

    @TempDir
    Path dir;

    private Path copy() throws IOException {
        Path src = Scenarios.tree("msgq-deadlock");
        Path dst = dir.resolve("tree");
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

    private static RuleResult evaluate(Path tree, Map<String, Double> thresholds) throws IOException {
        try (Snapshot s = SnapshotLoader.fromTree(tree)) {
            return new SysvMsgqFullRule().evaluate(new RuleContext(s, thresholds));
        }
    }

    private static String text(RuleResult r) {
        StringBuilder b = new StringBuilder();
        for (Finding f : r.findings()) {
            b.append(f.severity()).append(' ').append(f.summary()).append('\n');
            f.details().forEach(d -> b.append("  ").append(d).append('\n'));
            b.append("  evidence ").append(f.evidence()).append('\n');
        }
        r.notes().forEach(n -> b.append("note ").append(n).append('\n'));
        return b.toString();
    }

    private static void queue(Path tree, String line) throws IOException {
        Files.writeString(tree.resolve("proc/sysvipc/msg"), QUEUE_HEADER + line + "\n");
    }

    @Test
    void realCaptureNamesTheWholeChain() throws IOException {
        RuleResult r = evaluate(copy(), Map.of());
        String t = text(r);
        assertEquals(RuleResult.Outcome.FINDINGS, r.outcome());
        assertEquals(Severity.CRITICAL, r.findings().get(0).severity());
        assertTrue(t.contains("consumer app[4]/dispatcher[8] is blocked in connect() to /var/agentx/master, listened on "
                + "by snmpd[6] which does not accept"), t);
        assertTrue(t.contains("proc/4/fd/4 -> socket:[16459]"), t);
        assertTrue(r.findings().get(0).evidence().containsAll(java.util.List.of("proc/sysvipc/msg", "proc/net/unix",
                "proc/4/fd/4", "proc/6/fd/3", "proc/4/task/8/wchan")), t);
        Finding f = r.findings().get(0);
        assertEquals(new Subject.Queue(0), f.subject(), "the queue the finding is about, for the report graph");
        assertEquals(List.of(new Related(Related.Role.SENDER, new Subject.Thread(4, 9)),
                new Related(Related.Role.SENDER, new Subject.Thread(4, 10)),
                new Related(Related.Role.SENDER, new Subject.Thread(4, 11)),
                new Related(Related.Role.SENDER, new Subject.Thread(4, 12)),
                new Related(Related.Role.CONSUMER, new Subject.Thread(4, 8)),
                new Related(Related.Role.SOCKET, new Subject.Socket(16457)),
                new Related(Related.Role.LISTENER, new Subject.Process(6))), f.related(),
                "the chain as structure: senders, consumer, the socket it connects to, the listener");
    }

    @Test
    void lrpidThatIsTheReceivingThreadId() throws IOException {
        // pipelined_send() records the waiting receiver's thread id as lrpid, not its process id
        Path tree = copy();
        queue(tree, "1347616772          0   600       16384        128     4     8     0     0     0     0 "
                + "1795310157 1795310157 1795310157");
        String t = text(evaluate(tree, Map.of()));
        assertTrue(t.contains("lrpid 8 is thread app[4]/dispatcher[8]"), t);
        assertTrue(t.contains("listened on by snmpd[6]"), t);
    }

    @Test
    void twoListenersWithFullBacklogsAreBothNamed() throws IOException {
        Path tree = copy();
        Path unix = tree.resolve("proc/net/unix");
        Files.writeString(unix, Files.readString(unix)
                + "00000000aaaaaaaa: 00000002 00000000 00010000 0001 01 17001 /run/other.sock\n"
                + "00000000bbbbbbbb: 00000003 00000000 00000000 0001 02     0 /run/other.sock\n");
        RuleResult r = evaluate(tree, Map.of());
        String t = text(r);
        assertTrue(t.contains("listeners with queued, unaccepted connections (any may be the target): "
                + "/run/other.sock (1 queued), /var/agentx/master (1 queued)"), t);
        assertTrue(t.contains("whose listener does not accept"), t);
        Finding f = r.findings().get(0);
        assertEquals(List.of(new Subject.Socket(17001), new Subject.Socket(16457)), f.related(Related.Role.SOCKET),
                "both candidates (/run/other.sock, /var/agentx/master), most queued first, then by path");
        assertEquals(List.of(), f.related(Related.Role.LISTENER), "no listener is named when the target is not known");
    }

    @Test
    void withoutNetUnixTheListenerCannotBeNamed() throws IOException {
        Path tree = copy();
        Files.delete(tree.resolve("proc/net/unix"));
        String t = text(evaluate(tree, Map.of()));
        assertTrue(t.contains("the listener cannot be named: proc/net/unix not captured"), t);
        assertTrue(t.contains("blocked connecting to a unix socket"), t);
        Finding f = evaluate(tree, Map.of()).findings().get(0);
        assertEquals(List.of(new Subject.Thread(4, 8)), f.related(Related.Role.CONSUMER));
        assertEquals(List.of(), f.related(Related.Role.SOCKET));
    }

    @Test
    void timedOutSysvipcIsNotEvaluatedNeverOk() throws IOException {
        Path tree = copy();
        Files.delete(tree.resolve("proc/sysvipc/msg"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = (ObjectNode) json.readTree(tree.resolve("procsnap-meta.json").toFile());
        ((ObjectNode) meta.get("entries")).putObject("proc/sysvipc/msg").put("status", "timeout").put("elapsedMs", 2000);
        json.writeValue(tree.resolve("procsnap-meta.json").toFile(), meta);
        RuleResult r = evaluate(tree, Map.of());
        assertEquals(RuleResult.Outcome.NOT_EVALUATED, r.outcome());
        assertEquals(java.util.List.of("proc/sysvipc/msg timed out after 2.0 s"), r.notes());
    }

    @Test
    void nearlyFullQueueWithoutSendersIsInfoAndTheThresholdMoves() throws IOException {
        Path tree = copy();
        // 15000 of 16384 bytes = 92%: above the default 90%, and nobody blocked (senders wait on another msqid)
        queue(tree, "1347616772          7   600       15000        120     4     4     0     0     0     0 "
                + "1795310157 1795310157 1795310157");
        RuleResult r = evaluate(tree, Map.of());
        assertEquals(Severity.INFO, r.findings().get(0).severity(), text(r));
        assertTrue(r.findings().get(0).summary().contains("is nearly full"), text(r));
        assertEquals(RuleResult.Outcome.OK, evaluate(tree, Map.of("sysv-msgq-full.near-full-percent", 95.0)).outcome());
    }

    @Test
    void emptyQueueIsOk() throws IOException {
        Path tree = copy();
        queue(tree, "1347616772          9   600           0          0     4     4     0     0     0     0 "
                + "1795310157 1795310157 1795310157");
        assertEquals(RuleResult.Outcome.OK, evaluate(tree, Map.of()).outcome());
    }
}
