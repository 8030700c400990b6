package io.procsnap.replay.model;

import io.procsnap.replay.parse.MsgQueue;
import io.procsnap.replay.parse.SemSet;
import io.procsnap.replay.parse.ShmSegment;

import java.util.List;

/**
 * SysV IPC as captured: {@code proc/sysvipc/{msg,sem,shm}} and the limits. A header-only file gives an
 * empty present list; a failed read gives an absent value.
 */
public record IpcState(Sourced<List<MsgQueue>> msgQueues, Sourced<List<SemSet>> semaphores,
                       Sourced<List<ShmSegment>> sharedMemory, IpcLimits limits) {
}
