package io.procsnap.replay.parse;

/**
 * One row of {@code /proc/sysvipc/msg}:
 * <pre>
 *        key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime
 *          0          0   600       16384         16  4711  4700     0     0     0     0 1700000000 1700000000 1700000000
 * </pre>
 * The queue's byte limit ({@code msg_qbytes}) is not in this file; it defaults to {@code msgmnb}.
 *
 * @param perms octal permission bits as printed ({@code 600} means 0600)
 */
public record MsgQueue(long key, int msqid, int perms, long cbytes, long qnum, int lspid, int lrpid, long uid,
                       long gid, long cuid, long cgid, long stime, long rtime, long ctime) {
}
