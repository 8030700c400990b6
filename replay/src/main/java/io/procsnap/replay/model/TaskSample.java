package io.procsnap.replay.model;

import io.procsnap.replay.parse.ProcStat;
import io.procsnap.replay.parse.StackFrame;
import io.procsnap.replay.parse.Syscall;

import java.util.List;

/**
 * What one thread looked like in one pass. Sample 0 is the main pass (live paths
 * {@code proc/PID/task/TID/...}); samples 1..N come from {@code samples/<k>/proc/PID/task/TID/...}.
 *
 * @param index  sample number, 0 for the main pass
 * @param stat   parsed stat of that pass
 * @param wchan  wait channel symbol, {@code ""} when the kernel printed {@code 0} (not waiting)
 * @param stack  kernel stack frames, innermost first
 */
public record TaskSample(int index, Sourced<ProcStat> stat, Sourced<String> wchan, Sourced<Syscall> syscall,
                         Sourced<List<StackFrame>> stack) {
}
