package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.render.IpcRenderer;
import io.procsnap.replay.render.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "ipc", mixinStandardHelpOptions = true,
        description = "SysV message queues against their limits (msg_qbytes, msgmnb, msgmax, msgmni) with last "
                + "sender/receiver and the threads blocked on each queue; semaphore sets; shared memory.",
        footer = {"", ExitCode.HELP_TABLE})
public final class IpcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SnapshotSource source;
    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        try (Snapshot s = source.open()) {
            IpcReport r = IpcReport.of(s);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json) {
                Json.write(r, out);
            } else {
                IpcRenderer.table(r, out);
            }
            out.flush();
        }
        return ExitCode.OK;
    }
}
