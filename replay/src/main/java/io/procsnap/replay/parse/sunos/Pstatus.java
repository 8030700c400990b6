package io.procsnap.replay.parse.sunos;

/**
 * {@code /proc/PID/status} ({@code pstatus_t}) with its representative LWP's status.
 *
 * @param targetModel {@code pr_dmodel}, null when unknown
 */
public record Pstatus(int flags, int nlwp, int pid, int ppid, int pgid, int sid, int agentid, long brkbase,
                      long brksize, long stkbase, long stksize, Timestruc utime, Timestruc stime, Timestruc cutime,
                      Timestruc cstime, DataModel targetModel, int taskid, int projid, int nzomb, int zoneid,
                      Lwpstatus lwp, ReaderAbi abi) {
}
