package io.procsnap.replay.parse;

/**
 * One row of {@code zpool list -Hp} (tab-separated, exact numbers):
 * <pre>
 * tank	10737418240	10737418240	0	-	-	60	100	1.00	ONLINE	-
 * </pre>
 * Columns: name size alloc free ckpoint expandsz frag cap dedup health altroot. Unknown numbers
 * ({@code -}) are -1.
 *
 * @param capacityPercent {@code cap} column, percent used
 */
public record ZpoolListRow(String name, long size, long allocated, long free, long fragmentationPercent,
                           long capacityPercent, String dedupRatio, String health, String altroot) {
}
