package io.procsnap.capture.collect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What the capture learned while it ran that later phases build on: the processes and threads found
 * by the fast pass, the captured mountinfo, the ZFS pools. Filled by follow-ups on engine threads.
 */
public final class Inventory {
    private final ConcurrentSkipListMap<Integer, int[]> threads = new ConcurrentSkipListMap<>();
    private volatile byte[] mountinfo;
    /** Whether the fast pass notes the threads that look blocked ({@link #blocked()}). */
    private final boolean watchBlocked;
    private final ConcurrentSkipListMap<Integer, ConcurrentSkipListSet<Integer>> blocked = new ConcurrentSkipListMap<>();
    /** When the last fast-pass read of a thread that looks blocked ended ({@link System#nanoTime()}). */
    private final AtomicLong lastBlockedRead = new AtomicLong(Long.MIN_VALUE);

    /**
     * Wait channels of the usual idle places, where a healthy thread sits by choice (poll, epoll, select,
     * sleep, futex, signal and child waits, a socket or pipe read, accept, a FUSE daemon's read, idle
     * kernel threads): a thread there is not re-sampled. Names of 4.x to 6.18 kernels, with or without
     * the compiler's suffixes ({@code poll_schedule_timeout.constprop.0}, {@code sigsuspend.isra.0}).
     */
    static final Pattern IDLE_WCHAN = Pattern.compile("^(?:__do_sys_pause|__x64_sys_pause|do_epoll_wait|ep_poll|do_select|core_sys_select|do_sys_poll"
            + "|poll_schedule_timeout|hrtimer_nanosleep|do_nanosleep|clock_nanosleep|futex_wait_queue(_me)?|futex_do_wait"
            + "|futex_wait|do_wait|kernel_wait4|sigsuspend|sys_pause|do_sigtimedwait|sigtimedwait|inet_csk_accept"
            + "|unix_stream_read_generic|unix_dgram_recvmsg|__skb_wait_for_more_packets|skb_wait_for_more_packets"
            + "|sk_wait_data|wait_woken|pipe_read|anon_pipe_read|pipe_wait|pipe_wait_readable|n_tty_read|wait_for_completion_interruptible"
            + "|fuse_dev_do_read|kthread_worker_fn|worker_thread|smpboot_thread_fn|rcu_gp_kthread|rcu_tasks_kthread"
            + "|kswapd|khugepaged|kcompactd|watchdog|ksoftirqd|rescuer_thread|irq_thread|kthreadd|devtmpfsd"
            + "|do_msgrcv|inotify_read|signalfd_dequeue|io_cqring_wait|usb_stor_control_thread|jbd2_journal_commit_transaction"
            + "|kjournald2)(?:\\.(?:constprop|isra|part|cold)(?:\\.\\d+)*)*$");

    /** Empty: the fast pass fills it; it does not watch for blocked threads. */
    public Inventory() {
        this(false);
    }

    /** @param watchBlocked whether the fast pass notes the threads that look blocked, for {@link Phase#RESAMPLE} */
    public Inventory(boolean watchBlocked) {
        this.watchBlocked = watchBlocked;
    }

    boolean watchesBlocked() {
        return watchBlocked;
    }

    /** A thread's {@code stat} from the fast pass: in D it looks blocked. */
    void sawStat(int pid, int tid, byte[] stat) {
        if (stat == null) {
            return;
        }
        for (int i = stat.length - 1; i > 0; i--) {
            if (stat[i] == ')') {
                if (i + 2 < stat.length && stat[i + 2] == 'D') {
                    markBlocked(pid, tid);
                }
                return;
            }
        }
    }

    /** A thread's {@code wchan} from the fast pass: sleeping anywhere but an idle place, it looks blocked. */
    void sawWchan(int pid, int tid, byte[] wchan) {
        if (wchan == null || wchan.length == 0 || (wchan.length == 1 && wchan[0] == '0')) {
            return; // running, or hidden (a non-root reader)
        }
        String site = new String(wchan, java.nio.charset.StandardCharsets.US_ASCII).strip();
        if (!site.isEmpty() && !site.equals("0") && !IDLE_WCHAN.matcher(site).matches()) {
            markBlocked(pid, tid);
        } else {
            ConcurrentSkipListSet<Integer> tids = blocked.get(pid);
            if (tids != null && tids.contains(tid)) {
                readBlocked(); // D in its stat, read just before: its sample ends with this wchan
            }
        }
    }

    private void markBlocked(int pid, int tid) {
        blocked.computeIfAbsent(pid, k -> new ConcurrentSkipListSet<>()).add(tid);
        readBlocked();
    }

    private void readBlocked() {
        long now = System.nanoTime();
        lastBlockedRead.updateAndGet(last -> last == Long.MIN_VALUE || now - last > 0 ? now : last);
    }

    /**
     * When the fast pass's last read of a thread in {@link #blocked()} ended ({@link System#nanoTime()}),
     * or {@code orElse} when none looks blocked: a re-sample one interval after it is at least an interval
     * after every re-sampled thread's first sample, and need not wait for the rest of the fast pass.
     */
    public long lastBlockedRead(long orElse) {
        long t = lastBlockedRead.get();
        return t == Long.MIN_VALUE ? orElse : t;
    }

    /** pid to the tids that looked blocked in the fast pass (D, or waiting outside the idle places), sorted. */
    public Map<Integer, int[]> blocked() {
        Map<Integer, int[]> out = new TreeMap<>();
        blocked.forEach((pid, tids) -> out.put(pid, tids.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    void addProcess(int pid) {
        threads.putIfAbsent(pid, new int[0]);
    }

    void setThreads(int pid, int[] tids) {
        threads.put(pid, tids);
    }

    /** pid to its tids (sorted by pid), as listed in the fast pass. */
    public Map<Integer, int[]> processes() {
        return threads;
    }

    public long threadCount() {
        long n = 0;
        for (int[] t : threads.values()) {
            n += t.length;
        }
        return n;
    }

    void setMountinfo(byte[] content) {
        this.mountinfo = content;
    }

    /** The captured proc/self/mountinfo, or null when it could not be read. */
    public byte[] mountinfo() {
        return mountinfo;
    }
}
