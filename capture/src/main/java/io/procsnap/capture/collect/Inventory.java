package io.procsnap.capture.collect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
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
    /** Processes whose own stat or wchan looked blocked in the fast pass. */
    private final ConcurrentSkipListSet<Integer> suspects = new ConcurrentSkipListSet<>();
    /** The threads that look blocked, in the order their first samples (stat, then wchan) ended. */
    private final ConcurrentLinkedQueue<Sampled> sampled = new ConcurrentLinkedQueue<>();

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
        if (inD(stat)) {
            blocked.computeIfAbsent(pid, k -> new ConcurrentSkipListSet<>()).add(tid);
        }
    }

    /** A process's own {@code stat} (its main thread's state): in D its threads are read first. */
    void sawProcessStat(int pid, byte[] stat) {
        if (inD(stat)) {
            suspects.add(pid);
        }
    }

    /** A process's own {@code wchan}: outside the idle places its threads are read first. */
    void sawProcessWchan(int pid, byte[] wchan) {
        if (waitsOutsideIdle(wchan)) {
            suspects.add(pid);
        }
    }

    /** Whether the process's own stat or wchan looked blocked: its threads' first samples come first. */
    boolean looksBlocked(int pid) {
        return suspects.contains(pid);
    }

    /** Whether a {@code stat} line says D (the state after the last {@code ')'}: a comm may hold one). */
    private static boolean inD(byte[] stat) {
        if (stat == null) {
            return false;
        }
        for (int i = stat.length - 1; i > 0; i--) {
            if (stat[i] == ')') {
                return i + 2 < stat.length && stat[i + 2] == 'D';
            }
        }
        return false;
    }

    /** Whether a {@code wchan} names a wait site outside {@link #IDLE_WCHAN} (not running, not hidden). */
    private static boolean waitsOutsideIdle(byte[] wchan) {
        if (wchan == null || wchan.length == 0 || (wchan.length == 1 && wchan[0] == '0')) {
            return false;
        }
        String site = new String(wchan, java.nio.charset.StandardCharsets.US_ASCII).strip();
        return !site.isEmpty() && !site.equals("0") && !IDLE_WCHAN.matcher(site).matches();
    }

    /**
     * A thread's {@code wchan} from the fast pass, read after its {@code stat}: sleeping anywhere but an
     * idle place, it looks blocked. Either way its first sample ends here: when it looks blocked (by this
     * wchan or by the D of its stat), it is queued for the re-sample, due one interval from now
     * ({@link #takeDue}). {@code wchan} is null when the read failed.
     */
    void sawWchan(int pid, int tid, byte[] wchan) {
        if (waitsOutsideIdle(wchan)) { // else running, hidden (a non-root reader) or not read: only a D stat counts
            blocked.computeIfAbsent(pid, k -> new ConcurrentSkipListSet<>()).add(tid);
        }
        ConcurrentSkipListSet<Integer> tids = blocked.get(pid);
        if (tids != null && tids.contains(tid)) {
            sampled.add(new Sampled(pid, tid, System.nanoTime()));
        }
    }

    /** A thread that looks blocked, and when its first sample ended ({@link System#nanoTime()}). */
    private record Sampled(int pid, int tid, long at) { }

    /**
     * When the first sample of the earliest thread not yet taken by {@link #takeDue} ended
     * ({@link System#nanoTime()}), or {@code orElse} when none waits.
     */
    public long nextSampled(long orElse) {
        Sampled s = sampled.peek();
        return s == null ? orElse : s.at();
    }

    /**
     * Takes the threads that look blocked whose first sample ended at or before {@code endedBy}
     * ({@link System#nanoTime()}): pid to tids, sorted; each thread is taken once. The fast pass queues
     * them in the order their samples ended, so a re-sample one interval after each thread's own first
     * sample takes them with {@code endedBy = now - interval}.
     */
    public Map<Integer, int[]> takeDue(long endedBy) {
        Map<Integer, java.util.TreeSet<Integer>> due = new TreeMap<>();
        Sampled s;
        while ((s = sampled.peek()) != null && s.at() - endedBy <= 0) {
            sampled.poll();
            due.computeIfAbsent(s.pid(), k -> new java.util.TreeSet<>()).add(s.tid());
        }
        Map<Integer, int[]> out = new TreeMap<>();
        due.forEach((pid, tids) -> out.put(pid, tids.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /**
     * An inventory whose {@link #blocked()} is {@code threads} (pid to tids) and nothing else: what one
     * batch of the re-sample ({@link Phase#RESAMPLE}) declares.
     */
    public static Inventory ofBlocked(Map<Integer, int[]> threads) {
        Inventory batch = new Inventory(true);
        threads.forEach((pid, tids) -> {
            ConcurrentSkipListSet<Integer> set = new ConcurrentSkipListSet<>();
            for (int tid : tids) {
                set.add(tid);
            }
            batch.blocked.put(pid, set);
        });
        return batch;
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
