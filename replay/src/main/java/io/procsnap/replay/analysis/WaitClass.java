package io.procsnap.replay.analysis;

/**
 * What a thread is doing, as decided by {@link WaitClassifier}.
 *
 * @param kind stable kebab-case name of the wait ({@code msgq-send}, {@code unix-connect}, {@code futex},
 *             {@code zfs-txg}, ..., {@code running}, {@code other}, {@code unknown})
 * @param site the kernel function that identified it (wchan or a stack frame), or the syscall name
 * @param idle true for waits a healthy program sits in by choice (poll, sleep, signal wait, waiting
 *             for a child): not evidence of a hang by themselves
 */
public record WaitClass(String kind, String site, boolean idle) {
}
