package io.procsnap.format.layout;

/**
 * The kernel lock a read of a captured file can wait for, named by what holds it: the values of the
 * lock-class column of {@link KernelFile} ({@link KernelFile#locks()}). A read of a file of class C hangs
 * while another thread holds (or is queued for, when the lock is a fair rwsem) a lock of class C; files
 * of other classes of the same process stay readable. capture/LOCK-CLASSES.md gives, per file, the kernel
 * function chain with file:line for Linux 6.12 and 6.1 (and what differs on 5.x and 4.x) and what the
 * capture's LockClassesIT verified on the kernel it ran on. The column describes current kernels (6.1.15x
 * and 6.12 stable, 6.18): where an older kernel differs, the markdown says so. A row with no class (an
 * empty set) has not been checked yet.
 */
public enum LockClass {
    /**
     * No lock another task can hold for long: RCU, and spinlocks that are never held across a sleep
     * ({@code task_lock}, {@code siglock} via {@code lock_task_sighand}, {@code pi_lock}, {@code css_set_lock}).
     */
    NONE,
    /**
     * The target's {@code signal->exec_update_lock} (a rwsem since 5.11, {@code exec_update_mutex} in 5.7 to
     * 5.10), read by stat, wchan, stack, syscall, io, the exe/cwd/root/fd/ns links and environ's open.
     * Held for writing by a thread of the target in {@code execve} from {@code exec_mmap} to
     * {@code setup_new_exec}; it stays held when {@code exec_mmap} waits for the old mm's mmap lock.
     * Before 5.7 these readers took {@link #EXEC_CREDENTIALS} instead.
     */
    EXEC_UPDATE,
    /**
     * The target's {@code signal->cred_guard_mutex}: held by a thread in {@code execve} for the whole exec,
     * from {@code prepare_bprm_creds} (so also while it opens and reads the binary) to
     * {@code setup_new_exec}. Since 5.7 no captured read takes it (ptrace attach and
     * {@code /proc/PID/attr} writes do); on 4.x and 5.0 to 5.6 stack, syscall, io and environ did.
     */
    EXEC_CREDENTIALS,
    /**
     * The target's {@code mm->mmap_lock} ({@code mmap_sem} before 5.8), read by cmdline and environ
     * ({@code access_remote_vm}) and maps/smaps (never captured). Held for writing by mmap, munmap,
     * mprotect, brk of the target and by {@code /proc/PID/clear_refs} writers; for reading by a page fault
     * that may not drop it (a fault through {@code /proc/PID/mem}, ptrace peeks or {@code execve}'s
     * {@code exec_mmap}). A reader queues behind a queued writer.
     */
    MMAP,
    /** The global {@code cgroup_mutex}: read by /proc/PID/cgroup up to 6.1 (6.12 reads under RCU and css_set_lock). */
    CGROUP,
    /** The global {@code namespace_sem}: mounts and mountinfo; held for writing by mount, umount, pivot_root. */
    MOUNT_NAMESPACE,
    /** The IPC namespace's {@code ids->rwsem} of one table: /proc/sysvipc/*; held for writing by *get, IPC_RMID, IPC_SET. */
    IPC_IDS,
    /** The global {@code swapon_mutex}: /proc/swaps; held by swapon and swapoff. */
    SWAP,
    /** The pressure group's {@code avgs_lock} mutex: /proc/pressure/*; held by the psi averaging worker. */
    PSI,
    /** The global {@code tty_mutex}: /proc/tty/drivers; held by tty open, hangup and release paths. */
    TTY,
    /** The global {@code uts_sem}: hostname, osrelease; held for writing by sethostname and proc writes. */
    UTS,
    /** A regular file: whatever its filesystem waits for (page and inode locks, a FUSE daemon, an NFS server). */
    FILESYSTEM,
    /** An SPL kstat's {@code ks_lock} (ZFS on Linux, /proc/spl/kstat/zfs): held while the kstat updates. */
    ZFS_KSTAT,
    /**
     * illumos and Solaris /proc: {@code prlock()} of the target ({@code p_lock} and {@code P_PR_LOCK}), held by
     * another /proc consumer or a process in the middle of a change to itself (fork, exec, exit).
     */
    ILLUMOS_PROC;
}
