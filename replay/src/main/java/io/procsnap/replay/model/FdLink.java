package io.procsnap.replay.model;

/**
 * One {@code proc/PID/fd/N} symlink.
 *
 * @param fd     descriptor number
 * @param target readlink text ({@code socket:[23817]}, {@code /var/log/x}, {@code pipe:[1234]}), or null when the
 *               readlink failed (see {@code source})
 */
public record FdLink(int fd, String target, EntryRef source) {

    /** The inode of a {@code socket:[N]} target, or -1. */
    public long socketInode() {
        if (target != null && target.startsWith("socket:[") && target.endsWith("]")) {
            try {
                return Long.parseLong(target.substring(8, target.length() - 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
