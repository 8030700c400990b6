package io.procsnap.replay.report;

import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.analysis.InfoReport;
import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.analysis.ThreadGroups;
import io.procsnap.replay.rules.Finding;
import io.procsnap.replay.rules.RuleResult;
import io.procsnap.replay.text.ByteSizes;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@link ReportData} as one self-contained HTML page: inline CSS, inline SVG, no script, no
 * external resource (a Content-Security-Policy forbids any), so it opens the same from a bug tracker
 * attachment on a machine without network. Everything read from the archive is escaped with {@link Html}.
 */
public final class HtmlReport {
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    private static final int MAX_GROUPS = 40;
    private static final int MAX_PROBLEMS = 30;
    private static final int MAX_MOUNTS = 60;

    private final StringBuilder b = new StringBuilder(64 * 1024);

    private HtmlReport() {
    }

    public static void write(ReportData data, Writer out) throws IOException {
        out.write(render(data));
        out.flush();
    }

    public static String render(ReportData data) {
        HtmlReport r = new HtmlReport();
        r.page(data);
        return r.b.toString();
    }

    private void page(ReportData d) {
        InfoReport i = d.info();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>procsnap report: ")
                .append(t(i.hostname())).append(' ').append(t(String.valueOf(i.captureStart()))).append("</title>\n<style>")
                .append(STYLE).append("</style></head>\n<body>\n");
        summary(d);
        trigger(i.trigger());
        graph(d);
        findings(d);
        health(i);
        threads(d.threadGroups());
        queues(d.ipc());
        filesystems(d.fs());
        b.append("<footer>procsnap-replay report; data from the same analyses as <code>procsnap-replay info, diagnose, "
                + "threads, ipc, fs</code>.</footer>\n</body></html>\n");
    }

    private void summary(ReportData d) {
        InfoReport i = d.info();
        var worst = d.diagnosis().worst();
        b.append("<header id=\"summary\"><h1>").append(t(i.hostname())).append(" <span class=\"badge sev-")
                .append(worst == null ? "ok" : worst.label()).append("\">")
                .append(worst == null ? "no findings" : worst.label()).append("</span></h1>\n<dl class=\"facts\">");
        fact("captured", String.valueOf(i.captureStart()) + (i.durationSeconds() < 0 ? "" : String.format(Locale.ROOT,
                " (%.1f s)", i.durationSeconds())));
        fact("kernel", i.kernel());
        fact("boot id", i.bootId());
        fact("archive", i.origin() + " " + i.location());
        fact("state", i.state() + (i.damage() == null ? "" : ": " + i.damage()));
        if (i.trigger() != null) {
            fact("taken by", "procsnap watch: " + i.trigger().name());
        }
        fact("tool", i.tool() + " " + i.toolVersion() + ", format " + i.formatVersion());
        fact("captured by", "uid " + i.capturedByUid() + ", euid " + i.capturedByEuid());
        fact("processes / threads", i.processes() + " / " + i.threads() + ", " + i.samples() + " pass(es)");
        b.append("</dl></header>\n");
    }

    /** Why procsnap watch took this capture: the trigger, since when, its values, what else held. */
    private void trigger(io.procsnap.format.Manifest.Trigger trigger) {
        if (trigger == null) {
            return;
        }
        b.append("<section id=\"trigger\"><h2>Why this capture was taken</h2>\n<p>procsnap watch: <b>")
                .append(t(trigger.name())).append("</b> since ").append(t(String.valueOf(trigger.since()))).append(", captured ")
                .append(t(String.valueOf(trigger.fired()))).append(trigger.summary() == null ? "" : ": " + t(trigger.summary()))
                .append("</p>\n");
        if (!trigger.values().isEmpty()) {
            b.append("<dl class=\"facts\">");
            new java.util.TreeMap<>(trigger.values()).forEach(this::fact);
            b.append("</dl>\n");
        }
        if (!trigger.also().isEmpty()) {
            b.append("<p>Also holding then:</p><ul>");
            trigger.also().forEach(a -> b.append("<li>").append(t(a)).append("</li>"));
            b.append("</ul>\n");
        }
        b.append("</section>\n");
    }

    private void fact(String key, String value) {
        b.append("<dt>").append(t(key)).append("</dt><dd>").append(t(value)).append("</dd>");
    }

    private void health(InfoReport i) {
        b.append("<section id=\"health\"><h2>Capture health</h2>\n<p class=\"counts\">").append(i.entries())
                .append(" entries: ");
        boolean first = true;
        for (Map.Entry<String, Long> c : i.counts().entrySet()) {
            if (c.getValue() == 0 && !c.getKey().equals("ok")) {
                continue;
            }
            b.append(first ? "" : ", ").append("<span class=\"st-").append(t(c.getKey())).append("\">")
                    .append(c.getValue()).append(' ').append(t(c.getKey())).append("</span>");
            first = false;
        }
        b.append("</p>\n");
        if (!i.verifyProblems().isEmpty()) {
            b.append("<ul class=\"verify\">");
            i.verifyProblems().forEach(p -> b.append("<li>").append(t(p)).append("</li>"));
            b.append("</ul>\n");
        }
        if (i.problems().isEmpty()) {
            b.append("<p>Every entry read cleanly.</p></section>\n");
            return;
        }
        b.append("<table><thead><tr><th>status</th><th>entries</th><th>count</th><th>why</th><th>longest</th>"
                + "<th>examples</th></tr></thead><tbody>\n");
        for (InfoReport.ProblemGroup g : i.problems().stream().limit(MAX_PROBLEMS).toList()) {
            b.append("<tr class=\"st-").append(t(g.status())).append("\"><td>").append(t(g.status())).append("</td><td><code>")
                    .append(t(g.pattern())).append("</code></td><td class=\"num\">").append(g.count()).append("</td><td>")
                    .append(t(String.join(", ", g.details().entrySet().stream().map(e -> e.getKey() + " \u00d7"
                            + e.getValue()).toList()))).append("</td><td class=\"num\">")
                    .append(g.maxElapsedSeconds() < 0 ? "" : String.format(Locale.ROOT, "%.1f s", g.maxElapsedSeconds()))
                    .append("</td><td>").append(codes(g.examples())).append("</td></tr>\n");
        }
        b.append("</tbody></table>");
        more(i.problems().size(), MAX_PROBLEMS, "groups");
        b.append("</section>\n");
    }

    private void findings(ReportData d) {
        List<Finding> fs = d.diagnosis().findings();
        b.append("<section id=\"findings\"><h2>Findings (").append(fs.size()).append(")</h2>\n");
        if (fs.isEmpty()) {
            b.append("<p>No rule found a problem.</p>\n");
        }
        int n = 0;
        for (Finding f : fs) {
            n++;
            b.append("<article class=\"finding sev-").append(f.severity().label()).append("\" id=\"finding-").append(n)
                    .append("\" data-rule=\"").append(t(f.ruleId().label())).append("\"><h3><span class=\"badge sev-")
                    .append(f.severity().label()).append("\">").append(f.severity().label()).append("</span> <code>")
                    .append(t(f.ruleId().label())).append("</code> ").append(t(f.summary())).append("</h3>\n<ol>");
            f.details().forEach(x -> b.append("<li>").append(t(x)).append("</li>"));
            b.append("</ol>\n<details><summary>evidence (").append(f.evidence().size()).append(" entries)</summary><p>")
                    .append(codes(f.evidence())).append("</p></details></article>\n");
        }
        List<RuleResult> gaps = d.diagnosis().results().stream()
                .filter(r -> r.outcome() == RuleResult.Outcome.NOT_EVALUATED || !r.notes().isEmpty()).toList();
        if (!gaps.isEmpty()) {
            b.append("<h3>Not evaluated, or evaluated with gaps</h3><ul class=\"gaps\">");
            for (RuleResult r : gaps) {
                b.append("<li><code>").append(t(r.ruleId().label())).append("</code> ")
                        .append(r.outcome() == RuleResult.Outcome.NOT_EVALUATED ? "<b>not evaluated</b>: " : "")
                        .append(t(String.join("; ", r.notes()))).append("</li>");
            }
            b.append("</ul>\n");
        }
        b.append("</section>\n");
    }

    private void graph(ReportData d) {
        b.append("<section id=\"graph\"><h2>Wait-for graph</h2>\n");
        if (d.graph().isEmpty()) {
            b.append("<p>No diagnosed chain to draw (no full queue or pool among the findings).</p></section>\n");
            return;
        }
        b.append("<p class=\"legend\">").append(t(String.join(" \u2192 ", GraphSvg.columnNames())))
                .append("; an arrow reads \u201cwaits for\u201d. Hover a box for the full text.</p>\n<div class=\"scroll\">")
                .append(GraphSvg.svg(d.graph())).append("</div></section>\n");
    }

    private void threads(ThreadGroups.Report r) {
        b.append("<section id=\"threads\"><h2>Threads by state and wait site (").append(r.total())
                .append(")</h2>\n<table><thead><tr>");
        r.keys().forEach(k -> b.append("<th>").append(t(k)).append("</th>"));
        b.append("<th>threads</th><th></th><th>processes</th></tr></thead><tbody>\n");
        int max = r.groups().stream().mapToInt(ThreadGroups.Group::count).max().orElse(1);
        for (ThreadGroups.Group g : r.groups().stream().limit(MAX_GROUPS).toList()) {
            b.append("<tr class=\"state-").append(cssToken(g.values().get(0))).append("\">");
            g.values().forEach(v -> b.append("<td><code>").append(t(Html.shorten(v, 60))).append("</code></td>"));
            b.append("<td class=\"num\">").append(g.count()).append("</td><td>").append(countBar(100.0 * g.count() / max))
                    .append("</td><td>").append(t(Html.shorten(String.join(" ", g.pids().stream().map(String::valueOf)
                            .toList()), 80))).append("</td></tr>\n");
        }
        b.append("</tbody></table>");
        more(r.groups().size(), MAX_GROUPS, "groups");
        b.append("</section>\n");
    }

    private void queues(IpcReport ipc) {
        b.append("<section id=\"queues\"><h2>SysV message queues</h2>\n");
        if (!ipc.msgSource().present()) {
            b.append("<p>Not available: ").append(t(ipc.msgSource().whyMissing())).append("</p></section>\n");
            return;
        }
        IpcReport.Limits l = ipc.limits();
        b.append("<p>limits: msgmnb ").append(l.msgmnb()).append(", msgmax ").append(l.msgmax()).append(", msgmni ")
                .append(l.msgmni()).append(" (-1: not captured)</p>\n");
        if (ipc.queues().isEmpty()) {
            b.append("<p>No message queues.</p></section>\n");
            return;
        }
        b.append("<table><thead><tr><th>msqid</th><th>key</th><th>used</th><th></th><th>messages</th>"
                + "<th>last sender</th><th>last receiver</th><th>blocked senders</th></tr></thead><tbody>\n");
        for (IpcReport.Queue q : ipc.queues()) {
            b.append("<tr").append(q.full() ? " class=\"full\"" : "").append("><td>").append(q.queue().msqid())
                    .append("</td><td><code>").append(t(q.keyHex())).append("</code></td><td class=\"num\">")
                    .append(q.queue().cbytes()).append(" / ").append(q.qbytes() < 0 ? "?" : q.qbytes()).append("</td><td>")
                    .append(bar(q.usedPercent(), q.full() ? "full" : null)).append("</td><td class=\"num\">")
                    .append(q.queue().qnum()).append("</td><td>").append(q.queue().lspid()).append(' ')
                    .append(t(q.lspidComm())).append("</td><td>").append(q.queue().lrpid()).append(' ')
                    .append(t(q.lrpidComm())).append("</td><td class=\"num\">").append(q.senders().size())
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    private void filesystems(FsReport fs) {
        b.append("<section id=\"filesystems\"><h2>Filesystems and pools</h2>\n");
        if (!fs.pools().isEmpty()) {
            b.append("<table><thead><tr><th>pool</th><th>health</th><th>capacity</th><th></th><th>free</th>"
                    + "<th>open txg</th></tr></thead><tbody>\n");
            for (FsReport.PoolRow p : fs.pools()) {
                b.append("<tr").append(p.suspended() || p.capacityPercent() >= 98 ? " class=\"full\"" : "").append("><td>")
                        .append(t(p.name())).append("</td><td>").append(t(p.health()))
                        .append(p.suspended() ? " <b>SUSPENDED</b>" : "").append("</td><td class=\"num\">")
                        .append(p.capacityPercent() < 0 ? "?" : p.capacityPercent() + "%").append("</td><td>")
                        .append(bar(p.capacityPercent(), null)).append("</td><td class=\"num\">")
                        .append(ByteSizes.iec(p.freeBytes())).append("</td><td class=\"num\">")
                        .append(p.openTxg() < 0 ? "" : p.openTxg()).append("</td></tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        if (!fs.hungCommands().isEmpty()) {
            b.append("<p class=\"hung\">Commands that hung: ");
            fs.hungCommands().forEach(c -> b.append("<code>").append(t(c.argv())).append("</code> (")
                    .append(String.format(Locale.ROOT, "%.1f s", c.elapsedSeconds())).append(") "));
            b.append("</p>\n");
        }
        b.append("<table><thead><tr><th>mount point</th><th>type</th><th>source</th><th>size</th><th>used</th><th></th>"
                + "<th>statfs</th></tr></thead><tbody>\n");
        List<FsReport.MountRow> rows = fs.mounts().stream()
                .filter(m -> m.sizeBytes() > 0 || !m.statfsState().equals("ok")).toList();
        for (FsReport.MountRow m : rows.stream().limit(MAX_MOUNTS).toList()) {
            b.append("<tr").append(m.statfsState().equals("ok") ? "" : " class=\"st-" + cssToken(m.statfsState()) + "\"")
                    .append("><td><code>").append(t(Html.shorten(m.mountPoint(), 60))).append("</code></td><td>")
                    .append(t(m.fstype())).append("</td><td>").append(t(Html.shorten(m.source(), 40)))
                    .append("</td><td class=\"num\">").append(ByteSizes.iec(m.sizeBytes())).append("</td><td class=\"num\">")
                    .append(m.usedPercent() < 0 ? "" : String.format(Locale.ROOT, "%.0f%%", m.usedPercent()))
                    .append("</td><td>").append(m.usedPercent() < 0 ? "" : bar(m.usedPercent(), null)).append("</td><td>")
                    .append(t(m.statfsState())).append(m.statfsState().equals("ok") ? "" : String.format(Locale.ROOT,
                            " after %.1f s", m.elapsedSeconds())).append("</td></tr>\n");
        }
        b.append("</tbody></table>");
        more(rows.size(), MAX_MOUNTS, "mounts");
        b.append("<p class=\"note\">Pseudo filesystems of size 0 are left out.</p></section>\n");
    }

    /** A horizontal bar, red at 90% and above. */
    static String bar(double percent, String label) {
        double p = Math.max(0, Math.min(100, percent));
        String cls = percent >= 90 ? "bar high" : "bar";
        return "<div class=\"" + cls + "\" title=\"" + String.format(Locale.ROOT, "%.1f%%", percent)
                + "\"><div class=\"fill\" style=\"width:" + String.format(Locale.ROOT, "%.1f", p) + "%\"></div>"
                + (label == null ? "" : "<span>" + Html.text(label) + "</span>") + "</div>";
    }

    /** A bar for a share of the largest group: never red, a big group is not a full resource. */
    static String countBar(double percent) {
        return "<div class=\"bar count\"><div class=\"fill\" style=\"width:"
                + String.format(Locale.ROOT, "%.1f", Math.max(0, Math.min(100, percent))) + "%\"></div></div>";
    }

    private void more(int total, int shown, String what) {
        if (total > shown) {
            b.append("<p class=\"note\">").append(total - shown).append(" more ").append(what)
                    .append(" not shown (see the CLI).</p>");
        }
    }

    private static String codes(List<String> paths) {
        StringBuilder s = new StringBuilder();
        paths.forEach(p -> s.append("<code>").append(Html.text(p)).append("</code> "));
        return s.toString();
    }

    /** A value reduced to letters, digits and '-', for a class name. */
    static String cssToken(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9-]", "_");
    }

    private static String t(String s) {
        return Html.text(s);
    }

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:16px 24px;color:#1d1d1f;background:#fff}
            h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;border-bottom:1px solid #ccc;margin-top:26px}
            h3{font-size:14px;margin:4px 0}code{font:12px ui-monospace,monospace;background:#f3f3f3;padding:0 3px}
            dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dt{color:#555}dd{margin:0}
            table{border-collapse:collapse;margin:6px 0}th,td{padding:3px 8px;border-bottom:1px solid #e4e4e4;
            text-align:left;vertical-align:top}th{background:#f6f6f6}td.num{text-align:right;white-space:nowrap}
            .badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;color:#fff;background:#777}
            .badge.sev-critical{background:#c62828}.badge.sev-warning{background:#d98200}.badge.sev-info{background:#1e6bb8}
            .badge.sev-ok{background:#2e7d32}
            .finding{border-left:5px solid #777;padding:6px 10px;margin:10px 0;background:#fafafa}
            .finding.sev-critical{border-color:#c62828}.finding.sev-warning{border-color:#d98200}
            .finding.sev-info{border-color:#1e6bb8}.finding ol{margin:4px 0 4px 18px;padding:0}
            .bar{position:relative;width:180px;height:12px;background:#e8e8e8;border-radius:3px}
            .bar .fill{height:100%;background:#4a8fd8;border-radius:3px}.bar.high .fill{background:#d32f2f}
            .bar.count{width:120px}.bar.count .fill{background:#8a9bb0}td code{white-space:nowrap}
            .bar span{position:absolute;left:4px;top:-2px;font-size:10px;color:#fff}
            tr.full td,.st-timeout,.st-error{color:#b00020}.st-denied{color:#8a5a00}
            .scroll{overflow-x:auto}.note,.legend{color:#666;font-size:12px}footer{margin-top:30px;color:#888;font-size:12px}
            """;
}
