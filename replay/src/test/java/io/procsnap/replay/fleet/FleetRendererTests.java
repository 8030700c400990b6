package io.procsnap.replay.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.Related;
import io.procsnap.replay.rules.RuleId;
import io.procsnap.replay.rules.Severity;
import io.procsnap.replay.rules.Subject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A fleet row keeps the finding's structure and the JSON line prints it; the text is carried, never read. */
class FleetRendererTests {

    @Test
    void theJsonLineCarriesTheSubjectAndRelatedObjectsOfTheFinding() throws IOException {
        Finding f = new Finding(RuleId.FS_FULL, Severity.CRITICAL, "text that names nothing", List.of("detail"),
                List.of("statfs/3"), new Subject.Mount(3), List.of(
                new Related(Related.Role.BLOCKED, new Subject.Thread(10, 11)),
                new Related(Related.Role.BLOCKED, new Subject.Thread(10, 12))));
        ArchiveRow.FindingRow row = ArchiveRow.FindingRow.of(f);
        assertEquals(new Subject.Mount(3), row.subject());
        assertEquals(f.related(), row.related());
        ArchiveRow archive = new ArchiveRow("a.tar.zst", "a", null, "6.8", Instant.EPOCH, "complete", 10, 10, 1, 2,
                List.of(row), List.of(RuleId.STUCK_THREADS), null, null, null);
        JsonNode n = new ObjectMapper().readTree(FleetRenderer.line(archive, row));
        assertEquals("fs-full", n.get("rule_id").asText());
        assertEquals("mount:3", n.get("subject").asText());
        assertEquals("{\"blocked\":[\"thread:10/11\",\"thread:10/12\"]}", n.get("related").toString());
        assertEquals("[\"stuck-threads\"]", n.get("not_evaluated").toString());
    }
}
