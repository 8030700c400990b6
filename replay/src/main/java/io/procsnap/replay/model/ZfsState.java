package io.procsnap.replay.model;

import io.procsnap.replay.parse.ZfsListRow;

import java.util.List;

/**
 * Pools (sorted by name) and datasets ({@code cmd/zfs-list}). {@code datasets} is absent when zfs list was
 * not captured or failed.
 */
public record ZfsState(List<ZfsPool> pools, Sourced<List<ZfsListRow>> datasets) {
    public ZfsState {
        pools = List.copyOf(pools);
    }
}
