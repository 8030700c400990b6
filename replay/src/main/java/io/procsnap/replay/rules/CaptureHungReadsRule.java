package io.procsnap.replay.rules;

import io.procsnap.format.Entry;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.HolderTrace;
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
 * about those processes (state, wait site, cgroup, owner). The hung files' lock classes lead to the
 * likely holder ({@link HolderTrace}): the process's own thread in execve for the exec lock, another
 * process reading its {@code /proc/PID/mem} for its mmap lock, then what that holder waits on (a FUSE
 * request, an NFS server, a page of a file) and the mount and FUSE daemon behind it; the finding's
 * related objects are that chain in order (lock holders, mount, daemon). Without such a chain, the threads
 * elsewhere that are blocked in ZFS, I/O or lock waits are listed as the likely holders. The capture's
 * own processes are never the subject, and a reader thread it left on the read is named as evidence.
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
        // the capture's own processes are not the machine's problem (know thyself)
        Map<Integer, List<Entry>> byPid = new TreeMap<>(HungReads.byPid(s));
        byPid.keySet().removeIf(pid -> context.own().owns(pid));
        Map<Entry, String> underProcess = new java.util.HashMap<>();
        byPid.values().forEach(reads -> reads.forEach(e -> underProcess.put(e, HungReads.underProcess(e))));
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
            for (Entry e : g.getValue()) {
                context.own().readerOn(e.path()).ifPresent(r -> {
                    details.add("procsnap's reader thread " + r.tid() + " was left blocked on " + e.path()
                            + " (the capture's own, not counted)");
                    evidence.add(ArchivePath.SELF);
                });
            }
            HolderTrace trace = HolderTrace.of(s, context.threads(), pid,
                    g.getValue().stream().map(underProcess::get).toList());
            if (!trace.isEmpty()) {
                details.add("lock classes of the hung reads: " + trace.classes().stream().map(Enum::name).sorted().toList()
                        + " (capture/LOCK-CLASSES.md)");
                List<Related> related = new ArrayList<>();
                for (HolderTrace.Step st : trace.steps()) {
                    details.add((st.holder() ? "holder: " : "queued: ") + st.why());
                    evidence.addAll(st.evidence());
                    related.add(new Related(st.holder() ? Related.Role.LOCK_HOLDER : Related.Role.BLOCKED,
                            Related.thread(st.thread())));
                }
                String waitsOn = trace.waitsOn();
                String behind = trace.behindText();
                if (!waitsOn.isEmpty()) {
                    details.add(waitsOn + (behind.isEmpty() ? "" : "; behind it: " + behind));
                }
                evidence.addAll(trace.behindEvidence(s));
                trace.mounts().forEach(m -> related.add(new Related(Related.Role.MOUNT, new Subject.Mount(m.info().line()))));
                trace.daemons().forEach(d -> related.add(new Related(Related.Role.DAEMON, new Subject.Process(d.pid()))));
                String chain = String.join(" -> ", trace.holders().stream().map(ThreadView::label).toList());
                String last = !behind.isEmpty() ? " -> " + (trace.mounts().isEmpty() ? "" : trace.mounts().get(0).mountPoint())
                        + (trace.daemons().isEmpty() ? "" : (trace.mounts().isEmpty() ? "" : " ") + "(daemon "
                        + trace.daemons().get(0).comm() + "[" + trace.daemons().get(0).pid() + "])") : "";
                findings.add(new Finding(id(), Severity.WARNING, "reading " + who + "'s files hung during capture ("
                        + String.join(", ", files.stream().map(f -> f.replaceAll(" \\(.*", "")).distinct().limit(4).toList())
                        + "): likely held by " + chain + last, details, evidence, new Subject.Process(pid), related));
                continue;
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
