package io.procsnap.replay.rules;

import io.procsnap.format.Entry;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.parse.CgroupLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads of {@code proc/PID/...} that hung during capture: which pids and files, and what else is known
 * about those processes (state, wait site, cgroup, owner). A read of a process's files hangs when the
 * process holds or waits for its own mm lock or is stuck in exec; the threads elsewhere that are blocked
 * in ZFS, I/O or lock waits are listed as the likely holders.
 */
public final class CaptureHungReadsRule implements Rule {
    @Override
    public RuleId id() {
        return RuleId.CAPTURE_HUNG_READS;
    }

    @Override
    public String name() {
        return "Reads that hung during capture";
    }

    @Override
    public String description() {
        return "Process files whose read timed out during capture, with what is known of those processes.";
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        Snapshot s = context.snapshot();
        Map<Integer, List<Entry>> byPid = HungReads.byPid(s);
        if (byPid.isEmpty()) {
            return RuleResult.of(this, List.of(), List.of());
        }
        List<ThreadView> holders = context.threads().stream()
                .filter(t -> t.waitClass().kind().storageOrLock() && !byPid.containsKey(t.pid())).toList();
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<Integer, List<Entry>> g : byPid.entrySet()) {
            int pid = g.getKey();
            List<String> details = new ArrayList<>();
            List<String> evidence = new ArrayList<>();
            List<String> files = new ArrayList<>();
            for (Entry e : g.getValue()) {
                evidence.add(e.path());
                files.add(HungReads.underProcess(e) + (e.header().elapsedNanos() > 0
                        ? String.format(java.util.Locale.ROOT, " (%.1f s)", e.header().elapsedNanos() / 1e9) : ""));
            }
            details.add(Texts.count(g.getValue().size(), "read") + " of " + ArchivePath.processDirectory(pid) + " timed out: " + String.join(", ", files));
            Optional<ProcessInfo> p = s.process(pid);
            String who = "pid " + pid;
            if (p.isPresent()) {
                ProcessInfo pi = p.get();
                who = pi.comm() + "[" + pid + "]";
                details.add(who + ": state " + pi.state() + ", owner uid " + pi.uid()
                        + (pi.commandLine().isEmpty() ? "" : ", command line " + pi.commandLine())
                        + ", cgroup " + cgroup(pi));
                List<ThreadView> ts = context.threads().stream().filter(t -> t.pid() == pid).toList();
                for (ThreadView t : ts.stream().limit(SysvMsgqFullRule.MAX_LISTED).toList()) {
                    details.add("  " + t.label() + " " + Texts.waiting(t) + " (" + t.waitClass().kind().label() + ")");
                }
            } else {
                details.add("nothing else of pid " + pid + " was captured");
            }
            if (!holders.isEmpty()) {
                details.add("meanwhile " + Texts.count(holders.size(), "thread") + " elsewhere are blocked in storage or lock waits "
                        + "(likely holding things up): " + Texts.threads(holders, 4) + " in "
                        + String.join(", ", holders.stream().map(t -> t.waitClass().site()).distinct().limit(4).toList()));
                holders.stream().limit(3).forEach(t -> evidence.add(t.file(KernelFile.THREAD_WCHAN)));
            }
            findings.add(new Finding(id(), Severity.WARNING, "reading " + who + "'s files hung during capture ("
                    + String.join(", ", files.stream().map(f -> f.replaceAll(" \\(.*", "")).distinct().limit(4).toList())
                    + ")" + (holders.isEmpty() ? "" : "; " + Texts.count(holders.size(), "thread") + " blocked elsewhere, most in "
                    + mostCommonSite(holders)), details, evidence, new Subject.Process(pid),
                    Related.threads(Related.Role.HOLDER, holders)));
        }
        return RuleResult.of(this, findings, List.of());
    }

    static String mostCommonSite(List<ThreadView> threads) {
        Map<String, Long> counts = new TreeMap<>();
        threads.forEach(t -> counts.merge(t.waitClass().site(), 1L, Long::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
    }

    private static String cgroup(ProcessInfo p) {
        if (!p.cgroup().present() || p.cgroup().value().isEmpty()) {
            return "?";
        }
        for (CgroupLine l : p.cgroup().value()) {
            if (l.hierarchyId() == 0) {
                return l.path();
            }
        }
        return p.cgroup().value().get(0).path();
    }
}
