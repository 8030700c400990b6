import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step (run by make-docs.sh with the module's classes on the class path): writes the AsciiDoc man
 * pages of a command and each of its subcommands (picocli-codegen's ManPageGenerator) and its bash
 * completion script (picocli's AutoComplete), both from the picocli model the program itself runs, so
 * neither can drift from --help.
 *
 *   java -cp CLASSES:picocli-codegen.jar CommandDocs.java CLASS#METHOD ADOC_DIR COMPLETION_DIR
 *
 * writes ADOC_DIR/NAME.adoc, ADOC_DIR/NAME-SUBCOMMAND.adoc and COMPLETION_DIR/NAME.
 *
 * CLASS#METHOD is a public static no-argument method returning the program's CommandLine.
 *
 * The exit-code table that --help prints in its footer (ExitCode.HELP_TABLE) becomes the man page's EXIT
 * STATUS section, and footer lines after "Examples:" its EXAMPLES section: picocli's generator leaves out a
 * footer without a heading.
 */
public final class CommandDocs {
    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !args[0].contains("#")) {
            System.err.println("usage: CommandDocs CLASS#METHOD ADOC_DIR COMPLETION_DIR");
            System.exit(2);
        }
        String[] factory = args[0].split("#", 2);
        CommandLine cl = (CommandLine) Class.forName(factory[0]).getMethod(factory[1]).invoke(null);
        String name = cl.getCommandName();
        sections(cl);
        File adoc = new File(args[1]);
        Files.createDirectories(adoc.toPath());
        int rc = ManPageGenerator.generateManPage(adoc, null, new boolean[0], true, cl.getCommandSpec());
        if (rc != 0) {
            throw new IllegalStateException("ManPageGenerator exit " + rc);
        }
        Path completion = Path.of(args[2]).resolve(name);
        Files.createDirectories(completion.getParent());
        Files.writeString(completion, AutoComplete.bash(name, cl), StandardCharsets.UTF_8);
    }

    private static final Pattern EXIT_ROW = Pattern.compile("\\s+(\\d+)\\s+(.+)");

    /**
     * Moves the exit-code table and the examples out of each command's footer into sections of their own,
     * and gives each command without a header the first sentence of its description as the NAME line
     * (the description's first string is only its first line of --help).
     */
    static void sections(CommandLine cl) {
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        if (usage.header().length == 0 && usage.description().length > 0) {
            String text = String.join(" ", usage.description()).replaceAll("\\s+", " ").trim();
            int end = text.indexOf(". ");
            usage.header(end > 0 ? text.substring(0, end + 1) : text);
        }
        Map<String, String> exitCodes = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        boolean inTable = false;
        for (String part : usage.footer()) {
            for (String line : part.split("%n|\n", -1)) {
                Matcher m = EXIT_ROW.matcher(line);
                if (line.trim().equals("Exit codes:")) {
                    inTable = true;
                } else if (inTable && m.matches()) {
                    exitCodes.put(m.group(1), m.group(2).trim());
                } else {
                    inTable = false;
                    if (!line.isBlank() || !rest.isEmpty()) {
                        rest.add(line);
                    }
                }
            }
        }
        if (!exitCodes.isEmpty()) {
            usage.exitCodeListHeading("Exit status%n").exitCodeList(exitCodes);
        }
        if (!rest.isEmpty() && rest.get(0).trim().equals("Examples:")) {
            rest.remove(0);
            usage.footerHeading("Examples%n");
        }
        usage.footer(rest.toArray(String[]::new));
        for (CommandLine sub : cl.getSubcommands().values()) {
            sections(sub);
        }
    }
}
