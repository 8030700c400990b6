package io.procsnap.capture.collect;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        inv.sawWchan(9, 40, null);
        inv.sawWchan(9, 41, null);
        assertArrayEquals(new int[] {14, 15, 16, 17, 18, 19}, inv.blocked().get(8));
        assertArrayEquals(new int[] {40}, inv.blocked().get(9), "a D thread, its comm holding ') '");
    }

    /**
     * Each thread that looks blocked is due for the re-sample once its own first sample (stat, then wchan)
     * ended: {@code takeDue} hands out those that ended by a time, each once, and leaves the later ones.
     */
    @Test
    void threadsAreTakenForTheResampleInTheOrderTheirFirstSamplesEnded() throws Exception {
        Inventory inv = new Inventory(true);
        assertEquals(-1L, inv.nextSampled(-1L));
        inv.sawStat(9, 40, "40 (disk) D 1 40 40 0 -1 4194304".getBytes(StandardCharsets.US_ASCII));
        assertEquals(-1L, inv.nextSampled(-1L), "its sample ends with its wchan");
        inv.sawWchan(9, 40, "0".getBytes(StandardCharsets.US_ASCII));
        inv.sawWchan(8, 14, "do_msgsnd".getBytes(StandardCharsets.US_ASCII));
        inv.sawWchan(8, 15, "futex_do_wait".getBytes(StandardCharsets.US_ASCII));
        long firstTwo = System.nanoTime();
        Thread.sleep(2);
        inv.sawWchan(7, 3, "unix_wait_for_peer".getBytes(StandardCharsets.US_ASCII));
        assertTrue(inv.nextSampled(-1L) - firstTwo <= 0);
        Map<Integer, int[]> due = inv.takeDue(firstTwo);
        assertEquals(List.of(8, 9), List.copyOf(due.keySet()));
        assertArrayEquals(new int[] {14}, due.get(8));
        assertArrayEquals(new int[] {40}, due.get(9));
        assertEquals(Map.of(), inv.takeDue(firstTwo), "taken once");
        assertArrayEquals(new int[] {3}, inv.takeDue(System.nanoTime()).get(7));
        assertEquals(-1L, inv.nextSampled(-1L));
        assertEquals(3, inv.blocked().size(), "blocked() still lists every thread that looked blocked");
        assertArrayEquals(new int[] {3}, Inventory.ofBlocked(Map.of(7, new int[] {3})).blocked().get(7));
    }

    /** A process whose own stat is D or whose own wchan is outside the idle places has its threads read first. */
    @Test
    void aProcessWhoseMainThreadLooksBlockedIsASuspect() {
        Inventory inv = new Inventory(true);
        inv.sawProcessStat(5, "5 (vfork parent) D 1 5 5 0 -1 4194304".getBytes(StandardCharsets.US_ASCII));
        inv.sawProcessWchan(6, "do_msgsnd".getBytes(StandardCharsets.US_ASCII));
        inv.sawProcessStat(7, "7 (idle) S 1 7 7 0 -1 4194304".getBytes(StandardCharsets.US_ASCII));
        inv.sawProcessWchan(7, "do_epoll_wait".getBytes(StandardCharsets.US_ASCII));
        inv.sawProcessWchan(8, null);
        assertTrue(inv.looksBlocked(5));
        assertTrue(inv.looksBlocked(6));
        assertFalse(inv.looksBlocked(7));
        assertFalse(inv.looksBlocked(8));
        assertEquals(Map.of(), inv.blocked(), "a suspect process is not a re-sampled thread");
    }
}
