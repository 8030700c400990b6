package io.procsnap.replay.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of {@code procsnap-replay} through picocli with captured streams. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        CommandLine cl = ReplayCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
