package io.procsnap.replay.parse;

/**
 * One row of {@code /proc/spl/kstat/zfs/<pool>/txgs}:
 * <pre>
 * txg      birth            state ndirty       nread        nwritten     reads    writes   otime        qtime        wtime        stime
 * 1234     26580542129      C     1048576      0            1245184      0        19       5000254130   6584         96312        2394015
 * </pre>
 *
 * @param state O open, Q quiescing, W waiting for sync, S syncing, C committed
 */
public record TxgRow(long txg, long birth, char state, long ndirty, long nread, long nwritten, long reads,
                     long writes, long otime, long qtime, long wtime, long stime) {
}
