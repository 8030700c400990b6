/**
 * {@code procsnap watch}: a small long-running process that reads cheap signals at each interval (the
 * kernel's hung-task reports, procs_blocked, PSI, SysV queues against their limits, statfs of the
 * mounts, a user's probe), each under a timeout, and when one holds long enough runs a normal capture
 * as a child process into its directory, which it keeps within a count and a byte budget.
 *
 * <p>Follow one tick: {@link io.procsnap.capture.watch.Watcher#tick} asks the
 * {@link io.procsnap.capture.watch.Signals} for the conditions holding now (pure evaluation in
 * {@link io.procsnap.capture.watch.Triggers} over text parsed by {@link io.procsnap.capture.watch.SignalText}),
 * {@link io.procsnap.capture.watch.Holds} says which have held for {@code --hold}, and the watcher starts
 * a {@link io.procsnap.capture.watch.CaptureChild} unless one runs or the cool-down is on;
 * {@link io.procsnap.capture.watch.Rotation} keeps the directory within budget and
 * {@link io.procsnap.capture.watch.WatchState} remembers the last capture across restarts.
 */
package io.procsnap.capture.watch;
