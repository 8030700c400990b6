package io.procsnap.replay.render;

import io.procsnap.replay.analysis.InfoReport;

import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints {@link InfoReport} as labelled lines and a table of the entries that did not read cleanly. */
public final class InfoRenderer {
    private InfoRenderer() {
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    public static void table(InfoReport r, PrintWriter out) {
        out.println("origin:    " + r.origin() + " " + r.location());
        out.println("host:      " + r.hostname() + "  kernel " + r.kernel() + "  boot id " + r.bootId()
                + (r.machineId() == null ? "" : "  machine id " + r.machineId()));
        out.println("captured:  " + Format.utc(r.captureStart()) + " by " + r.tool() + " " + r.toolVersion()
                + " (format " + r.formatVersion() + "), uid " + r.capturedByUid() + " euid " + r.capturedByEuid());
        out.println("duration:  " + (r.durationSeconds() < 0 ? "unknown (no index)" : Format.seconds(r.durationSeconds())));
        out.println("platform:  " + r.arch() + ", USER_HZ " + r.clockTicks() + ", page size " + r.pageSize());
        out.println("options:   " + (r.options().isEmpty() ? "-" : r.options().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        if (r.trigger() != null) {
            TriggerText.lines(r.trigger()).forEach(line -> out.println("trigger:   " + line));
        }
        out.println("archive:   " + r.state() + (r.damage() == null ? "" : " (" + r.damage() + ")")
                + (r.verifyProblems().isEmpty() ? "" : "; verification failed: " + r.verifyProblems().size()
                + " frames"));
        if (r.custody() != null) {
            String name = java.nio.file.Path.of(r.location()).getFileName().toString();
            out.println("sha256:    " + r.custody().sha256() + "  (" + r.custody().verdict(name) + ")");
        }
        out.println("content:   " + r.entries() + " entries, " + r.processes() + " processes, " + r.threads()
                + " threads, " + r.samples() + (r.samples() == 1 ? " pass (no repeated samples)" : " passes (main + repeated samples)"));
        StringBuilder counts = new StringBuilder();
        for (Map.Entry<String, Long> e : r.counts().entrySet()) {
            counts.append(counts.isEmpty() ? "" : "  ").append(e.getKey()).append(' ').append(e.getValue());
        }
        out.println("status:    " + counts);
        for (String p : r.verifyProblems()) {
            out.println("verify:    " + p);
        }
        if (r.problems().isEmpty()) {
            out.println();
            out.println("every entry was read cleanly");
            return;
        }
        out.println();
        out.println("not read cleanly:");
        Table t = new Table("STATUS", ">COUNT", "PATTERN", "DETAIL", ">LONGEST", "EXAMPLE");
        for (InfoReport.ProblemGroup g : r.problems()) {
            String details = g.details().entrySet().stream().limit(3)
                    .map(e -> shorten(e.getKey(), 32) + (g.details().size() > 1 ? ":" + e.getValue() : ""))
                    .collect(Collectors.joining(",")) + (g.details().size() > 3 ? ",..." : "");
            t.row(g.status(), g.count(), g.pattern(), details,
                    Format.seconds(g.maxElapsedSeconds()), g.examples().get(0));
        }
        t.print(out);
    }
}
