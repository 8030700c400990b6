package io.procsnap.replay.parse;

import java.util.List;

/**
 * One pool's section of {@code zpool status -v}:
 * <pre>
 *   pool: tank
 *  state: SUSPENDED
 * status: One or more devices are faulted in response to IO failures.
 * action: Make sure the affected devices are connected, then run 'zpool clear'.
 *    see: https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-HC
 *   scan: none requested
 * config:
 *
 * 	NAME        STATE     READ WRITE CKSUM
 * 	tank        ONLINE       0     0     0
 * 	  sdb       ONLINE       0     0     0
 *
 * errors: No known data errors
 * </pre>
 *
 * @param devices config rows (pool itself first), indentation depth kept
 */
public record ZpoolStatus(String pool, String state, String status, String action, String scan,
                          List<Device> devices, String errors) {
    public ZpoolStatus {
        devices = List.copyOf(devices);
    }

    /** @param depth indentation level below the {@code NAME} column (0 = the pool) */
    public record Device(String name, String state, long readErrors, long writeErrors, long checksumErrors,
                         int depth, String note) { }
}
