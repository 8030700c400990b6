package io.procsnap.replay.parse;

import java.util.List;
import java.util.Map;

/**
 * {@code /proc/PID/status}: the fields the analyses use, plus every line as text in {@link #fields()}.
 * Numbers not present are {@code -1}; sizes are in kB as printed.
 *
 * @param name         {@code Name:} (comm, escaped as the kernel prints it)
 * @param state        first letter of {@code State:  S (sleeping)}, or '?' when absent
 * @param stateText    the whole {@code State:} value
 * @param tgid         {@code Tgid:}
 * @param pid          {@code Pid:}
 * @param ppid         {@code PPid:}
 * @param uids         {@code Uid:} real, effective, saved, filesystem (empty when absent)
 * @param gids         {@code Gid:} real, effective, saved, filesystem
 * @param threads      {@code Threads:}
 * @param vmRssKb      {@code VmRSS:} in kB (absent for kernel threads and zombies)
 * @param vmSizeKb     {@code VmSize:} in kB
 * @param voluntaryCtxtSwitches    {@code voluntary_ctxt_switches:}
 * @param nonvoluntaryCtxtSwitches {@code nonvoluntary_ctxt_switches:}
 * @param text         the file as read; {@link #fields()} splits it on demand (kept as one string so
 *                     10,000 threads do not cost 10,000 maps)
 */
public record ProcStatus(String name, char state, String stateText, int tgid, int pid, int ppid, List<Long> uids,
                         List<Long> gids, long threads, long vmRssKb, long vmSizeKb, long voluntaryCtxtSwitches,
                         long nonvoluntaryCtxtSwitches, String text) {
    public ProcStatus {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    /**
     * The same fields without the text ({@link #fields()} then empty): what the model keeps of a thread's
     * status, whose other lines no analysis reads (10,033 threads kept 14 MB of text).
     */
    public ProcStatus withoutText() {
        return new ProcStatus(name, state, stateText, tgid, pid, ppid, uids, gids, threads, vmRssKb, vmSizeKb,
                voluntaryCtxtSwitches, nonvoluntaryCtxtSwitches, "");
    }

    /** Every {@code Key:\tvalue} line, value trimmed, in file order. */
    public Map<String, String> fields() {
        return ProcStatusParser.fields(text);
    }

    /** One field's trimmed value, or null. */
    public String field(String key) {
        return fields().get(key);
    }

    /** Real uid, or -1. */
    public long uid() {
        return uids.isEmpty() ? -1 : uids.get(0);
    }

    /** Effective uid, or -1. */
    public long euid() {
        return uids.size() < 2 ? -1 : uids.get(1);
    }

    /** Real gid, or -1. */
    public long gid() {
        return gids.isEmpty() ? -1 : gids.get(0);
    }
}
