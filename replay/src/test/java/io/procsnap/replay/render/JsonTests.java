package io.procsnap.replay.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procsnap.replay.analysis.WaitClass;
import io.procsnap.replay.analysis.WaitKind;
import io.procsnap.replay.cli.CliRun;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code --json} of findings: the field names kept since the first release, subject and related as ids. */
class JsonTests {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(Object value) throws IOException {
        StringWriter w = new StringWriter();
        Json.write(value, new PrintWriter(w));
        return MAPPER.readTree(w.toString());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aFindingKeepsItsFieldNamesAndAddsSubjectAndRelatedByRole() throws IOException {
        Finding f = new Finding(RuleId.SYSV_MSGQ_FULL, Severity.CRITICAL, "queue full", List.of("a", "b"),
                List.of("proc/sysvipc/msg"), new Subject.Queue(3), List.of(
                new Related(Related.Role.CONSUMER, new Subject.Thread(4, 8)),
                new Related(Related.Role.SENDER, new Subject.Thread(4, 9)),
                new Related(Related.Role.SENDER, new Subject.Thread(4, 10)),
                new Related(Related.Role.LISTENER, new Subject.Process(6))));
        JsonNode n = json(f);
        assertEquals(List.of("ruleId", "severity", "summary", "details", "evidence", "subject", "related"), fieldNames(n));
        assertEquals("sysv-msgq-full", n.get("ruleId").asText());
        assertEquals("CRITICAL", n.get("severity").asText());
        assertEquals("msgq:3", n.get("subject").asText());
        assertEquals(List.of("sender", "consumer", "listener"), fieldNames(n.get("related")), "roles in a fixed order");
        assertEquals("[\"thread:4/9\",\"thread:4/10\"]", n.get("related").get("sender").toString());
        assertEquals("[\"process:6\"]", n.get("related").get("listener").toString());
    }

    @Test
    void aFindingAboutNoObjectHasNeitherSubjectNorRelated() throws IOException {
        JsonNode n = json(new Finding(RuleId.MEMORY_PRESSURE, Severity.WARNING, "low", List.of(), List.of()));
        assertEquals(List.of("ruleId", "severity", "summary", "details", "evidence"), fieldNames(n));
    }

    @Test
    void aThreadsWaitKeepsItsFields() throws IOException {
        // ipc --json lists the threads blocked on a queue with their classified wait
        CliRun run = CliRun.of("ipc", "--json", Scenarios.archive("msgq-deadlock").toString());
        JsonNode wait = MAPPER.readTree(run.out()).get("queues").get(0).get("senders").get(0).get("waitClass");
        assertEquals("{\"kind\":\"msgq-send\",\"site\":\"do_msgsnd\",\"idle\":false}", wait.toString());
        assertEquals("{\"kind\":\"poll\",\"site\":\"epoll_wait\",\"idle\":true}",
                json(new WaitClass(WaitKind.POLL, "epoll_wait")).toString());
    }

    @Test
    void subjectIdsAreStable() {
        assertEquals(List.of("msgq:0", "zpool:tank", "mount:7", "process:6", "thread:4/8", "socket:16457",
                "futex:3100/0x55d0c9a3e0c0"), List.of(new Subject.Queue(0), new Subject.Pool("tank"), new Subject.Mount(7),
                new Subject.Process(6), new Subject.Thread(4, 8), new Subject.Socket(16457),
                new Subject.Futex(3100, 0x55d0c9a3e0c0L)).stream().map(Subject::id).toList());
    }

    static List<String> scenarios() {
        return Scenarios.names();
    }

    /** What {@code diagnose --json} prints of each finding's structure is what the rules concluded. */
    @ParameterizedTest
    @MethodSource("scenarios")
    void diagnosePrintsEachFindingsStructure(String scenario) throws IOException {
        List<Map<String, Object>> expected = new ArrayList<>();
        try (Snapshot s = SnapshotLoader.load(Scenarios.archive(scenario))) {
            for (Finding f : Diagnosis.run(s, Rules.all(), Map.of()).findings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("subject", f.subject() == null ? null : f.subject().id());
                Related.byRole(f.related()).forEach((role, objects) -> m.put(role.label(),
                        objects.stream().map(Subject::id).toList()));
                expected.add(m);
            }
        }
        CliRun run = CliRun.of("diagnose", "--json", Scenarios.archive(scenario).toString());
        List<Map<String, Object>> printed = new ArrayList<>();
        for (JsonNode f : MAPPER.readTree(run.out()).get("findings")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", f.has("subject") ? f.get("subject").asText() : null);
            if (f.has("related")) {
                f.get("related").fields().forEachRemaining(e -> {
                    List<String> ids = new ArrayList<>();
                    e.getValue().forEach(x -> ids.add(x.asText()));
                    m.put(e.getKey(), ids);
                });
            }
            printed.add(m);
        }
        assertEquals(expected, printed);
    }
}
