package io.procsnap.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The exit-code table exists three times: the constants, {@code --help}, the README. They must agree. */
class ExitCodeTableTests {

    private static List<Integer> constants() throws IllegalAccessException {
        List<Integer> codes = new ArrayList<>();
        for (Field f : ExitCode.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                codes.add(f.getInt(null));
            }
        }
        codes.sort(null);
        return codes;
    }

    private static List<Integer> codesIn(String text, Pattern row) {
        List<Integer> codes = new ArrayList<>();
        Matcher m = row.matcher(text);
        while (m.find()) {
            codes.add(Integer.parseInt(m.group(1)));
        }
        codes.sort(null);
        return codes;
    }

    @Test
    void helpTableListsEveryExitCode() throws Exception {
        String help = String.format(ExitCode.HELP_TABLE);
        assertEquals(constants(), codesIn(help, Pattern.compile("(?m)^  (\\d+) +\\S")));
    }

    @Test
    void readmeTableListsEveryExitCodeWithTheSameMeaningForPartialAndEnvironment() throws Exception {
        Path readme = Path.of(System.getProperty("project.root", ".."), "README.md");
        String text = Files.readString(readme);
        assertEquals(constants(), codesIn(text, Pattern.compile("(?m)^\\| (\\d+) \\|")));
        // disk full is an output failure (5), not a partial capture (3), in both tables
        assertEquals(readmeRow(text, 5).contains("disk full"), String.format(ExitCode.HELP_TABLE).contains("disk full"));
        assertEquals(false, readmeRow(text, 3).contains("disk full"));
    }

    private static String readmeRow(String text, int code) throws IOException {
        Matcher m = Pattern.compile("(?m)^\\| " + code + " \\|(.*)$").matcher(text);
        if (!m.find()) {
            throw new IOException("README has no row for exit code " + code);
        }
        return m.group(1);
    }
}
