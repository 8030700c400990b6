package io.procsnap.packaging;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Debian packages: lintian finds no error in any of them (its warnings are written to
 * target/lintian.txt); each amd64 package installs into a clean root (an overlay of this machine's root in
 * a private mount namespace: src/test/sh/install-purge.sh), runs, has its man page and completion, and
 * purges without leaving a file behind.
 */
class PackagesIT {
    private static List<Path> debs() {
        List<Path> debs = new ArrayList<>();
        debs.add(Built.deb("procsnap-replay", "amd64"));
        for (String arch : Built.captureArches()) {
            debs.add(Built.deb("procsnap", arch));
        }
        return debs;
    }

    private static String field(Path deb, String name) throws Exception {
        Run r = Run.of("dpkg-deb", "-f", deb.toString(), name);
        assertEquals(0, r.exit(), r.toString());
        return r.out().trim();
    }

    @Test
    void controlFieldsNameTheVersionArchitectureAndWhatMountAndShellNeed() throws Exception {
        Path replay = Built.deb("procsnap-replay", "amd64");
        assertEquals(Built.debianVersion(), field(replay, "Version"));
        assertTrue(field(replay, "Depends").matches("libc6 \\(>= 2\\.\\d+\\), fuse3, libfuse3-3"), field(replay, "Depends"));
        assertEquals("faketime", field(replay, "Recommends"));
        for (String arch : Built.captureArches()) {
            Path capture = Built.deb("procsnap", arch);
            assertEquals(arch, field(capture, "Architecture"));
            assertTrue(field(capture, "Depends").startsWith("libc6 (>= 2."), field(capture, "Depends"));
            String bom = Files.readString(Path.of(capture.toString().replace(".deb", ".cdx.json")));
            assertTrue(bom.contains("\"java-runtime\"") && bom.contains("pkg:deb/procsnap/procsnap@"), "bill of materials of " + capture);
        }
    }

    @Test
    void lintianFindsNoError() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("lintian", "--no-tag-display-limit", "--display-info"));
        debs().forEach(d -> cmd.add(d.toString()));
        Run r = Run.of(Map.of(), 600, cmd);
        Files.writeString(Built.packages().resolve("lintian.txt"), r.out() + r.err(), StandardCharsets.UTF_8);
        List<String> errors = r.out().lines().filter(l -> l.startsWith("E: ")).toList();
        assertEquals(List.of(), errors, "lintian errors (all it said: target/lintian.txt)");
        assertTrue(r.exit() == 0 || errors.isEmpty(), r.toString());
    }

    /** Runs install-purge.sh; returns its sections ("== NAME" -> lines). */
    private static String installUsePurge(String pkg, String... command) throws Exception {
        Path script = Built.root().resolve("packaging/src/test/sh/install-purge.sh");
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), Built.deb(pkg, "amd64").toString(), pkg));
        cmd.addAll(List.of(command));
        Run r = Run.of(Map.of(), 300, cmd);
        assertEquals(0, r.exit(), r.toString());
        return r.out();
    }

    private static String section(String out, String name) {
        int start = out.indexOf("== " + name + "\n");
        assertTrue(start >= 0, "no section " + name + " in\n" + out);
        int end = out.indexOf("\n== ", start + 1);
        return out.substring(start + name.length() + 4, end + 1);
    }

    @Test
    void replayInstallsRunsAndPurgesClean() throws Exception {
        String out = installUsePurge("procsnap-replay");
        assertEquals("procsnap-replay " + System.getProperty("debian.version", "0.1.0-SNAPSHOT") + "\n",
                section(out, "version"));
        assertEquals("/usr/share/man/man1/procsnap-replay.1.gz\n", section(out, "man"));
        assertEquals("--version\n", section(out, "completion"));
        assertTrue(section(out, "files").contains("/usr/share/man/man1/procsnap-replay-verify.1.gz\n"), out);
        assertEquals("", section(out, "left"), "left behind by the purge");
    }

    @Test
    void captureInstallsCapturesWithItsSha256AndPurgesClean() throws Exception {
        // the installed program captures this machine (quickly: no commands, no per-thread details) and
        // coreutils checks the NAME.sha256 it wrote
        String out = installUsePurge("procsnap", "sh", "-c", "cd /tmp && { procsnap --deadline 20s --skip details,commands "
                + "-o /tmp/c.tar.zst 2>/dev/null || [ $? = 3 ]; } && sha256sum -c c.tar.zst.sha256");
        assertTrue(section(out, "version").startsWith("procsnap " + System.getProperty("debian.version", "0.1.0-SNAPSHOT")),
                section(out, "version"));
        assertEquals("/usr/share/man/man1/procsnap.1.gz\n", section(out, "man"));
        assertEquals("--version\n", section(out, "completion"));
        assertEquals("c.tar.zst: OK\n", section(out, "command"));
        assertEquals("", section(out, "left"), "left behind by the purge");
    }
}
