package io.procsnap.replay.analysis;

import java.util.Locale;
import java.util.Optional;

/**
 * What a thread waits for, as {@link WaitClassifier} names it. The label is the stable kebab-case name
 * printed by {@code ps}, {@code threads --by wait} and the findings ({@code msgq-send}, {@code zfs-txg});
 * never renamed.
 *
 * <p>The families that several analyses share live here, once: ZFS transaction waits, writeback and
 * plain I/O waits, and the storage and lock waits whose threads are likely to hold up others.
 */
public enum WaitKind {
    RUNNING(Family.NONE, false),
    ZOMBIE(Family.NONE, false),
    MSGQ_SEND(Family.NONE, false),
    MSGQ_RECEIVE(Family.NONE, false),
    UNIX_CONNECT(Family.NONE, false),
    ZFS_TXG(Family.ZFS, false),
    ZFS_DMU_TX(Family.ZFS, false),
    ZFS_SYNC(Family.ZFS, false),
    WRITEBACK_THROTTLE(Family.WRITEBACK, false),
    /** A FUSE daemon waiting for the next request: idle. */
    FUSE_DAEMON(Family.NONE, true),
    /** A request to a FUSE filesystem waiting for its daemon's answer. */
    FUSE(Family.REMOTE, false),
    NFS(Family.REMOTE, false),
    IO(Family.WRITEBACK, false),
    VFORK(Family.NONE, false),
    SEMOP(Family.NONE, false),
    FLOCK(Family.NONE, false),
    LOCK(Family.LOCK, false),
    FUTEX(Family.NONE, false),
    PIPE(Family.NONE, false),
    ACCEPT(Family.NONE, true),
    SOCKET(Family.NONE, false),
    POLL(Family.NONE, true),
    SLEEP(Family.NONE, true),
    SIGNAL_WAIT(Family.NONE, true),
    CHILD_WAIT(Family.NONE, true),
    KTHREAD_IDLE(Family.NONE, true),
    /** A wait channel no detector knows. */
    OTHER(Family.NONE, false),
    /** Neither wait channel, stack nor syscall was captured. */
    UNKNOWN(Family.NONE, false);

    private enum Family { NONE, ZFS, WRITEBACK, REMOTE, LOCK }

    private final Family family;
    private final boolean idle;
    private final String label;

    WaitKind(Family family, boolean idle) {
        this.family = family;
        this.idle = idle;
        this.label = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The stable kebab-case name: {@code msgq-send}, {@code zfs-dmu-tx}. */
    public String label() {
        return label;
    }

    /**
     * True for waits a healthy program sits in by choice (poll, sleep, signal wait, waiting for a child,
     * an accept, a FUSE daemon's read of its next request): not evidence of a hang by themselves.
     */
    public boolean idle() {
        return idle;
    }

    /** ZFS transaction waits: {@code zfs-txg}, {@code zfs-dmu-tx}, {@code zfs-sync}. */
    public boolean zfsTransaction() {
        return family == Family.ZFS;
    }

    /** Writeback throttling and plain block I/O: {@code writeback-throttle}, {@code io}. */
    public boolean writeback() {
        return family == Family.WRITEBACK;
    }

    /**
     * Storage and lock waits (ZFS, writeback and I/O, NFS and FUSE requests, kernel locks): a thread in
     * one of them is likely to hold something (a page lock, {@code mmap_lock}, {@code p_lock}) others wait
     * for.
     */
    public boolean storageOrLock() {
        return family != Family.NONE;
    }

    /** The request wait of a network or FUSE filesystem type ({@code nfs4} -> {@link #NFS}, {@code fuse.sshfs} -> {@link #FUSE}). */
    public static Optional<WaitKind> requestWaitOf(String fstype) {
        if (fstype.startsWith("nfs")) {
            return Optional.of(NFS);
        }
        if (fstype.startsWith("fuse")) {
            return Optional.of(FUSE);
        }
        return Optional.empty();
    }

    /** The label, so that a kind prints as it always has. */
    @Override
    public String toString() {
        return label;
    }
}
