package io.procsnap.replay.cli;

import java.util.List;

/**
 * The registry of subcommands. Add a {@code <Verb>Command} here; nothing else needs to change.
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
}
