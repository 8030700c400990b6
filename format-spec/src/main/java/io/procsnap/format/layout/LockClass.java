package io.procsnap.format.layout;

/**
 * Which lock of the target a read of a kernel file can sleep on (Linux {@code fs/proc/base.c}), so that
 * a read that hung points at what holds it up. A column of {@link KernelFile}; rows stay
 * {@link #UNKNOWN} until the kernel source has been checked for them.
 */
public enum LockClass {
    /** Not established yet. */
    UNKNOWN,
    /** No sleeping lock of the target: RCU, the task lock or the sighand spinlock at most. */
    NONE,
    /**
     * The target's mmap lock ({@code mmap_lock}, {@code mmap_sem} before 5.8): the read copies the
     * target's memory through {@code access_remote_vm} ({@code cmdline}, {@code environ}) and waits
     * while a thread of the target holds the lock, for example one stuck in a page fault on a hung
     * file system.
     */
    TARGET_MMAP,
    /**
     * The target's exec lock ({@code signal->exec_update_lock} since 5.11, {@code exec_update_mutex} in
     * 5.7 to 5.10, {@code cred_guard_mutex} before), taken by {@code lock_trace} ({@code stack},
     * {@code syscall}) and by the I/O accounting ({@code io}): waits while the target is in exec.
     */
    TARGET_EXEC
}
