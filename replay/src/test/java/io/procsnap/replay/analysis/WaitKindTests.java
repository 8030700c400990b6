package io.procsnap.replay.analysis;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The wait kinds' printed labels and the families the rules and the report graph share. */
class WaitKindTests {

    @Test
    void labelsAreTheStableNamesPrintedSinceTheFirstRelease() {
        assertEquals(List.of("running", "zombie", "msgq-send", "msgq-receive", "unix-connect", "zfs-txg", "zfs-dmu-tx",
                "zfs-sync", "writeback-throttle", "fuse-daemon", "fuse", "nfs", "io", "vfork", "semop", "flock", "lock",
                "futex", "pipe", "accept", "socket", "poll", "sleep", "signal-wait", "child-wait", "kthread-idle",
                "other", "unknown"), Arrays.stream(WaitKind.values()).map(WaitKind::label).toList());
        assertEquals("zfs-dmu-tx", WaitKind.ZFS_DMU_TX.toString(), "a kind prints as its label");
    }

    @Test
    void familiesAreDefinedOnce() {
        assertEquals(List.of(WaitKind.ZFS_TXG, WaitKind.ZFS_DMU_TX, WaitKind.ZFS_SYNC), matching(WaitKind::zfsTransaction));
        assertEquals(List.of(WaitKind.WRITEBACK_THROTTLE, WaitKind.IO), matching(WaitKind::writeback));
        assertEquals(List.of(WaitKind.ZFS_TXG, WaitKind.ZFS_DMU_TX, WaitKind.ZFS_SYNC, WaitKind.WRITEBACK_THROTTLE,
                WaitKind.FUSE, WaitKind.NFS, WaitKind.IO, WaitKind.LOCK), matching(WaitKind::storageOrLock));
        assertEquals(List.of(WaitKind.FUSE_DAEMON, WaitKind.ACCEPT, WaitKind.POLL, WaitKind.SLEEP, WaitKind.SIGNAL_WAIT,
                WaitKind.CHILD_WAIT, WaitKind.KTHREAD_IDLE), matching(WaitKind::idle));
    }

    @Test
    void aNetworkOrFuseFilesystemTypeNamesItsRequestWait() {
        assertEquals(Optional.of(WaitKind.NFS), WaitKind.requestWaitOf("nfs4"));
        assertEquals(Optional.of(WaitKind.FUSE), WaitKind.requestWaitOf("fuse.sshfs"));
        assertEquals(Optional.of(WaitKind.FUSE), WaitKind.requestWaitOf("fuseblk"));
        assertEquals(Optional.empty(), WaitKind.requestWaitOf("ext4"));
    }

    private static List<WaitKind> matching(Predicate<WaitKind> family) {
        return Arrays.stream(WaitKind.values()).filter(family).toList();
    }
}
