package io.procsnap.replay.analysis;

import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.model.IpcLimits;
import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.Sourced;
import io.procsnap.replay.parse.MsgQueue;
import io.procsnap.replay.parse.SemSet;
import io.procsnap.replay.parse.ShmSegment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code ipc} analysis: SysV message queues against their limits with the threads blocked on each,
 * semaphore sets and shared memory segments.
 *
 * <p>{@code proc/sysvipc/msg} does not show a queue's {@code msg_qbytes}; a new queue gets
 * {@code msgmnb}, so that is the limit used ({@link Queue#qbytesAssumed()} says so). The kernel refuses
 * a message when {@code cbytes + size > qbytes} or {@code qnum + 1 > qbytes}. Senders are matched to a
 * queue by the first argument of their {@code msgsnd} ({@code msqid}); the third is the message size.
 */
public record IpcReport(Limits limits, Sourced<List<MsgQueue>> msgSource, List<Queue> queues,
                        Sourced<List<SemSet>> semSource, List<Semaphore> semaphores,
                        Sourced<List<ShmSegment>> shmSource, List<Segment> segments) {

    /** The rows of the capture's file table the report reads: the SysV tables, their sysctls and the threads' views. */
    public static final Set<KernelFile> ROWS = Stream.concat(Threads.ROWS.stream(), Stream.of(KernelFile.SYSVIPC_MSG,
            KernelFile.SYSVIPC_SEM, KernelFile.SYSVIPC_SHM, KernelFile.MSGMNB, KernelFile.MSGMAX, KernelFile.MSGMNI,
            KernelFile.SEM_LIMITS, KernelFile.SHMMAX, KernelFile.SHMALL, KernelFile.SHMMNI))
            .collect(Collectors.toUnmodifiableSet());

    /**
     * Kernel limits, -1 when not captured. {@code shmmax} and {@code shmall} are unsigned 64-bit values
     * (see {@link IpcLimits}): their default is above {@code Long.MAX_VALUE}, print them with
     * {@link Long#toUnsignedString(long)}.
     */
    public record Limits(long msgmnb, long msgmax, long msgmni, long queues, List<Long> sem, long shmmax,
                         long shmall, long shmmni) {
    }

    /**
     * @param qbytes         byte limit used (msgmnb, see the class comment), -1 unknown
     * @param usedPercent    cbytes / qbytes in percent, -1 unknown
     * @param pendingSize    size of the message the blocked senders are trying to send (largest), -1 unknown
     * @param full           no more message fits (bytes or message count), or a blocked sender's message does not fit
     * @param lastSend       {@code stime} as an instant, null when never
     * @param lastReceive    {@code rtime} as an instant, null when never
     * @param lspidComm      comm of the last sender process, {@code "?"} when not captured
     * @param lrpidComm      comm of the last receiver process
     * @param senders        threads blocked in msgsnd on this queue
     * @param receivers      threads blocked in msgrcv on this queue
     */
    public record Queue(MsgQueue queue, long qbytes, boolean qbytesAssumed, double usedPercent, long pendingSize,
                        boolean full, Instant lastSend, Instant lastReceive, String lspidComm, String lrpidComm,
                        List<ThreadView> senders, List<ThreadView> receivers) {
        public Queue {
            senders = List.copyOf(senders);
            receivers = List.copyOf(receivers);
        }

        public String keyHex() {
            return String.format("0x%08x", queue.key() & 0xffffffffL);
        }
    }

    public record Semaphore(SemSet set, List<ThreadView> waiters) {
        public Semaphore {
            waiters = List.copyOf(waiters);
        }
    }

    public record Segment(ShmSegment segment, String cpidComm, String lpidComm) {
    }

    public static IpcReport of(Snapshot snapshot) {
        return of(snapshot, Threads.of(snapshot));
    }

    public static IpcReport of(Snapshot snapshot, List<ThreadView> threads) {
        IpcLimits l = snapshot.ipc().limits();
        Sourced<List<MsgQueue>> msg = snapshot.ipc().msgQueues();
        Limits limits = new Limits(value(l.msgmnb()), value(l.msgmax()), value(l.msgmni()),
                msg.present() ? msg.value().size() : -1, l.sem().orElse(List.of()), value(l.shmmax()),
                value(l.shmall()), value(l.shmmni()));
        List<Queue> queues = new ArrayList<>();
        for (MsgQueue q : msg.orElse(List.of())) {
            queues.add(queue(snapshot, limits, q, threads));
        }
        List<Semaphore> sems = new ArrayList<>();
        for (SemSet s : snapshot.ipc().semaphores().orElse(List.of())) {
            sems.add(new Semaphore(s, threads.stream()
                    .filter(t -> t.waitClass().kind() == WaitKind.SEMOP && t.arg(0) == s.semid()).toList()));
        }
        List<Segment> segments = new ArrayList<>();
        for (ShmSegment s : snapshot.ipc().sharedMemory().orElse(List.of())) {
            segments.add(new Segment(s, comm(snapshot, s.cpid()), comm(snapshot, s.lpid())));
        }
        return new IpcReport(limits, msg, queues, snapshot.ipc().semaphores(), sems,
                snapshot.ipc().sharedMemory(), segments);
    }

    private static Queue queue(Snapshot snapshot, Limits limits, MsgQueue q, List<ThreadView> threads) {
        List<ThreadView> senders = threads.stream()
                .filter(t -> t.waitClass().kind() == WaitKind.MSGQ_SEND && t.arg(0) == q.msqid()).toList();
        List<ThreadView> receivers = threads.stream()
                .filter(t -> t.waitClass().kind() == WaitKind.MSGQ_RECEIVE && t.arg(0) == q.msqid()).toList();
        long qbytes = limits.msgmnb();
        long pending = senders.stream().mapToLong(t -> t.arg(2)).max().orElse(-1);
        boolean full = false;
        double used = -1;
        if (qbytes > 0) {
            used = 100.0 * q.cbytes() / qbytes;
            long size = Math.max(1, pending);
            full = q.cbytes() + size > qbytes || q.qnum() + 1 > qbytes;
        }
        return new Queue(q, qbytes, true, used, pending, full, instant(q.stime()), instant(q.rtime()),
                comm(snapshot, q.lspid()), comm(snapshot, q.lrpid()), senders, receivers);
    }

    private static Instant instant(long epochSeconds) {
        return epochSeconds <= 0 ? null : Instant.ofEpochSecond(epochSeconds);
    }

    static String comm(Snapshot snapshot, int pid) {
        return pid <= 0 ? "-" : snapshot.process(pid).map(ProcessInfo::comm).orElse("?");
    }

    private static long value(Sourced<Long> s) {
        return s.present() ? s.value() : -1;
    }
}
