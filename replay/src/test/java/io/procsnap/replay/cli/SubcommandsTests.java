package io.procsnap.replay.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The name registry that lets a run build only the subcommand it executes agrees with the annotations. */
class SubcommandsTests {

    private static List<String> namesAndAliases(Object sub) {
        Command c = sub.getClass().getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(c.name()));
        names.addAll(List.of(c.aliases()));
        return names;
    }

    @Test
    void everyNameAndAliasOfEveryCommandFindsThatCommand() {
        for (Object sub : Subcommands.all()) {
            for (String name : namesAndAliases(sub)) {
                Object found = Subcommands.named(name);
                assertNotNull(found, name);
                assertEquals(sub.getClass(), found.getClass(), name);
            }
        }
    }

    @Test
    void anUnknownNameFindsNothingAndGetsEveryCommand() {
        assertNull(Subcommands.named("pss"));
        assertNull(Subcommands.named("--help"));
        assertEquals(ReplayCommand.commandLine().getSubcommands().keySet(),
                ReplayCommand.commandLine("pss").getSubcommands().keySet());
    }

    /** What a run prints and returns: with the one command it needs, as with all of them. */
    @Test
    void helpAndUsageErrorsAreTheSameWithOnlyTheInvokedCommand() {
        for (Object sub : Subcommands.all()) {
            for (String name : namesAndAliases(sub)) {
                for (String[] args : List.of(new String[] {name, "--help"}, new String[] {name, "--no-such-option"})) {
                    assertEquals(run(ReplayCommand.commandLine(), args), run(ReplayCommand.commandLine(name), args),
                            String.join(" ", args));
                }
            }
        }
    }

    private static String run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return code + "\n" + out + "\n--- stderr\n" + err;
    }
}
