package io.procsnap.replay.fleet;

import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.Related;
import io.procsnap.replay.rules.RuleId;
import io.procsnap.replay.rules.Severity;
import io.procsnap.replay.rules.Subject;

import java.time.Instant;
import java.util.List;

/**
 * What the fleet keeps of one archive: who, when, how complete, and its findings (no snapshot data).
 *
 * @param file        the archive as given (or found in a directory)
 * @param host        hostname from the manifest, {@code "?"} when absent, null when the file was skipped
 * @param state       {@code complete}, {@code cut-off}, {@code salvaged}; null when skipped
 * @param entries     entries in the archive
 * @param entriesOk   entries whose read ended ok
 * @param findings    most severe first, as {@code diagnose} orders them
 * @param notEvaluated ids of the rules that could not be evaluated
 * @param skipped     why the file was skipped, or null when it was analysed
 * @param trigger     the trigger's name when {@code procsnap watch} took the capture, else null
 * @param triggerSummary its one-line summary, or null
 */
public record ArchiveRow(String file, String host, String machineId, String kernel, Instant captureTime,
                         String state, long entries, long entriesOk, int processes, int threads,
                         List<FindingRow> findings, List<RuleId> notEvaluated, Skip skipped, String trigger,
                         String triggerSummary) {
    public ArchiveRow {
        findings = List.copyOf(findings);
        notEvaluated = List.copyOf(notEvaluated);
    }

    /**
     * One finding reduced to what a fleet view needs: no details.
     *
     * @param subject what it is about, null for no single object
     * @param related the other objects it names
     */
    public record FindingRow(RuleId ruleId, Severity severity, String summary, List<String> evidence, Subject subject,
                             List<Related> related) {
        public FindingRow {
            evidence = List.copyOf(evidence);
            related = List.copyOf(related);
        }

        public static FindingRow of(Finding f) {
            return new FindingRow(f.ruleId(), f.severity(), f.summary(), f.evidence(), f.subject(), f.related());
        }
    }

    /**
     * @param kind    {@code foreign} (not a procsnap archive), {@code unsupported} (format version),
     *                {@code corrupt}, {@code unreadable} (I/O), {@code failed} (analysis error)
     */
    public record Skip(String kind, String message) {
    }

    public static ArchiveRow skipped(String file, String kind, String message) {
        return new ArchiveRow(file, null, null, null, null, null, 0, 0, 0, 0, List.of(), List.of(),
                new Skip(kind, message), null, null);
    }

    public boolean analysed() {
        return skipped == null;
    }

    /** Percentage of entries that read ok, 100 for an empty archive. */
    public double completenessPercent() {
        return entries == 0 ? 100 : 100.0 * entriesOk / entries;
    }

    public Severity worst() {
        return findings.isEmpty() ? null : findings.get(0).severity();
    }
}
