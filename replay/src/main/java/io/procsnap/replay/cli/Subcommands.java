package io.procsnap.replay.cli;

import java.util.List;

/**
 * The registry of subcommands. Add a {@code <Verb>Command}'s name to {@link #NAMES} and its name and aliases
 * to {@link #named(String)} (SubcommandsTests checks that they agree with the commands' annotations).
 */
final class Subcommands {
    private Subcommands() {
    }

    /** The subcommands' names in the order the help lists them: analyses from issue 5, report and fleet from issue 7. */
    private static final List<String> NAMES = List.of("mount", "shell", "extract", "verify",
            "info", "ps", "threads", "ipc", "fs", "diagnose", "diff",
            "report", "fleet");

    static List<Object> all() {
        List<Object> all = new java.util.ArrayList<>(NAMES.size());
        for (String name : NAMES) {
            all.add(named(name));
        }
        return all;
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
