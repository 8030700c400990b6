package io.procsnap.replay.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classifies what a thread waits for with an ordered chain of small detectors; the first match wins
 * (the shape of async-profiler's {@code Classifier}). Specific dependency waits come before generic
 * ones (a ZFS txg wait before {@code io_schedule}, a unix connect before a generic socket wait), idle
 * waits last.
 *
 * <p>Kernel names change between versions, so each detector matches a family of names: futex waits
 * are {@code futex_wait_queue} before 6.7 and {@code futex_do_wait} on 6.18; pipe reads are
 * {@code pipe_read}/{@code pipe_wait} before and {@code anon_pipe_read} on 6.18. When neither wchan nor
 * stack is known (non-root captures cannot read {@code stack}), the syscall number decides.
 */
public final class WaitClassifier {

    /** The chain used by every analysis. */
    public static final WaitClassifier DEFAULT = new WaitClassifier(List.of(
            e -> e.state() == 'R' ? Optional.of(new WaitClass(WaitKind.RUNNING, "-")) : Optional.empty(),
            e -> e.state() == 'Z' ? Optional.of(new WaitClass(WaitKind.ZOMBIE, "-")) : Optional.empty(),
            WaitDetector.sites(WaitKind.MSGQ_SEND, "msgsnd", Set.of(69)),
            WaitDetector.sites(WaitKind.MSGQ_RECEIVE, "msgrcv", Set.of(70)),
            WaitDetector.sites(WaitKind.UNIX_CONNECT, "unix_wait_for_peer|unix_stream_connect", Set.of()),
            WaitDetector.sites(WaitKind.ZFS_TXG, "^txg_wait_(open|synced)", Set.of()),
            WaitDetector.sites(WaitKind.ZFS_DMU_TX, "^dmu_tx_(wait|assign|delay)|^zil_commit", Set.of()),
            WaitDetector.sites(WaitKind.ZFS_SYNC, "^spa_sync$|^txg_sync_thread", Set.of()),
            WaitDetector.sites(WaitKind.WRITEBACK_THROTTLE, "balance_dirty_pages", Set.of()),
            WaitDetector.sites(WaitKind.FUSE_DAEMON, "fuse_dev_do_read|fuse_dev_read", Set.of()),
            WaitDetector.sites(WaitKind.FUSE, "request_wait_answer|^fuse_", Set.of()),
            WaitDetector.sites(WaitKind.NFS, "^rpc_wait|^nfs_|^nfs4_", Set.of()),
            WaitDetector.sites(WaitKind.IO,
                    "io_schedule|folio_wait_bit|wait_on_page_bit|bit_wait_io|blk_mq_get_tag|jbd2_log_wait"
                            + "|wait_on_buffer|__wait_on_bit",
                    Set.of()),
            WaitDetector.sites(WaitKind.VFORK, "wait_for_vfork_done|^kernel_clone$", Set.of()),
            WaitDetector.sites(WaitKind.SEMOP, "semtimedop|do_semop", Set.of(65, 220)),
            WaitDetector.sites(WaitKind.FLOCK, "locks_lock_inode_wait|flock_lock_inode_wait|__locks_wait"
                    + "|fcntl_setlk|locks_wait", Set.of(73)),
            WaitDetector.sites(WaitKind.LOCK, "rwsem_down|mutex_lock|__mutex_lock|down_read|down_write"
                    + "|percpu_rwsem_wait", Set.of()),
            WaitDetector.sites(WaitKind.FUTEX, "^futex_", Set.of(202, 449)),
            WaitDetector.sites(WaitKind.PIPE, "pipe_read|pipe_write|pipe_wait", Set.of()),
            WaitDetector.sites(WaitKind.ACCEPT, "inet_csk_accept|unix_accept", Set.of(43, 288)),
            WaitDetector.sites(WaitKind.SOCKET, "unix_stream_data_wait|unix_stream_read|sk_wait_data"
                    + "|sk_stream_wait|skb_wait_for_more|wait_for_tcp_memory", Set.of(45, 47)),
            WaitDetector.sites(WaitKind.POLL, "do_sys_poll|do_select|core_sys_select|ep_poll|do_epoll_wait",
                    Set.of(7, 23, 232, 270, 271, 281, 441)),
            WaitDetector.sites(WaitKind.SLEEP, "nanosleep|hrtimer_nanosleep", Set.of(35, 230)),
            WaitDetector.sites(WaitKind.SIGNAL_WAIT, "sigsuspend|sigtimedwait|sys_pause|do_sigpause",
                    Set.of(34, 128, 130)),
            WaitDetector.sites(WaitKind.CHILD_WAIT, "^do_wait|kernel_wait4|kernel_waitid", Set.of(61, 247)),
            WaitDetector.sites(WaitKind.KTHREAD_IDLE, "^kthread|txg_quiesce_thread|worker_thread|rescuer_thread|smpboot_thread_fn"
                    + "|rcu_gp_kthread|kswapd|khugepaged|kcompactd|watchdog|ksoftirqd", Set.of()),
            e -> e.wchan().isEmpty() ? Optional.empty() : Optional.of(new WaitClass(WaitKind.OTHER, e.wchan()))
    ));

    /** Distinct evidences remembered at most; beyond it the memo starts again (fleet reads many captures). */
    static final int MEMO_MAX = 4096;

    private final List<WaitDetector> chain;
    /**
     * The class of each distinct evidence seen: the threads of a pool share state, wait channel, stack and
     * system call, so a 10,000-thread capture has a few hundred; the chain's regexes run once for each.
     */
    private final Map<WaitDetector.Evidence, WaitClass> memo = new ConcurrentHashMap<>();

    public WaitClassifier(List<WaitDetector> chain) {
        this.chain = List.copyOf(chain);
    }

    public WaitClass classify(WaitDetector.Evidence evidence) {
        WaitClass known = memo.get(evidence);
        if (known != null) {
            return known;
        }
        WaitClass c = run(evidence);
        if (memo.size() >= MEMO_MAX) {
            memo.clear();
        }
        memo.put(evidence, c);
        return c;
    }

    private WaitClass run(WaitDetector.Evidence evidence) {
        for (WaitDetector d : chain) {
            Optional<WaitClass> c = d.detect(evidence);
            if (c.isPresent()) {
                return c.get();
            }
        }
        return new WaitClass(WaitKind.UNKNOWN, "?");
    }
}
