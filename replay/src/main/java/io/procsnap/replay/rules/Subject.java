package io.procsnap.replay.rules;

/**
 * An object a finding is about or points to: a queue, a pool, a mount, a process, a thread, a socket, a
 * futex. Tools follow findings through these (the report's wait-for graph, {@code fleet}, {@code --json}
 * readers), never through the text. Each has a stable {@link #id()}, the form {@code --json} prints.
 */
public sealed interface Subject {
    /** A SysV message queue. */
    record Queue(int msqid) implements Subject { }

    /** A ZFS pool. */
    record Pool(String name) implements Subject { }

    /** A mount, by its line in {@code proc/self/mountinfo} (the mount of {@code statfs/K} for line K). */
    record Mount(int mountinfoLine) implements Subject { }

    record Process(int pid) implements Subject { }

    record Thread(int pid, int tid) implements Subject { }

    /** A unix socket, by inode. */
    record Socket(long inode) implements Subject { }

    /** A read the capture made, by archive path ({@code proc/4211/psinfo}): one that hung. */
    record Read(String path) implements Subject { }

    /** A futex word of one process, by address. */
    record Futex(int pid, long address) implements Subject { }

    /**
     * {@code KIND:KEY}: {@code msgq:MSQID}, {@code zpool:NAME}, {@code mount:K}, {@code process:PID},
     * {@code thread:PID/TID}, {@code socket:INODE}, {@code read:PATH}, {@code futex:PID/0xADDRESS}.
     */
    default String id() {
        return switch (this) {
            case Queue q -> "msgq:" + q.msqid();
            case Pool p -> "zpool:" + p.name();
            case Mount m -> "mount:" + m.mountinfoLine();
            case Process p -> "process:" + p.pid();
            case Thread t -> "thread:" + t.pid() + "/" + t.tid();
            case Socket s -> "socket:" + s.inode();
            case Read r -> "read:" + r.path();
            case Futex f -> "futex:" + f.pid() + "/0x" + Long.toHexString(f.address());
        };
    }
}
