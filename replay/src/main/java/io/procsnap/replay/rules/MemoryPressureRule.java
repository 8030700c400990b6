package io.procsnap.replay.rules;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.Sourced;
import io.procsnap.replay.parse.DmesgLine;
import io.procsnap.replay.parse.Pressure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Memory pressure: little memory available, memory stall time (PSI), OOM kills in the kernel log. */
public final class MemoryPressureRule implements Rule {
    private static final Pattern OOM = Pattern.compile("invoked oom-killer|Out of memory|oom-kill:|Killed process \\d+");

    @Override
    public RuleId id() {
        return RuleId.MEMORY_PRESSURE;
    }

    @Override
    public String name() {
        return "Memory pressure";
    }

    @Override
    public String description() {
        return "Low MemAvailable, memory stall time in PSI, and OOM kills in the kernel log.";
    }

    @Override
    public List<Threshold> thresholds() {
        return List.of(new Threshold("min-available-percent", 5, "MemAvailable below this percent of MemTotal"),
                new Threshold("psi-full-avg60", 10, "percent of time all tasks stalled on memory over 60 s"));
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        Snapshot s = context.snapshot();
        Sourced<Map<String, Long>> meminfo = s.system().meminfo();
        Sourced<Pressure> psi = s.system().pressure().getOrDefault("memory", null);
        Sourced<List<DmesgLine>> dmesg = s.system().dmesg();
        boolean psiPresent = psi != null && psi.present();
        if (!meminfo.present() && !psiPresent && !dmesg.present()) {
            return RuleResult.notEvaluated(this, List.of(meminfo.whyMissing(),
                    psi == null ? KernelFile.PRESSURE_MEMORY.path() + " not captured" : psi.whyMissing(), dmesg.whyMissing()));
        }
        List<String> notes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        if (meminfo.present()) {
            Long total = meminfo.value().get("MemTotal");
            Long available = meminfo.value().get("MemAvailable");
            if (total != null && available != null && total > 0) {
                double pct = 100.0 * available / total;
                if (pct < context.threshold(this, "min-available-percent")) {
                    findings.add(new Finding(id(), Severity.WARNING, String.format(Locale.ROOT,
                            "only %.1f%% of memory available (%d of %d kB)", pct, available, total),
                            List.of("MemAvailable " + available + " kB of MemTotal " + total + " kB"),
                            List.of(meminfo.path())));
                }
            } else {
                notes.add(meminfo.path() + " has no MemTotal/MemAvailable");
            }
        } else {
            notes.add(meminfo.whyMissing());
        }
        if (psiPresent && psi.value().full() != null) {
            double full = psi.value().full().avg60();
            if (full >= context.threshold(this, "psi-full-avg60")) {
                findings.add(new Finding(id(), Severity.WARNING, String.format(Locale.ROOT,
                        "all tasks stalled on memory %.1f%% of the last 60 s (PSI)", full),
                        List.of("memory full avg10 " + psi.value().full().avg10() + " avg60 " + full + " avg300 "
                                + psi.value().full().avg300()), List.of(psi.path())));
            }
        } else if (!psiPresent) {
            notes.add(psi == null ? KernelFile.PRESSURE_MEMORY.path() + " not captured" : psi.whyMissing());
        }
        String logGap = Texts.kernelLogGap(s);
        if (logGap != null && dmesg.present()) {
            notes.add("OOM kills not checked: " + logGap);
        } else if (dmesg.present()) {
            List<String> lines = dmesg.value().stream().map(DmesgLine::text).filter(t -> OOM.matcher(t).find()).toList();
            if (!lines.isEmpty()) {
                findings.add(new Finding(id(), Severity.WARNING, lines.size() + " OOM messages in the kernel log",
                        lines.stream().limit(6).toList(), List.of(dmesg.path())));
            }
        } else {
            notes.add("kernel log not checked: " + dmesg.whyMissing());
        }
        return RuleResult.of(this, findings, notes);
    }
}
