package io.procsnap.replay.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classifier chain on wait sites and stacks as real kernels print them. */
class WaitClassifierTests {
    private static WaitClass classify(char state, String wchan, List<String> stack, int syscall) {
        return WaitClassifier.DEFAULT.classify(new WaitDetector.Evidence(state, wchan, stack, syscall, "amd64"));
    }

    @Test
    void msgsndOnKernel618() {
        // proc/4/task/9/{wchan,stack,syscall} of the msgq-deadlock capture
        WaitClass c = classify('S', "do_msgsnd", List.of("do_msgsnd", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"), 69);
        assertEquals(new WaitClass(WaitKind.MSGQ_SEND, "do_msgsnd"), c);
    }

    @Test
    void unixConnectWaitingForPeer() {
        WaitClass c = classify('S', "unix_wait_for_peer", List.of("unix_wait_for_peer", "unix_stream_connect",
                "__sys_connect", "__x64_sys_connect", "do_syscall_64"), 42);
        assertEquals(WaitKind.UNIX_CONNECT, c.kind());
        assertFalse(c.idle());
    }

    @Test
    void futexAcrossKernelVersions() {
        // 6.18 names it futex_do_wait, older kernels futex_wait_queue (then futex_wait_queue_me)
        assertEquals(WaitKind.FUTEX, classify('S', "futex_do_wait", List.of(), 202).kind());
        assertEquals(WaitKind.FUTEX, classify('S', "futex_wait_queue", List.of(), 202).kind());
        assertEquals(WaitKind.FUTEX, classify('S', "futex_wait_queue_me", List.of(), -1).kind());
    }

    @Test
    void pipeReadAcrossKernelVersions() {
        assertEquals(WaitKind.PIPE, classify('S', "anon_pipe_read", List.of(), 0).kind());
        assertEquals(WaitKind.PIPE, classify('S', "pipe_read", List.of(), 0).kind());
        assertEquals(WaitKind.PIPE, classify('S', "pipe_wait", List.of(), 0).kind());
    }

    @Test
    void zfsWaitIsFoundInTheStackBecauseWchanIsSplsConditionVariable() {
        // OpenZFS on Linux: wchan is cv_wait_common; the ZFS function that waits is further up the stack
        List<String> stack = List.of("cv_wait_common", "__cv_wait", "txg_wait_open", "dmu_tx_wait", "dmu_tx_assign",
                "zfs_write", "zpl_iter_write", "vfs_write");
        assertEquals(new WaitClass(WaitKind.ZFS_TXG, "txg_wait_open"), classify('D', "cv_wait_common", stack, 1));
        assertEquals(WaitKind.ZFS_DMU_TX, classify('D', "cv_wait_common", List.of("cv_wait_common", "__cv_wait",
                "dmu_tx_wait", "dmu_tx_assign", "zfs_write"), 1).kind());
        // without a stack (non-root capture) nothing ZFS-specific is known
        assertEquals(new WaitClass(WaitKind.OTHER, "cv_wait_common"), classify('D', "cv_wait_common", List.of(), -1));
    }

    @Test
    void firstMatchWinsSpecificBeforeGeneric() {
        // a writer throttled in balance_dirty_pages sleeps in io_schedule: the throttle is the cause
        assertEquals(WaitKind.WRITEBACK_THROTTLE, classify('D', "io_schedule",
                List.of("io_schedule", "balance_dirty_pages", "balance_dirty_pages_ratelimited_flags",
                        "generic_perform_write"), 1).kind());
        assertEquals(WaitKind.IO, classify('D', "folio_wait_bit_common", List.of(), 0).kind());
    }

    @Test
    void syscallDecidesWhenWchanAndStackAreUnknown() {
        assertEquals(new WaitClass(WaitKind.MSGQ_SEND, "msgsnd"), classify('S', "", List.of(), 69));
        assertEquals(new WaitClass(WaitKind.POLL, "epoll_wait"), classify('S', "", List.of(), 232));
        assertTrue(classify('S', "", List.of(), 232).idle());
        assertEquals(new WaitClass(WaitKind.UNKNOWN, "?"), classify('S', "", List.of(), -1));
    }

    @Test
    void runningAndIdleStates() {
        assertEquals(WaitKind.RUNNING, classify('R', "", List.of(), -1).kind());
        assertEquals(WaitKind.ZOMBIE, classify('Z', "", List.of(), -1).kind());
        assertTrue(classify('S', "do_nanosleep", List.of(), 230).idle());
        assertTrue(classify('S', "sigsuspend.isra.0", List.of(), 130).idle());
        assertTrue(classify('S', "__skb_wait_for_more_packets", List.of("__skb_wait_for_more_packets",
                "__skb_recv_datagram", "skb_recv_datagram", "unix_accept"), 43).idle());
    }

    @Test
    void fuseDaemonWaitingForRequestsIsIdleButAClientWaitingForItIsNot() {
        WaitClass daemon = classify('S', "fuse_dev_do_read", List.of(), 0);
        assertEquals(new WaitClass(WaitKind.FUSE_DAEMON, "fuse_dev_do_read"), daemon);
        assertTrue(daemon.idle());
        WaitClass client = classify('S', "request_wait_answer", List.of(), 4);
        assertEquals(new WaitClass(WaitKind.FUSE, "request_wait_answer"), client);
        assertFalse(client.idle());
    }

    @Test
    void vforkParent() {
        // 6.18 shows the parent of a CLONE_VFORK child that never execs in kernel_clone (bench loadgen, procload-vfk)
        assertEquals(WaitKind.VFORK, classify('D', "kernel_clone", List.of(), 56).kind());
    }

    @Test
    void aCustomChainIsOrdered() {
        WaitClassifier c = new WaitClassifier(List.of(
                e -> Optional.of(new WaitClass(WaitKind.LOCK, "first")),
                e -> Optional.of(new WaitClass(WaitKind.FUTEX, "second"))));
        assertEquals(new WaitClass(WaitKind.LOCK, "first"),
                c.classify(new WaitDetector.Evidence('S', "x", List.of(), -1, "amd64")));
    }

    @Test
    void eachDistinctEvidenceRunsTheChainOnce() {
        int[] runs = {0};
        WaitClassifier counting = new WaitClassifier(List.of(e -> {
            runs[0]++;
            return Optional.of(new WaitClass(WaitKind.OTHER, e.wchan()));
        }));
        for (int i = 0; i < 3; i++) {
            assertEquals("do_msgsnd", counting.classify(new WaitDetector.Evidence('S', "do_msgsnd", List.of("do_msgsnd"), 69,
                    "amd64")).site());
        }
        assertEquals(1, runs[0]);
        counting.classify(new WaitDetector.Evidence('S', "do_msgsnd", List.of("do_msgsnd", "x"), 69, "amd64"));
        assertEquals(2, runs[0]);
        for (int i = 0; i < WaitClassifier.MEMO_MAX + 10; i++) {
            assertEquals("w" + i, counting.classify(new WaitDetector.Evidence('S', "w" + i, List.of(), -1, "amd64")).site());
        }
        assertEquals(2 + WaitClassifier.MEMO_MAX + 10, runs[0]);
    }
}
