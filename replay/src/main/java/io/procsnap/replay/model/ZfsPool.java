package io.procsnap.replay.model;

import io.procsnap.replay.parse.TxgRow;
import io.procsnap.replay.parse.ZpoolListRow;
import io.procsnap.replay.parse.ZpoolStatus;

import java.util.List;

/**
 * A ZFS pool seen through {@code cmd/zpool-list}, {@code cmd/zpool-status} and the kstats
 * {@code proc/spl/kstat/zfs/<pool>/state} and {@code .../txgs}. Any part may be absent.
 *
 * @param kstatState  content of the state kstat ({@code ONLINE}, {@code SUSPENDED}, ...)
 * @param listForm    the command whose figures {@code list} holds: {@code zpool list -Hp} (exact), or a
 *                    fallback of older ZFS in rounded units ({@code zpool list -H}, {@code zpool get all})
 */
public record ZfsPool(String name, Sourced<ZpoolListRow> list, Sourced<ZpoolStatus> status,
                      Sourced<String> kstatState, Sourced<List<TxgRow>> txgs, String listForm) {

    /** Health from zpool list, else zpool status, else the kstat; {@code "?"} when none was captured. */
    public String health() {
        if (list.present()) {
            return list.value().health();
        }
        if (status.present() && status.value().state() != null) {
            return status.value().state();
        }
        return kstatState.present() ? kstatState.value() : "?";
    }

    /** Percent used from zpool list, -1 when unknown. */
    public long capacityPercent() {
        return list.present() ? list.value().capacityPercent() : -1;
    }
}
