package io.procsnap.replay.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real archives for *IT tests: the capture program (or {@link ProcCopy}) run on this machine as a subprocess. */
final class Captures {
    private static Path machine;

    private Captures() {
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** A capture of this machine with 2 repeated samples, made once per test JVM. */
    static synchronized Path ofThisMachine() throws IOException, InterruptedException {
        if (machine == null) {
            Path dir = Files.createTempDirectory("procsnap-capture-it");
            dir.toFile().deleteOnExit();
            Path out = dir.resolve("machine.tar.zst");
            List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp", classpath(),
                    LoadAcceptanceIT.captureMain(), "-o", out.toString()));
            if (LoadAcceptanceIT.captureMain().equals("io.procsnap.capture.Main")) {
                cmd.addAll(List.of("--samples", "2", "--interval", "100ms"));
            }
            Commands.Result r = Commands.run(180, cmd);
            if (!Files.isRegularFile(out)) {
                throw new IOException("capture failed: " + r.out() + r.err());
            }
            out.toFile().deleteOnExit();
            machine = out;
        }
        return machine;
    }

    /** Runs procsnap-replay as a subprocess with the given extra environment ("NAME=value" pairs first, then args). */
    static Commands.Result replay(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp", classpath(),
                "io.procsnap.replay.Main"));
        cmd.addAll(List.of(args));
        return Commands.run(timeoutSeconds, cmd);
    }
}
