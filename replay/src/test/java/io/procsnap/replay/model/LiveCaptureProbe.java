package io.procsnap.replay.model;

import io.procsnap.capture.CaptureCommand;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link LiveMatchesCaptureIT} inside a private pid namespace: captures the machine to an archive
 * with the capture program's own command line, then at once reads it with {@code --live}'s loader and
 * writes that snapshot's {@link LiveMatchesCaptureIT#view view}, headed by this process's pid (its own
 * threads and children change between the two reads and are left out of the comparison).
 *
 * <pre>java -cp CLASSPATH io.procsnap.replay.model.LiveCaptureProbe ARCHIVE LIVE_VIEW</pre>
 */
public final class LiveCaptureProbe {
    private LiveCaptureProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(args[0]);
        Path liveView = Path.of(args[1]);
        int exit = new CommandLine(CaptureCommand.spec(new CaptureCommand()))
                .execute("-o", archive.toString(), "--min-free", "0");
        if (exit != 0 && exit != 3) {
            System.err.println("probe: capture exited " + exit);
            System.exit(exit);
        }
        try (Snapshot live = SnapshotLoader.live()) {
            String view = "probe " + ProcessHandle.current().pid() + "\n" + LiveMatchesCaptureIT.view(live);
            Files.writeString(liveView, view, StandardCharsets.UTF_8);
        }
        System.exit(0);
    }
}
