package io.procsnap.replay.model;

import io.procsnap.format.layout.StatfsRecord;
import io.procsnap.replay.parse.MountInfo;

/**
 * A mount from {@code proc/self/mountinfo} line {@code info.line()}, with its {@code statfs/<line>} entry.
 *
 * @param source the mountinfo entry
 * @param statfs the statfs result (absent when the statfs hung: see {@code statfs.source().status()})
 */
public record Mount(MountInfo info, EntryRef source, Sourced<StatfsRecord> statfs) {
    public String mountPoint() {
        return info.mountPoint();
    }

    public String fstype() {
        return info.fstype();
    }
}
