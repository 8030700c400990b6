package io.procsnap.replay.parse;

/**
 * One row of {@code zfs list -Hp} (tab-separated: name used avail refer mountpoint):
 * <pre>
 * tank/data	10200547328	0	10200547328	/tank/data
 * </pre>
 * Unknown numbers are -1.
 */
public record ZfsListRow(String name, long used, long available, long referenced, String mountPoint) {
    /** The pool: the part before the first '/'. */
    public String pool() {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }
}
