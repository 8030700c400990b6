package io.procsnap.capture;

import io.procsnap.capture.watch.WatchCommand;
import io.procsnap.format.ExitCode;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The picocli command line of {@code procsnap}: the capture, {@code watch}, the exit-code mapping and the
 * one-line usage errors. Apart from {@link Main} so that loading and verifying Main (for a lone
 * {@code --version}) does not load picocli.
 */
public final class CommandLines {
    private CommandLines() {
    }

    /**
     * The command line of {@code procsnap} on this process's streams: what the build reads to write the
     * man page and the shell completion (packaging/src/docs), so they cannot drift from {@code --help}.
     */
    public static CommandLine procsnap() {
        return procsnap(new java.io.FileOutputStream(java.io.FileDescriptor.out), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true));
    }

    static CommandLine procsnap(OutputStream archiveOut, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(CaptureCommand.spec(new CaptureCommand(archiveOut)), CaptureCommand.FACTORY);
        // procsnap watch (issue 19): a programmatic spec too, so the capture's start-up pays nothing for it
        cl.addSubcommand("watch", new CommandLine(WatchCommand.spec(new WatchCommand()), CaptureCommand.FACTORY));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> t instanceof CaptureFailure
                ? ((CaptureFailure) t).exitCode : ExitCode.INTERNAL);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof CommandLine.ParameterException) {
                String name = commandLine.getCommandSpec().qualifiedName();
                e.println(name + ": " + ex.getMessage());
                e.println("Try '" + name + " --help' for the options.");
                e.flush();
                return ExitCode.USAGE;
            }
            if (ex instanceof CaptureFailure) {
                e.println("procsnap: " + ex.getMessage());
                e.flush();
                return ((CaptureFailure) ex).exitCode;
            }
            e.println("procsnap: internal error: " + ex);
            ex.printStackTrace(e);
            e.flush();
            return ExitCode.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            e.println(name + ": " + ex.getMessage());
            e.println("Try '" + name + " --help' for the options.");
            e.flush();
            return ExitCode.USAGE;
        });
        return cl;
    }
}
