package io.procsnap.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procsnap.replay.cli.ReplayCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the bundles carry besides the program: man pages that man renders, one per command of the picocli
 * model; a bash completion script that completes subcommands and options in a real bash; a bill of
 * materials that lists every jar of lib/ and the Java runtime of runtime/.
 */
class BundleDocsIT {
    /** man pages of a bundle: share/man/man1/*.1 by name. */
    private static Set<String> pages(Path bundle) throws Exception {
        try (Stream<Path> s = Files.list(bundle.resolve("share/man/man1"))) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** Renders with man -l (groff), as a user reads it (in ASCII: option dashes stay dashes); returns the text. */
    private static String render(Path page) throws Exception {
        Run r = Run.of(Map.of("MANWIDTH", "80", "LANG", "C"), 60,
                List.of("man", "--warnings", "-l", page.toString()));
        assertEquals(0, r.exit(), page + ": " + r);
        assertEquals("", r.err(), page + ": groff warnings");
        return r.out();
    }

    /** What bash completes for {@code words} (the last one being typed), with the bundle's script sourced. */
    private static String complete(Path bundle, String name, String... words) throws Exception {
        String script = "source \"$1\"; shift; f=$(complete -p " + name + " | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p'); "
                + "COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; "
                + "\"$f\" 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        List<String> cmd = new ArrayList<>(List.of("bash", "--norc", "-c", script, "bash",
                bundle.resolve("share/bash-completion/completions/" + name).toString()));
        cmd.add(name);
        cmd.addAll(List.of(words));
        Run r = Run.of(Map.of(), 30, cmd);
        assertEquals(0, r.exit(), r.toString());
        return r.out().trim();
    }

    @Test
    void replayHasAManPagePerCommandOfItsModelAndManRendersEach() throws Exception {
        CommandLine model = ReplayCommand.commandLine();
        Set<String> expected = new TreeSet<>();
        expected.add("procsnap-replay.1");
        // one page per command, not per alias (diagnose is also "findings")
        model.getSubcommands().values().forEach(sub -> expected.add("procsnap-replay-" + sub.getCommandName() + ".1"));
        Path bundle = Built.replayBundle();
        assertEquals(expected, pages(bundle));
        for (String page : expected) {
            String text = render(bundle.resolve("share/man/man1").resolve(page));
            assertTrue(text.contains("NAME") && text.contains("SYNOPSIS"), page + ":\n" + text);
            // every command of ours prints the exit-code table in --help (picocli's own help command does not)
            assertTrue(page.equals("procsnap-replay-help.1") || text.contains("EXIT STATUS"), page + ":\n" + text);
        }
        String verify = render(bundle.resolve("share/man/man1/procsnap-replay-verify.1"));
        // man fills lines to its width: compare with the line breaks as spaces
        assertTrue(verify.replaceAll("\\s+", " ").contains(
                "procsnap-replay-verify - Checks that an archive is the file the capture wrote"), verify);
        assertTrue(verify.contains("archive corrupt or unsupported"), "the exit-code table: " + verify);
    }

    @Test
    void captureManPageHasEveryOptionOfHelp() throws Exception {
        Path bundle = Built.captureBundle();
        // the program's page and one for its subcommand watch
        assertEquals(Set.of("procsnap.1", "procsnap-watch.1"), pages(bundle));
        String watch = render(bundle.resolve("share/man/man1/procsnap-watch.1"));
        assertTrue(watch.contains("NAME") && watch.contains("--keep") && watch.contains("EXIT STATUS"), watch);
        String text = render(bundle.resolve("share/man/man1/procsnap.1"));
        Run help = Run.of(bundle.resolve("bin/procsnap").toString(), "--help");
        assertEquals(0, help.exit(), help.toString());
        for (String option : help.out().split("\\s+")) {
            if (option.startsWith("--") && option.length() > 2) {
                String name = option.replaceAll("[=,\\[].*", "");
                // --help also names the watch subcommand's options (its usage line, an example)
                assertTrue(text.contains(name) || watch.contains(name), name + " of --help missing in procsnap(1) and procsnap-watch(1)");
            }
        }
        assertTrue(text.contains("procsnap - Copies the kernel"), text);
    }

    @Test
    void bashCompletesSubcommandsAndOptions() throws Exception {
        Path replay = Built.replayBundle();
        assertEquals("verify", complete(replay, "procsnap-replay", "ver"));
        assertEquals("--by", complete(replay, "procsnap-replay", "threads", "--b"));
        assertEquals("--deadline", complete(Built.captureBundle(), "procsnap", "--dead"));
    }

    @Test
    void billOfMaterialsListsEveryJarAndTheJavaRuntime() throws Exception {
        for (Path bundle : List.of(Built.replayBundle(), Built.captureBundle())) {
            JsonNode bom = new ObjectMapper().readTree(bundle.resolve("sbom.cdx.json").toFile());
            assertEquals("CycloneDX", bom.get("bomFormat").asText());
            assertTrue(bom.get("serialNumber").asText().matches("urn:uuid:[0-9a-f-]{36}"), bom.get("serialNumber").asText());
            Set<String> listed = new TreeSet<>();
            JsonNode runtime = null;
            for (JsonNode c : bom.get("components")) {
                if (c.get("type").asText().equals("platform")) {
                    runtime = c;
                } else {
                    listed.add(c.get("name").asText() + "-" + c.get("version").asText() + ".jar");
                }
            }
            Set<String> jars;
            try (Stream<Path> s = Files.list(bundle.resolve("lib"))) {
                jars = new TreeSet<>(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList());
            }
            String app = bom.at("/metadata/component/name").asText();
            jars.removeIf(j -> j.equals(app + ".jar") || j.startsWith(app + "-"));
            assertEquals(jars, listed, bundle + ": every jar of lib/ but the program's own, nothing else");
            assertTrue(runtime != null, bundle + ": no Java runtime component");
            String release = Files.readString(bundle.resolve("runtime/release"));
            String version = release.replaceAll("(?s).*JAVA_VERSION=\"([^\"]+)\".*", "$1");
            String modules = release.replaceAll("(?s).*MODULES=\"([^\"]+)\".*", "$1");
            assertTrue(runtime.get("version").asText().startsWith(version), runtime.toString());
            assertEquals(modules, runtime.at("/properties/0/value").asText());
            assertTrue(runtime.get("description").asText().contains("java.base"), runtime.toString());
        }
    }
}
