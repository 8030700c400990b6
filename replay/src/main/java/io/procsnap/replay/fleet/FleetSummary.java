package io.procsnap.replay.fleet;

import io.procsnap.replay.rules.RuleId;
import io.procsnap.replay.rules.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the fleet has in common and who differs: for each rule, on how many hosts it found something;
 * the majority's set of rules (at {@link #OUTLIER_SEVERITY} and above) and the archives whose set differs
 * from it, which is how "a few devices out of a hundred" stand out.
 *
 * @param archives  rows analysed (skipped files not counted)
 * @param hosts     distinct hostnames among them
 * @param skipped   files skipped
 * @param rules     per rule id, most hosts first
 * @param majority  the most common set of rule ids (ties: the smaller set, then by name); empty for a
 *                  fleet where most archives have no such finding
 * @param majorityCount archives with exactly that set
 * @param outliers  archives whose set differs, most new critical rules first
 * @param triggers  archives taken by {@code procsnap watch}, per trigger and host (most archives first);
 *                  empty when none was
 */
public record FleetSummary(int archives, int hosts, int skipped, List<RuleCount> rules, List<RuleId> majority,
                           int majorityCount, List<Outlier> outliers, List<TriggerCount> triggers) {
    /** Findings below this severity do not make an archive an outlier (a capture note is not a difference). */
    public static final Severity OUTLIER_SEVERITY = Severity.WARNING;
    private static final int EXAMPLES = 5;

    public FleetSummary {
        rules = List.copyOf(rules);
        majority = List.copyOf(majority);
        outliers = List.copyOf(outliers);
        triggers = List.copyOf(triggers);
    }

    /**
     * Archives one host's watcher took for one trigger.
     *
     * @param first   the earliest capture time among them (null when unknown)
     * @param last    the latest
     * @param summary the latest one's trigger summary
     */
    public record TriggerCount(String trigger, String host, int archives, java.time.Instant first,
                               java.time.Instant last, String summary) { }

    /**
     * @param worst    most severe finding of this rule on any host
     * @param hosts    distinct hosts with a finding of this rule
     * @param examples up to five of those hosts, sorted
     */
    public record RuleCount(RuleId ruleId, Severity worst, int hosts, List<String> examples) {
        public RuleCount {
            examples = List.copyOf(examples);
        }
    }

    /**
     * @param extra   rules found here and not on the majority
     * @param missing rules found on the majority and not here
     * @param summary the summary of the most severe extra finding, or null
     */
    public record Outlier(String host, String file, Severity worst, List<RuleId> extra, List<RuleId> missing,
                          String summary) {
        public Outlier {
            extra = List.copyOf(extra);
            missing = List.copyOf(missing);
        }
    }

    public static FleetSummary of(List<ArchiveRow> rows) {
        List<ArchiveRow> analysed = rows.stream().filter(ArchiveRow::analysed).toList();
        Map<RuleId, Set<String>> hostsByRule = new TreeMap<>(RuleId.BY_LABEL);
        Map<RuleId, Severity> worstByRule = new TreeMap<>(RuleId.BY_LABEL);
        Map<Set<RuleId>, Integer> signatures = new LinkedHashMap<>();
        for (ArchiveRow r : analysed) {
            for (ArchiveRow.FindingRow f : r.findings()) {
                hostsByRule.computeIfAbsent(f.ruleId(), k -> new TreeSet<>()).add(r.host());
                worstByRule.merge(f.ruleId(), f.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
            signatures.merge(signature(r), 1, Integer::sum);
        }
        List<RuleCount> rules = new ArrayList<>();
        hostsByRule.forEach((id, hosts) -> rules.add(new RuleCount(id, worstByRule.get(id), hosts.size(),
                hosts.stream().limit(EXAMPLES).toList())));
        rules.sort(Comparator.comparingInt(RuleCount::hosts).reversed()
                .thenComparing(RuleCount::ruleId, RuleId.BY_LABEL));
        Set<RuleId> majority = signatures.entrySet().stream()
                .min(Comparator.comparing((Map.Entry<Set<RuleId>, Integer> e) -> -e.getValue())
                        .thenComparingInt(e -> e.getKey().size())
                        .thenComparing(e -> String.join(",", e.getKey().stream().map(RuleId::label).toList())))
                .map(Map.Entry::getKey).orElse(Set.of());
        List<Outlier> outliers = new ArrayList<>();
        for (ArchiveRow r : analysed) {
            Set<RuleId> own = signature(r);
            if (own.equals(majority)) {
                continue;
            }
            List<RuleId> extra = own.stream().filter(id -> !majority.contains(id)).toList();
            List<RuleId> missing = majority.stream().filter(id -> !own.contains(id)).toList();
            String summary = r.findings().stream().filter(f -> extra.contains(f.ruleId())).findFirst()
                    .map(ArchiveRow.FindingRow::summary).orElse(null);
            outliers.add(new Outlier(r.host(), r.file(), r.worst(), extra, missing, summary));
        }
        outliers.sort(Comparator.comparing((Outlier o) -> o.worst() == null ? -1 : o.worst().ordinal()).reversed()
                .thenComparing(o -> -o.extra().size()).thenComparing(Outlier::host).thenComparing(Outlier::file));
        return new FleetSummary(analysed.size(), (int) analysed.stream().map(ArchiveRow::host).distinct().count(),
                rows.size() - analysed.size(), rules, List.copyOf(majority), signatures.getOrDefault(majority, 0),
                outliers, triggers(analysed));
    }

    /** Watch archives grouped by trigger and host, most archives first, then by trigger and host. */
    static List<TriggerCount> triggers(List<ArchiveRow> analysed) {
        record Key(String trigger, String host) { }
        Map<Key, List<ArchiveRow>> groups = new LinkedHashMap<>();
        for (ArchiveRow r : analysed) {
            if (r.trigger() != null) {
                groups.computeIfAbsent(new Key(r.trigger(), r.host()), k -> new ArrayList<>()).add(r);
            }
        }
        List<TriggerCount> out = new ArrayList<>();
        groups.forEach((k, rs) -> {
            Comparator<ArchiveRow> byTime = Comparator.comparing(ArchiveRow::captureTime,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            ArchiveRow first = rs.stream().min(byTime).orElseThrow();
            ArchiveRow last = rs.stream().max(byTime).orElseThrow();
            out.add(new TriggerCount(k.trigger(), k.host(), rs.size(), first.captureTime(), last.captureTime(),
                    last.triggerSummary()));
        });
        out.sort(Comparator.comparingInt(TriggerCount::archives).reversed().thenComparing(TriggerCount::trigger)
                .thenComparing(TriggerCount::host));
        return out;
    }

    /** Sorted ids of the rules with a finding at or above {@link #OUTLIER_SEVERITY}. */
    static Set<RuleId> signature(ArchiveRow r) {
        Set<RuleId> s = new TreeSet<>(RuleId.BY_LABEL);
        r.findings().stream().filter(f -> f.severity().compareTo(OUTLIER_SEVERITY) >= 0).forEach(f -> s.add(f.ruleId()));
        return s;
    }
}
