package io.procsnap.replay.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.procsnap.replay.rules.Related;
import io.procsnap.replay.rules.RuleId;
import io.procsnap.replay.rules.Subject;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints fleet rows and the summary as text tables, or the rows as JSON Lines. */
public final class FleetRenderer {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();

    private FleetRenderer() {
    }

    /**
     * The per-archive table (with a TRIGGER column when {@code procsnap watch} took any of them), the rule
     * counts, the outliers, the watch archives by trigger and host, and the skipped files.
     */
    public static void table(List<ArchiveRow> rows, FleetSummary summary, int top, PrintWriter out) {
        boolean watched = !summary.triggers().isEmpty();
        out.printf(Locale.ROOT, "%-24s %-28s %-20s %-9s %6s  %-8s " + (watched ? "%-14s " : "%s") + "%s%n", "HOST",
                "FILE", "CAPTURED", "STATE", "OK%", "WORST", watched ? "TRIGGER" : "", "TOP FINDINGS");
        for (ArchiveRow r : rows) {
            if (!r.analysed()) {
                continue;
            }
            String findings = String.join(", ", r.findings().stream().limit(top)
                    .map(f -> f.ruleId().label() + "(" + f.severity().label() + ")").toList())
                    + (r.findings().size() > top ? ", +" + (r.findings().size() - top) : "");
            out.printf(Locale.ROOT, "%-24s %-28s %-20s %-9s %6.1f  %-8s " + (watched ? "%-14s " : "%s") + "%s%n",
                    clip(r.host(), 24), clip(Path.of(r.file()).getFileName().toString(), 28), time(r.captureTime()),
                    r.state(), r.completenessPercent(), r.worst() == null ? "-" : r.worst().label(),
                    watched ? clip(r.trigger() == null ? "-" : r.trigger(), 14) : "", findings.isEmpty() ? "-" : findings);
        }
        out.println();
        out.printf(Locale.ROOT, "%d archives from %d hosts analysed, %d skipped%n", summary.archives(), summary.hosts(),
                summary.skipped());
        if (!summary.rules().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-22s %-8s %6s %6s  %s%n", "RULE", "WORST", "HOSTS", "%", "EXAMPLES");
            for (FleetSummary.RuleCount c : summary.rules()) {
                out.printf(Locale.ROOT, "%-22s %-8s %6d %5.0f%%  %s%n", c.ruleId().label(), c.worst().label(), c.hosts(),
                        summary.hosts() == 0 ? 0.0 : 100.0 * c.hosts() / summary.hosts(), String.join(" ", c.examples()));
            }
        }
        if (summary.archives() > 0) {
            out.println();
            out.printf(Locale.ROOT, "majority (%d of %d archives): %s%n", summary.majorityCount(), summary.archives(),
                    summary.majority().isEmpty() ? "no warning or critical finding" : labels(summary.majority(), ", "));
            if (summary.outliers().isEmpty()) {
                out.println("no outliers: every archive has the majority's findings");
            } else {
                out.printf(Locale.ROOT, "outliers (%d):%n", summary.outliers().size());
                for (FleetSummary.Outlier o : summary.outliers()) {
                    out.printf(Locale.ROOT, "  %-24s %-8s %s%s  %s%n", clip(o.host(), 24),
                            o.worst() == null ? "-" : o.worst().label(),
                            o.extra().isEmpty() ? "" : "+" + labels(o.extra(), " +"),
                            o.missing().isEmpty() ? "" : (o.extra().isEmpty() ? "" : " ") + "-" + labels(o.missing(), " -"),
                            o.file());
                    if (o.summary() != null) {
                        out.printf(Locale.ROOT, "    %s%n", o.summary());
                    }
                }
            }
        }
        if (watched) {
            out.println();
            long byHand = rows.stream().filter(r -> r.analysed() && r.trigger() == null).count();
            out.printf(Locale.ROOT, "taken by procsnap watch, by trigger and host%s:%n", byHand == 0 ? ""
                    : " (" + byHand + " other archives taken by hand)");
            out.printf(Locale.ROOT, "%-14s %-24s %8s  %-20s %-20s %s%n", "TRIGGER", "HOST", "ARCHIVES", "FIRST", "LAST",
                    "LATEST");
            for (FleetSummary.TriggerCount t : summary.triggers()) {
                out.printf(Locale.ROOT, "%-14s %-24s %8d  %-20s %-20s %s%n", clip(t.trigger(), 14), clip(t.host(), 24),
                        t.archives(), time(t.first()), time(t.last()), t.summary() == null ? "-" : t.summary());
            }
        }
        List<ArchiveRow> skipped = rows.stream().filter(r -> !r.analysed()).toList();
        if (!skipped.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "skipped (%d):%n", skipped.size());
            skipped.forEach(r -> out.printf(Locale.ROOT, "  %s: %s: %s%n", r.file(), r.skipped().kind(),
                    r.skipped().message()));
        }
        out.flush();
    }

    /**
     * One JSON object per archive per finding (an archive without findings, or skipped, is one object
     * with {@code rule_id} null), keys in snake_case for SQL engines. {@code subject} is the id of what the
     * finding is about ({@code msgq:0}, null for none), {@code related} the other objects it names by role
     * ({@code {"consumer": ["thread:4/8"], ...}}), as {@code diagnose --json} prints them.
     */
    public static void jsonl(List<ArchiveRow> rows, PrintWriter out) {
        for (ArchiveRow r : rows) {
            if (r.findings().isEmpty()) {
                out.println(line(r, null));
            } else {
                r.findings().forEach(f -> out.println(line(r, f)));
            }
        }
        out.flush();
    }

    static String line(ArchiveRow r, ArchiveRow.FindingRow f) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("file", r.file());
            g.writeStringField("host", r.host());
            g.writeStringField("machine_id", r.machineId());
            g.writeStringField("kernel", r.kernel());
            g.writeStringField("capture_time", r.captureTime() == null ? null : r.captureTime().toString());
            g.writeStringField("state", r.state());
            g.writeNumberField("entries", r.entries());
            g.writeNumberField("entries_ok", r.entriesOk());
            g.writeNumberField("processes", r.processes());
            g.writeNumberField("threads", r.threads());
            g.writeStringField("worst", r.worst() == null ? null : r.worst().label());
            g.writeStringField("rule_id", f == null ? null : f.ruleId().label());
            g.writeStringField("severity", f == null ? null : f.severity().label());
            g.writeStringField("summary", f == null ? null : f.summary());
            g.writeArrayFieldStart("evidence");
            if (f != null) {
                for (String e : f.evidence()) {
                    g.writeString(e);
                }
            }
            g.writeEndArray();
            g.writeStringField("subject", f == null || f.subject() == null ? null : f.subject().id());
            g.writeObjectFieldStart("related");
            List<Related> related = f == null ? List.of() : f.related();
            for (Map.Entry<Related.Role, List<Subject>> e : Related.byRole(related).entrySet()) {
                g.writeArrayFieldStart(e.getKey().label());
                for (Subject x : e.getValue()) {
                    g.writeString(x.id());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("not_evaluated");
            for (RuleId id : r.notEvaluated()) {
                g.writeString(id.label());
            }
            g.writeEndArray();
            g.writeStringField("trigger", r.trigger());
            g.writeStringField("trigger_summary", r.triggerSummary());
            g.writeStringField("skipped", r.skipped() == null ? null : r.skipped().kind());
            g.writeStringField("skip_reason", r.skipped() == null ? null : r.skipped().message());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** {@code \r37/200 archives (2 skipped)}, for a terminal. */
    public static String progress(int done, int total, int skipped) {
        return "\rprocsnap-replay fleet: " + done + "/" + total + " archives" + (skipped > 0 ? " (" + skipped
                + " skipped)" : "");
    }

    private static String labels(List<RuleId> ids, String separator) {
        return String.join(separator, ids.stream().map(RuleId::label).toList());
    }

    private static String time(Instant t) {
        return t == null ? "?" : UTC.format(t);
    }

    private static String clip(String s, int max) {
        return s == null ? "?" : s.length() <= max ? s : s.substring(0, max - 1) + "~";
    }
}
