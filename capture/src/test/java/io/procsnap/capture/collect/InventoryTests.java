package io.procsnap.capture.collect;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which threads the fast pass notes as looking blocked, from real wait channels of kernel 6.18 (bench/load.sh). */
class InventoryTests {
    @Test
    void idlePlacesWithOrWithoutCompilerSuffixesAreNotBlocked() {
        Inventory inv = new Inventory(true);
        List<String> idle = List.of("poll_schedule_timeout.constprop.0", "hrtimer_nanosleep", "futex_do_wait",
                "__skb_wait_for_more_packets", "anon_pipe_read", "do_epoll_wait", "sigsuspend.isra.0", "__do_sys_pause",
                "do_wait", "do_msgrcv", "worker_thread", "0", "");
        int tid = 1;
        for (String w : idle) {
            inv.sawWchan(7, tid++, w.getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(Map.of(), inv.blocked());
        for (String w : List.of("do_msgsnd", "unix_wait_for_peer", "__do_semtimedop", "locks_lock_inode_wait",
                "filemap_fault", "clear_refs_write")) {
            inv.sawWchan(8, tid++, w.getBytes(StandardCharsets.US_ASCII));
        }
        inv.sawStat(9, 40, "40 (a) b) D 1 40 40 0 -1 4194304".getBytes(StandardCharsets.US_ASCII));
        inv.sawStat(9, 41, "41 (sleep) S 1 41 41 0 -1 4194304".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new int[] {14, 15, 16, 17, 18, 19}, inv.blocked().get(8));
        assertArrayEquals(new int[] {40}, inv.blocked().get(9), "a D thread, its comm holding ') '");
    }
}
