package io.procsnap.replay.parse;

/**
 * One row of {@code /proc/sysvipc/sem}:
 * <pre>
 *        key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime
 *  305419896          0   600          1     0     0     0     0          0 1700000000
 * </pre>
 */
public record SemSet(long key, int semid, int perms, long nsems, long uid, long gid, long cuid, long cgid,
                     long otime, long ctime) {
}
