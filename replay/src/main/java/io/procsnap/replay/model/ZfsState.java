package io.procsnap.replay.model;

import io.procsnap.replay.parse.ZfsListRow;

import java.util.List;

/**
 * Pools (sorted by name) and datasets ({@code cmd/zfs-list}, or the fallbacks of older ZFS named by
 * {@code datasetForm}). {@code datasets} is absent when no form was captured or all failed.
 */
public record ZfsState(List<ZfsPool> pools, Sourced<List<ZfsListRow>> datasets, String datasetForm) {
    public ZfsState {
        pools = List.copyOf(pools);
    }
}
