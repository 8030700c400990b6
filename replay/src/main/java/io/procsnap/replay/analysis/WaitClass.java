package io.procsnap.replay.analysis;

/**
 * What a thread is doing, as decided by {@link WaitClassifier}.
 *
 * @param kind what it waits for ({@link WaitKind#MSGQ_SEND}, ..., {@link WaitKind#RUNNING},
 *             {@link WaitKind#OTHER}, {@link WaitKind#UNKNOWN})
 * @param site the kernel function that identified it (wchan or a stack frame), or the syscall name
 */
public record WaitClass(WaitKind kind, String site) {
    /** True for waits a healthy program sits in by choice ({@link WaitKind#idle()}). */
    public boolean idle() {
        return kind.idle();
    }
}
