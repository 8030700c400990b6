package io.procsnap.replay.cli;

import io.procsnap.format.ExitCode;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.render.IpcRenderer;
import picocli.CommandLine.Command;

import java.util.Set;

@Command(name = "ipc", mixinStandardHelpOptions = true,
        description = "SysV message queues against their limits (msg_qbytes, msgmnb, msgmax, msgmni) with last "
                + "sender/receiver and the threads blocked on each queue; semaphore sets; shared memory.",
        footer = {"", ExitCode.HELP_TABLE})
final class IpcCommand extends AnalysisCommand {
    @Override
    Set<KernelFile> rows() {
        return IpcReport.ROWS;
    }

    @Override
    boolean mainPassOnly() {
        return true;
    }

    @Override
    public Integer call() throws Exception {
        return print(IpcReport::of, IpcRenderer::table);
    }
}
