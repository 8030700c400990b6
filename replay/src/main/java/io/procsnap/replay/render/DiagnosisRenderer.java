package io.procsnap.replay.render;

import io.procsnap.replay.rules.Diagnosis;
import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.Rule;
import io.procsnap.replay.rules.RuleResult;
import io.procsnap.replay.rules.Threshold;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints findings by severity with their evidence, then every rule's outcome. */
public final class DiagnosisRenderer {
    private DiagnosisRenderer() {
    }

    public static void table(Diagnosis d, PrintWriter out) {
        if (d.trigger() != null) {
            List<String> lines = TriggerText.lines(d.trigger());
            out.println("TAKEN BY procsnap watch: " + lines.get(0));
            lines.subList(1, lines.size()).forEach(line -> out.println("  " + line));
            out.println();
        }
        if (d.findings().isEmpty()) {
            out.println("no findings");
        }
        for (Finding f : d.findings()) {
            out.println(f.severity().label().toUpperCase(Locale.ROOT) + " " + f.ruleId().label() + ": " + f.summary());
            for (String line : f.details()) {
                out.println("    " + line);
            }
            if (!f.evidence().isEmpty()) {
                out.println("    evidence: " + String.join(", ", f.evidence()));
            }
            out.println();
        }
        if (!d.findings().isEmpty()) {
            out.println();
        }
        out.println("rules:");
        Table t = new Table("RULE", "OUTCOME", ">FINDINGS", "NOTES");
        for (RuleResult r : d.results()) {
            String outcome = switch (r.outcome()) {
                case FINDINGS -> "findings";
                case OK -> "ok";
                case NOT_EVALUATED -> "not evaluated";
            };
            t.row(r.ruleId().label(), outcome, r.findings().size(), r.notes().isEmpty() ? "-" : String.join("; ", r.notes()));
        }
        t.print(out);
    }

    /** {@code diagnose --list-rules}. */
    public static void rules(List<Rule> rules, PrintWriter out) {
        for (Rule r : rules) {
            out.println(r.id().label() + ": " + r.name());
            out.println("    " + r.description());
            for (Threshold t : r.thresholds()) {
                out.println("    --threshold " + r.id().label() + "." + t.name() + "=" + trim(t.defaultValue()) + "  (" + t.description() + ")");
            }
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
