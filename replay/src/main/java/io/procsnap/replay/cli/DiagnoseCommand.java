package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.render.DiagnosisRenderer;
import io.procsnap.replay.rules.Diagnosis;
import io.procsnap.replay.rules.Rule;
import io.procsnap.replay.rules.Rules;
import io.procsnap.replay.rules.Severity;
import io.procsnap.replay.rules.Threshold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "diagnose", aliases = "findings", mixinStandardHelpOptions = true,
        description = {"Runs every rule and prints the findings, most severe first, each with the chain of facts "
                + "and the archive paths they were read from, then which rules could not be evaluated and why.",
                "Exits 1 when a finding at or above --fail-on exists (default: critical, i.e. the capture shows a "
                        + "hang; use --fail-on warning to also fail on gaps such as a capture taken as non-root)."},
        footer = {"", ExitCode.HELP_TABLE})
final class DiagnoseCommand extends AnalysisCommand {
    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "critical",
            description = "Exit 1 when a finding at or above this severity exists: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}).")
    Severity failOn;

    @Option(names = "--threshold", paramLabel = "RULE.NAME=VALUE",
            description = "Override a rule threshold, e.g. --threshold sysv-msgq-full.near-full-percent=80 "
                    + "(see --list-rules).")
    Map<String, Double> thresholds = new LinkedHashMap<>();

    @Option(names = "--rule", split = ",", paramLabel = "ID", description = "Run only these rules.")
    List<String> only = new ArrayList<>();

    @Option(names = "--list-rules", description = "List the rules with their thresholds and defaults, and exit.")
    boolean listRules;

    @Override
    public Integer call() throws Exception {
        List<Rule> rules = selected();
        PrintWriter out = spec.commandLine().getOut();
        if (listRules) {
            DiagnosisRenderer.rules(rules, out);
            out.flush();
            return ExitCode.OK;
        }
        try (Snapshot s = source.open()) {
            Diagnosis d = Diagnosis.run(s, rules, thresholds);
            output.print(d, out, DiagnosisRenderer::table);
            return d.worst() != null && d.worst().compareTo(failOn) >= 0 ? ExitCode.YES : ExitCode.OK;
        }
    }

    private List<Rule> selected() {
        List<Rule> all = Rules.all();
        for (String key : thresholds.keySet()) {
            int dot = key.indexOf('.');
            String id = dot < 0 ? key : key.substring(0, dot);
            String name = dot < 0 ? "" : key.substring(dot + 1);
            Rule rule = all.stream().filter(r -> r.id().label().equals(id)).findFirst()
                    .orElseThrow(() -> new UserException(ExitCode.USAGE, "--threshold " + key + ": no rule " + id));
            if (rule.thresholds().stream().map(Threshold::name).noneMatch(name::equals)) {
                throw new UserException(ExitCode.USAGE, "--threshold " + key + ": rule " + id + " has no threshold '"
                        + name + "' (it has: " + String.join(", ", rule.thresholds().stream().map(Threshold::name).toList())
                        + ")");
            }
        }
        if (only.isEmpty()) {
            return all;
        }
        List<Rule> out = new ArrayList<>();
        for (String id : only) {
            out.add(all.stream().filter(r -> r.id().label().equals(id)).findFirst()
                    .orElseThrow(() -> new UserException(ExitCode.USAGE, "--rule " + id + ": no such rule (known: "
                            + String.join(", ", all.stream().map(r -> r.id().label()).toList()) + ")")));
        }
        return out;
    }
}
