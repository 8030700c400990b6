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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * fleet/fleet.sql types every column for DuckDB (read_json_auto guesses from the first rows and reads a
     * column null there as NULL everywhere): its list must be the keys a line has, in order.
     */
    @Test
    void theDuckDbMacroTypesEveryKeyOfTheJsonLineInOrder() throws IOException {
        ArchiveRow archive = new ArchiveRow("a.tar.zst", "a", null, "6.8", Instant.EPOCH, "complete", 10, 10, 1, 2,
                List.of(), List.of(), null, null, null);
        List<String> keys = new ArrayList<>();
        new ObjectMapper().readTree(FleetRenderer.line(archive, null)).fieldNames().forEachRemaining(keys::add);
        String sql = Files.readString(Path.of("../fleet/fleet.sql"));
        Matcher m = Pattern.compile("^\\s+(\\w+): '[^']+',?$", Pattern.MULTILINE).matcher(sql);
        List<String> columns = new ArrayList<>();
        while (m.find()) {
            columns.add(m.group(1));
        }
        assertEquals(keys, columns);
    }
}
