/**
 * Analyses of a {@link io.procsnap.replay.model.Snapshot}: each returns plain records, never text.
 *
 * <ul>
 *   <li>{@link io.procsnap.replay.analysis.Threads} flattens every thread into a
 *       {@link io.procsnap.replay.analysis.ThreadView} whose wait is classified by
 *       {@link io.procsnap.replay.analysis.WaitClassifier}, an ordered chain of small detectors (first match
 *       wins) over state, wait channel, kernel stack and syscall that knows several kernels' names, into a
 *       {@link io.procsnap.replay.analysis.WaitKind}, which also holds the families of waits (ZFS, writeback
 *       and I/O, storage and lock) the rules and the report share.</li>
 *   <li>{@link io.procsnap.replay.analysis.InfoReport} ({@code info}), {@link io.procsnap.replay.analysis.ProcessTable}
 *       ({@code ps}), {@link io.procsnap.replay.analysis.ThreadGroups} ({@code threads}),
 *       {@link io.procsnap.replay.analysis.IpcReport} ({@code ipc}), {@link io.procsnap.replay.analysis.FsReport}
 *       ({@code fs}), {@link io.procsnap.replay.analysis.SnapshotDiff} ({@code diff}).</li>
 *   <li>{@link io.procsnap.replay.analysis.UnixConnectTrace} follows a thread blocked in a unix-socket
 *       connect to the listener whose backlog is full.</li>
 * </ul>
 * Renderers ({@code io.procsnap.replay.render}) print these records as tables or JSON; rules
 * ({@code io.procsnap.replay.rules}) draw conclusions from them.
 */
package io.procsnap.replay.analysis;
