package io.procsnap.replay.parse;

/**
 * One row of {@code /proc/sysvipc/shm}; {@code rss} and {@code swap} are -1 on kernels that do not print them.
 * <pre>
 *        key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
 *          0          1   600                  4096  6601  6601      0     0     0     0     0          0          0 1700000000                     0                     0
 * </pre>
 */
public record ShmSegment(long key, int shmid, int perms, long size, int cpid, int lpid, long nattch, long uid,
                         long gid, long cuid, long cgid, long atime, long dtime, long ctime, long rss, long swap) {
}
