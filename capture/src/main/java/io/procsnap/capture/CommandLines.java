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

    /**
     * Runs {@code procsnap} with these arguments: a plain capture command line (options and values of the
     * forms {@link CaptureOptions#parseSimple} reads) without building picocli's command line, every other
     * (help, {@code watch}, a usage error) through it.
     */
    static int run(String[] args, OutputStream archiveOut, PrintWriter out, PrintWriter err) {
        CaptureCommand capture = new CaptureCommand(archiveOut);
        if (capture.options.parseSimple(args)) {
            StartWarmer.begin();
            try {
                return capture.callParsed(err);
            } catch (CaptureCommand.ReadAgain usage) {
                // a refused value: picocli reads the command line again and reports it, nothing was started
            } catch (Exception e) {
                return failed(e, "procsnap", err);
            }
        }
        return procsnap(archiveOut, out, err).execute(args);
    }

    /** The exit code of a command that ended with {@code ex}, its message printed on {@code e}. */
    static int failed(Exception ex, String name, PrintWriter e) {
        if (ex instanceof CommandLine.ParameterException) {
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
    }

    static CommandLine procsnap(OutputStream archiveOut, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(CaptureCommand.spec(new CaptureCommand(archiveOut)), CaptureCommand.FACTORY);
        // procsnap watch (issue 19): a programmatic spec too, so the capture's start-up pays nothing for it
        cl.addSubcommand("watch", new CommandLine(WatchCommand.spec(new WatchCommand()), CaptureCommand.FACTORY));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> t instanceof CaptureFailure
                ? ((CaptureFailure) t).exitCode : ExitCode.INTERNAL);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                failed(ex, commandLine.getCommandSpec().qualifiedName(), commandLine.getErr()));
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
