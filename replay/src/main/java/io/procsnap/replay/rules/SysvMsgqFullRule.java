package io.procsnap.replay.rules;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.UnixConnectTrace;
import io.procsnap.replay.analysis.WaitKind;
import io.procsnap.replay.model.Snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A SysV message queue at or near its limit, followed as a chain: the threads blocked sending to it,
 * its consumer (the queue's {@code lrpid}), what that consumer is blocked on, and when that is a unix
 * socket connect, the socket and the process listening on it.
 *
 * <p>{@code lrpid} is a process id when the receiver found a message waiting, but the receiving
 * thread's id when the kernel handed the message straight to a waiting receiver ({@code
 * pipelined_send}); both are resolved.
 */
public final class SysvMsgqFullRule implements Rule {
    static final int MAX_LISTED = 5;

    @Override
    public RuleId id() {
        return RuleId.SYSV_MSGQ_FULL;
    }

    @Override
    public String name() {
        return "SysV message queue full";
    }

    @Override
    public String description() {
        return "A SysV message queue at or near its byte limit, the senders blocked on it, and what its consumer waits for.";
    }

    @Override
    public List<Threshold> thresholds() {
        return List.of(new Threshold("near-full-percent", 90, "bytes used, percent of msg_qbytes, to report a queue"));
    }

    @Override
    public RuleResult evaluate(RuleContext context) {
        Snapshot s = context.snapshot();
        if (!s.ipc().msgQueues().present()) {
            return RuleResult.notEvaluated(this, List.of(s.ipc().msgQueues().whyMissing()));
        }
        List<String> notes = new ArrayList<>();
        IpcReport report = IpcReport.of(s, context.threads());
        if (report.limits().msgmnb() < 0) {
            notes.add("queue byte limit unknown: " + s.ipc().limits().msgmnb().whyMissing()
                    + "; only queues with blocked senders are reported");
        }
        long unattributed = context.threads().stream()
                .filter(t -> t.waitClass().kind() == WaitKind.MSGQ_SEND && t.syscallArgs().isEmpty()).count();
        if (unattributed > 0) {
            notes.add(Texts.count(unattributed, "thread") + " wait in msgsnd but their syscall arguments were not captured: "
                    + "they cannot be matched to a queue");
        }
        double near = context.threshold(this, "near-full-percent");
        List<Finding> findings = new ArrayList<>();
        for (IpcReport.Queue q : report.queues()) {
            boolean nearFull = q.usedPercent() >= near;
            if (!q.full() && !nearFull && q.senders().isEmpty()) {
                continue;
            }
            findings.add(finding(s, context.threads(), q, nearFull));
        }
        return RuleResult.of(this, findings, notes);
    }

    private Finding finding(Snapshot s, List<ThreadView> threads, IpcReport.Queue q, boolean nearFull) {
        List<String> details = new ArrayList<>();
        List<String> evidence = new ArrayList<>(List.of(KernelFile.SYSVIPC_MSG.path(), KernelFile.MSGMNB.path()));
        List<Related> related = new ArrayList<>(Related.threads(Related.Role.SENDER, q.senders()));
        String name = "msqid " + q.queue().msqid() + " key " + q.keyHex();
        String usage = q.queue().cbytes() + "/" + (q.qbytes() < 0 ? "?" : q.qbytes()) + " bytes, "
                + q.queue().qnum() + " messages";
        details.add("queue " + name + ": " + usage
                + (q.usedPercent() >= 0 ? " (" + Texts.percent(q.usedPercent()) + ")" : "")
                + "; limit msg_qbytes assumed = msgmnb (proc/sysvipc/msg does not show msg_qbytes)"
                + (q.full() && q.pendingSize() > 0 ? "; a " + q.pendingSize() + "-byte message does not fit" : ""));
        details.add("last send " + when(s, q.lastSend()) + (q.queue().lspid() <= 0 ? "" : " by pid " + q.queue().lspid()
                + " (" + q.lspidComm() + ")") + ", last receive " + when(s, q.lastReceive())
                + (q.queue().lrpid() <= 0 ? "" : " by pid " + q.queue().lrpid() + " (" + lrpidName(s, q.queue().lrpid())
                + ")"));
        if (!q.senders().isEmpty()) {
            details.add(Texts.count(q.senders().size(), "thread") + " blocked in msgsnd on msqid " + q.queue().msqid() + ": "
                    + Texts.threads(q.senders(), MAX_LISTED));
            q.senders().stream().limit(MAX_LISTED).forEach(t -> {
                evidence.add(t.file(KernelFile.THREAD_WCHAN));
                evidence.add(t.file(KernelFile.THREAD_SYSCALL));
            });
        }
        String cause = consumer(s, threads, q, details, evidence, related);
        Severity severity = q.full() && !q.senders().isEmpty() ? Severity.CRITICAL
                : q.full() || !q.senders().isEmpty() ? Severity.WARNING : Severity.INFO;
        String state = q.full() ? "full" : nearFull ? "nearly full" : "blocking senders";
        String summary = "SysV queue " + name + " is " + state + " (" + usage + ")"
                + (q.senders().isEmpty() ? "" : ", " + Texts.count(q.senders().size(), "sender") + " blocked in msgsnd")
                + (cause == null ? "" : "; " + cause);
        return new Finding(id(), severity, summary, details, evidence, new Subject.Queue(q.queue().msqid()), related);
    }

    /** Explains the consumer; returns the short cause for the summary, or null. */
    private String consumer(Snapshot s, List<ThreadView> threads, IpcReport.Queue q, List<String> details,
                            List<String> evidence, List<Related> related) {
        if (!q.receivers().isEmpty()) {
            related.addAll(Related.threads(Related.Role.RECEIVER, q.receivers()));
            details.add(Texts.count(q.receivers().size(), "thread") + " wait in msgrcv on this queue although it holds messages: "
                    + "they ask for a message type that is not queued: " + Texts.threads(q.receivers(), MAX_LISTED));
            return "its receivers wait for another message type";
        }
        int lrpid = q.queue().lrpid();
        if (lrpid <= 0) {
            details.add("no process has ever received from this queue (lrpid 0): it has no consumer");
            return "it has no consumer";
        }
        Optional<ThreadView> asThread = threads.stream().filter(t -> t.tid() == lrpid).findFirst();
        List<ThreadView> candidates;
        if (s.process(lrpid).isPresent()) {
            candidates = threads.stream().filter(t -> t.pid() == lrpid && !q.senders().contains(t)).toList();
        } else if (asThread.isPresent()) {
            candidates = List.of(asThread.get());
        } else {
            details.add("the consumer pid " + lrpid + " (lrpid) is not in the capture: it exited or was not captured");
            return "its consumer pid " + lrpid + " is gone";
        }
        if (asThread.isPresent() && asThread.get().pid() != lrpid) {
            details.add("lrpid " + lrpid + " is thread " + asThread.get().label()
                    + " (the kernel records the receiving thread when it hands a message over directly)");
            candidates = List.of(asThread.get());
        }
        if (candidates.stream().allMatch(t -> t.waitClass().kind() == WaitKind.UNKNOWN)) {
            ThreadView first = candidates.isEmpty() ? null : candidates.get(0);
            details.add("consumer (lrpid " + lrpid + "): " + lrpidName(s, lrpid) + " has "
                    + Texts.count(candidates.size(), "thread") + " whose wait sites were not captured"
                    + (first == null ? "" : " (" + unknownWhy(s, first) + ")")
                    + ": it cannot be told which of them should be receiving");
            if (first != null) {
                evidence.add(first.file(KernelFile.THREAD_WCHAN));
                evidence.add(first.file(KernelFile.THREAD_SYSCALL));
            }
            return "its consumer pid " + lrpid + " (" + lrpidName(s, lrpid) + ") is not receiving; its wait sites were "
                    + "not captured";
        }
        // the consumer: the thread blocked on something other than an idle wait (uninterruptible first)
        List<ThreadView> ranked = candidates.stream()
                .sorted(Comparator.comparing((ThreadView t) -> t.waitClass().idle())
                        .thenComparing(t -> t.state() != 'D').thenComparingInt(ThreadView::tid))
                .toList();
        Optional<ThreadView> consumer = ranked.stream().findFirst();
        if (consumer.isEmpty()) {
            details.add("no thread of the consumer pid " + lrpid + " was captured");
            return null;
        }
        List<ThreadView> alsoBlocked = ranked.stream().skip(1).filter(t -> !t.waitClass().idle()).toList();
        if (!alsoBlocked.isEmpty()) {
            details.add("other threads of the consumer that are not receiving either: "
                    + String.join(", ", alsoBlocked.stream().limit(MAX_LISTED)
                    .map(t -> t.label() + " " + Texts.waiting(t)).toList()));
        }
        ThreadView c = consumer.get();
        related.add(new Related(Related.Role.CONSUMER, Related.thread(c)));
        evidence.add(c.file(KernelFile.THREAD_WCHAN));
        evidence.add(c.file(KernelFile.THREAD_SYSCALL));
        evidence.add(c.file(KernelFile.THREAD_STACK));
        details.add("consumer (lrpid " + lrpid + "): thread " + c.label() + " is not receiving: it is "
                + Texts.waiting(c) + ", " + c.waitClass().kind().label() + " wait, alive " + Texts.duration(c.ageSeconds()));
        if (c.waitClass().kind() != WaitKind.UNIX_CONNECT) {
            return "consumer " + c.label() + " is blocked in " + c.syscall() + " (" + c.waitClass().site() + ")";
        }
        return unixChain(s, threads, c, details, evidence, related);
    }

    private String unixChain(Snapshot s, List<ThreadView> threads, ThreadView c, List<String> details,
                             List<String> evidence, List<Related> related) {
        UnixConnectTrace trace = UnixConnectTrace.of(s, c);
        evidence.add(KernelFile.NET_UNIX.path());
        if (trace.fdPath() != null) {
            evidence.add(trace.fdPath());
            details.add(c.label() + " connects on fd " + trace.fd() + " (" + trace.fdPath() + " -> socket:["
                    + trace.inode() + "]" + (trace.own() != null ? ", an unbound stream socket in proc/net/unix" : "")
                    + ")");
        } else {
            details.add(c.label() + " connects on a unix socket; its fd is unknown (" + c.file(KernelFile.THREAD_SYSCALL)
                    + " or its fd links were not captured)");
        }
        if (!s.unixSockets().present()) {
            details.add("the listener cannot be named: " + s.unixSockets().whyMissing());
            return "consumer " + c.label() + " is blocked connecting to a unix socket";
        }
        if (trace.candidates().isEmpty()) {
            details.add("no listening unix socket with a full backlog found in proc/net/unix");
            return "consumer " + c.label() + " is blocked connecting to a unix socket";
        }
        trace.candidates().forEach(l -> related.add(new Related(Related.Role.SOCKET,
                new Subject.Socket(l.socket().inode()))));
        if (trace.listener().isEmpty()) {
            details.add("listeners with queued, unaccepted connections (any may be the target): "
                    + String.join(", ", trace.candidates().stream().map(l -> l.socket().path() + " ("
                    + l.queued() + " queued)").toList()));
            return "consumer " + c.label() + " is blocked connecting to a unix socket whose listener does not accept";
        }
        UnixConnectTrace.Listener l = trace.listener().get();
        String path = l.socket().path();
        details.add("the listener with a full backlog is " + path + " (socket:[" + l.socket().inode() + "], "
                + l.queued() + " connection" + (l.queued() == 1 ? "" : "s") + " queued and never accepted)");
        if (l.holders().isEmpty()) {
            details.add("no captured process holds socket:[" + l.socket().inode() + "] (fd links denied or not captured)");
            return "consumer " + c.label() + " is blocked in connect() to " + path + ", whose listener does not accept";
        }
        List<String> who = new ArrayList<>();
        for (UnixConnectTrace.Holder h : l.holders()) {
            related.add(new Related(Related.Role.LISTENER, new Subject.Process(h.pid())));
            evidence.add(h.fdPath());
            who.add(h.comm() + "[" + h.pid() + "]");
            List<ThreadView> ts = threads.stream().filter(t -> t.pid() == h.pid()).toList();
            ts.stream().limit(2).forEach(t -> evidence.add(t.file(KernelFile.THREAD_WCHAN)));
            details.add("held by " + h.comm() + "[" + h.pid() + "] fd " + h.fd() + " (" + h.fdPath() + ")"
                    + (h.cmdline().isEmpty() ? "" : ", command line: " + h.cmdline()) + "; it does not accept: "
                    + String.join(", ", ts.stream().limit(MAX_LISTED).map(t -> t.label() + " " + Texts.waiting(t))
                    .toList()));
        }
        return "consumer " + c.label() + " is blocked in connect() to " + path + ", listened on by "
                + String.join(", ", who) + " which does not accept";
    }

    /** Why a thread's wait site is unknown, naming the entries. */
    private static String unknownWhy(Snapshot s, ThreadView t) {
        List<String> why = new ArrayList<>();
        String wchan = t.wchan();
        if (wchan.equals("?")) {
            var ref = s.ref(t.file(KernelFile.THREAD_WCHAN));
            why.add(ref.ok() ? t.file(KernelFile.THREAD_WCHAN) + " reads 0 (the kernel hides wait channels from non-root readers)"
                    : ref.describe());
        }
        why.add(s.ref(t.file(KernelFile.THREAD_SYSCALL)).describe());
        why.add(s.ref(t.file(KernelFile.THREAD_STACK)).describe());
        return String.join(", ", why);
    }

    private static String lrpidName(Snapshot s, int lrpid) {
        return s.process(lrpid).map(p -> p.comm())
                .orElseGet(() -> s.threads().stream().filter(t -> t.tid() == lrpid).findFirst()
                        .map(t -> "thread " + t.comm() + " of pid " + t.pid()).orElse("?"));
    }

    private static String when(Snapshot s, java.time.Instant t) {
        if (t == null) {
            return "never";
        }
        if (s.captureTime() == null) {
            return t.toString();
        }
        long ago = Duration.between(t, s.captureTime()).getSeconds();
        return t + " (" + Texts.duration(Math.max(0, ago)) + " before capture)";
    }
}
