package io.procsnap.capture.collect;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What the capture learned while it ran that later phases build on: the processes and threads found
 * by the fast pass, the captured mountinfo, the ZFS pools. Filled by follow-ups on engine threads.
 */
public final class Inventory {
    private final ConcurrentSkipListMap<Integer, int[]> threads = new ConcurrentSkipListMap<>();
    private volatile byte[] mountinfo;

    /** Empty: the fast pass fills it. */
    public Inventory() {
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
