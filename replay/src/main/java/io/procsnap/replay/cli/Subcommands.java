package io.procsnap.replay.cli;

import java.util.List;

/**
 * The registry of subcommands. Add a {@code <Verb>Command} to {@link #all()} and its name and aliases to
 * {@link #named(String)} (SubcommandsTests checks that the two agree with the commands' annotations).
 */
final class Subcommands {
    private Subcommands() {
    }

    static List<Object> all() {
        return List.of(
                new MountCommand(),
                new ShellCommand(),
                new ExtractCommand(),
                new VerifyCommand(),
                // analyses (issue 5)
                new InfoCommand(),
                new PsCommand(),
                new ThreadsCommand(),
                new IpcCommand(),
                new FsCommand(),
                new DiagnoseCommand(),
                new DiffCommand(),
                // report and fleet (issue 7)
                new ReportCommand(),
                new FleetCommand());
    }

    /**
     * The subcommand called {@code name} (its {@code @Command} name or an alias), or null. One run builds only
     * the command it executes ({@link ReplayCommand#run}): finding it by reading the annotations of all
     * thirteen cost the one-shot commands 25-34 ms of CPU on the main thread (the annotations parsed, a
     * proxy made for each) before loading began, on a 10,000-thread capture (issue 16).
     */
    static Object named(String name) {
        return switch (name) {
            case "mount" -> new MountCommand();
            case "shell" -> new ShellCommand();
            case "extract" -> new ExtractCommand();
            case "verify" -> new VerifyCommand();
            case "info" -> new InfoCommand();
            case "ps" -> new PsCommand();
            case "threads" -> new ThreadsCommand();
            case "ipc" -> new IpcCommand();
            case "fs" -> new FsCommand();
            case "diagnose", "findings" -> new DiagnoseCommand();
            case "diff" -> new DiffCommand();
            case "report" -> new ReportCommand();
            case "fleet" -> new FleetCommand();
            default -> null;
        };
    }
}
