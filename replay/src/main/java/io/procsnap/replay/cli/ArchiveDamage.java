package io.procsnap.replay.cli;

import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The one place that tells the user an archive was not whole, for every command (lead decision,
 * issue 6). Commands register each archive they open ({@link #opened}); after the command ran,
 * {@link #strategy()} looks at each archive's final state (damage found while reading counts):
 * <ul>
 * <li>{@code SALVAGED} (corrupt frames, damaged tail): the command's output stands (it is the
 *     analysis of what was salvaged), plus {@code procsnap-replay CMD: ARCHIVE is damaged: DAMAGE;
 *     salvaged N entries} on stderr, and exit 4;</li>
 * <li>{@code CUT_OFF} (capture killed, disk full: no damage, only no tail): a warning line
 *     {@code procsnap-replay CMD: warning: ARCHIVE: capture was cut off: DAMAGE; N entries} and the
 *     command's own exit code.</li>
 * </ul>
 * Refused archives (hostile, unsupported, nothing recoverable) never get here: they end in
 * {@link ReplayCommand#handle} with exit 4.
 */
final class ArchiveDamage {
    private record Opened(Path path, Supplier<ArchiveSummary> summary) {
    }

    private static final ThreadLocal<List<Opened>> OPENED = ThreadLocal.withInitial(ArrayList::new);

    private ArchiveDamage() {
    }

    /** Records an archive the running command opened; {@code summary} is asked again after the command. */
    static void opened(Path path, Supplier<ArchiveSummary> summary) {
        ArchiveSummary first = summary.get();
        OPENED.get().add(new Opened(path, () -> {
            try {
                ArchiveSummary now = summary.get();
                return now == null ? first : now;
            } catch (RuntimeException closed) {
                return first;
            }
        }));
    }

    /** Runs the command with picocli's default strategy, then reports damage and adjusts the exit code. */
    static CommandLine.IExecutionStrategy strategy() {
        return parseResult -> {
            OPENED.get().clear();
            try {
                int exit = new CommandLine.RunLast().execute(parseResult);
                CommandLine cl = subcommand(parseResult);
                return report(exit, cl.getCommandSpec().qualifiedName(), cl.getErr());
            } finally {
                OPENED.remove();
            }
        };
    }

    private static CommandLine subcommand(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult p = parseResult;
        while (p.hasSubcommand()) {
            p = p.subcommand();
        }
        return p.commandSpec().commandLine();
    }

    static int report(int exit, String prefix, PrintWriter err) {
        int result = exit;
        for (Opened o : OPENED.get()) {
            ArchiveSummary s = o.summary().get();
            if (s == null || s.state() == ArchiveState.COMPLETE) {
                continue;
            }
            String damage = s.damages().isEmpty() ? "no details" : s.damage(); // each record's description
            if (s.state() == ArchiveState.SALVAGED) {
                err.println(prefix + ": " + o.path() + " is damaged: " + damage + "; salvaged " + s.entryCount() + " entries");
                if (exit == ExitCode.OK || exit == ExitCode.YES || exit == ExitCode.PARTIAL) {
                    result = ExitCode.ARCHIVE;
                }
            } else {
                err.println(prefix + ": warning: " + o.path() + ": capture was cut off: " + damage + "; "
                        + s.entryCount() + " entries");
            }
        }
        err.flush();
        return result;
    }
}
