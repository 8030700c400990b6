package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code procsnap-replay} command. Subcommands are listed here; each lives in its own
 * {@code <Verb>Command} class. Errors are mapped to the shared exit-code table in one place.
 */
@Command(name = "procsnap-replay", mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Replays a procsnap capture: mount it as a read-only procfs, run procps on it, "
                + "and analyse it.",
        footer = {"", ExitCode.HELP_TABLE},
        subcommands = {CommandLine.HelpCommand.class})
public final class ReplayCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** Builds the command line with every subcommand registered. Tests use this with captured streams. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ReplayCommand());
        for (Object sub : Subcommands.all()) {
            cl.addSubcommand(sub);
        }
        return configured(cl);
    }

    /**
     * The command line for arguments that start with {@code name}: when a subcommand has that name, only it is
     * registered (a run executes one subcommand, and picocli's model of the other twelve cost the one-shot
     * commands about 0.1 s of CPU on the main thread before loading began, issue 16); else every subcommand,
     * for the top-level help, version and unknown-command messages.
     */
    static CommandLine commandLine(String name) {
        Object sub = Subcommands.named(name);
        if (sub != null) {
            CommandLine cl = new CommandLine(new ReplayCommand());
            cl.addSubcommand(sub);
            if (cl.getSubcommands().containsKey(name)) { // else the registry is wrong: picocli says what
                return configured(cl);
            }
        }
        return commandLine();
    }

    private static CommandLine configured(CommandLine cl) {
        // shell: everything after ARCHIVE is the command with its own options (shell ARCHIVE ps -eo ...),
        // as sudo and unshare read it; -- still works
        CommandLine shell = cl.getSubcommands().get("shell");
        if (shell != null) {
            shell.setStopAtPositional(true);
        }
        cl.setExecutionExceptionHandler(ReplayCommand::handle);
        cl.setExecutionStrategy(ArchiveDamage.strategy());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    public static int run(String... args) {
        return (args.length > 0 ? commandLine(args[0]) : commandLine()).execute(args);
    }

    /** Writes {@code procsnap-replay <sub>: <message>} and maps the exception to an exit code. */
    static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        String prefix = cl.getCommandSpec().qualifiedName();
        if (e instanceof UserException u) {
            err.println(prefix + ": " + u.getMessage());
            return u.exitCode();
        }
        if (e instanceof ArchiveException a) {
            err.println(prefix + ": " + a.getMessage());
            return ExitCode.ARCHIVE;
        }
        if (e instanceof IOException io) {
            err.println(prefix + ": " + io.getMessage());
            return ExitCode.ENVIRONMENT;
        }
        err.println(prefix + ": internal error: " + e);
        e.printStackTrace(err);
        return ExitCode.INTERNAL;
    }
}
