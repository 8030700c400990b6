package io.procsnap.capture;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Capture.Plan#of} (what replay's --live runs) uses the defaults the command line declares. */
class CaptureDefaultsTests {

    @Test
    void theOptionDefaultsAreTheLibraryDefaults() {
        CaptureCommand c = new CaptureCommand();
        new CommandLine(CaptureCommand.spec(c), CaptureCommand.FACTORY).parseArgs();
        assertEquals(Capture.Defaults.DEADLINE_NANOS, c.options.deadline);
        assertEquals(Capture.Defaults.READ_TIMEOUT_NANOS, c.options.readTimeout);
        assertEquals(Capture.Defaults.STATFS_TIMEOUT_NANOS, c.options.statfsTimeout);
        assertEquals(Capture.Defaults.COMMAND_TIMEOUT_NANOS, c.options.commandTimeout);
        assertEquals(Capture.Defaults.MAX_ABANDONED, c.options.maxAbandoned);
        assertEquals(Capture.Defaults.MAX_FILE_BYTES, c.options.maxFileSize);
    }

    @Test
    void aLivePlanReadsEverythingACaptureReads() {
        Capture.Plan p = Capture.Plan.of("/proc", 300_000_000L, 3, 1 << 20, 2, 10_000_000L);
        assertEquals("/proc", p.settings().procRoot());
        assertEquals(300_000_000L, p.settings().readTimeoutNanos());
        assertEquals(Capture.Defaults.STATFS_TIMEOUT_NANOS, p.settings().statfsTimeoutNanos());
        assertEquals(Capture.Defaults.COMMAND_TIMEOUT_NANOS, p.settings().commandTimeoutNanos());
        assertEquals(false, p.settings().includeEnviron());
        assertEquals(3, p.engine().maxAbandoned());
        assertEquals(1 << 20, p.engine().maxFileBytes());
        assertEquals(Capture.Defaults.DEADLINE_NANOS, p.engine().deadlineNanos());
        assertEquals(2, p.samples());
        assertEquals(java.util.Set.of(), p.skip());
    }

    @Test
    void theThreadCountIsLoadavgsFourthFieldsTotal() {
        assertEquals(218, Capture.Defaults.threadsOf("0.31 0.52 0.60 2/218 4321"));
        assertEquals(10_263, Capture.Defaults.threadsOf("13.63 9.01 4.99 12/10263 31717\n"));
        assertEquals(-1, Capture.Defaults.threadsOf(null));
        assertEquals(12, Capture.Defaults.loadavgTasks("13.63 9.01 4.99 12/10263 31717\n", true), "the runnable side");
        assertEquals(-1, Capture.Defaults.loadavgTasks("13.63 9.01 4.99 x/10263 31717", true));
        assertEquals(-1, Capture.Defaults.threadsOf("0.31 0.52 0.60"));
        assertEquals(-1, Capture.Defaults.threadsOf("0.31 0.52 0.60 2/x 4321"));
    }

    @Test
    void smallMachinesGetSmallFramesAndOthersTheFormatDefault() {
        assertEquals(1 << 20, Capture.Defaults.frameSize(218));
        assertEquals(1 << 20, Capture.Defaults.frameSize(1_999));
        assertEquals(io.procsnap.format.ArchiveWriter.Options.DEFAULT_FRAME_SIZE, Capture.Defaults.frameSize(2_000));
        assertEquals(io.procsnap.format.ArchiveWriter.Options.DEFAULT_FRAME_SIZE, Capture.Defaults.frameSize(10_263));
        assertEquals(io.procsnap.format.ArchiveWriter.Options.DEFAULT_FRAME_SIZE, Capture.Defaults.frameSize(-1));
    }
}
