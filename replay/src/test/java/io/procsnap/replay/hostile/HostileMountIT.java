package io.procsnap.replay.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hostile archive of {@link HostileArchives} served by a real {@code procsnap-replay mount} and
 * {@code shell}: the mount is read-only, nosuid and nodev (setuid bits in an archive grant nothing),
 * has no device nodes, serves symlinks as symlinks (never the files "through" them) and writes nothing
 * outside. Needs /dev/fuse, libfuse3 and root; says so loudly otherwise.
 */
class HostileMountIT {
    @TempDir
    Path dir;

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static List<String> replay(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.procsnap.replay.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static boolean mounted(Path p) throws Exception {
        return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + p + " ");
    }

    private static String mountLine(Path p) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(" " + p + " "))
                .findFirst().orElse("");
    }

    @Test
    void hostileArchiveOnARealMountIsInertAndStaysInside() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "NOT RUN: no /dev/fuse");
        HostileArchives hostile = new HostileArchives(dir);
        Path archive = hostile.write(dir.resolve("hostile.tar.zst"));
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        Path log = dir.resolve("mount.log");
        Process p = new ProcessBuilder(replay("mount", archive.toString(), mnt.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start();
        try {
            long until = System.nanoTime() + 30_000_000_000L;
            while (!mounted(mnt) && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(mounted(mnt), "not mounted: " + Files.readString(log));
            String line = mountLine(mnt);
            for (String opt : List.of("ro", "nosuid", "nodev")) {
                assertTrue(List.of(line.split(" ")[5].split(",")).contains(opt), opt + " missing: " + line);
            }
            List<String> problems = new ArrayList<>();
            int[] seen = new int[2];
            try (Stream<Path> s = Files.walk(mnt)) {
                for (Path q : s.toList()) {
                    BasicFileAttributes a = Files.readAttributes(q, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isOther()) {
                        problems.add("special file " + q);
                    }
                    if (a.isSymbolicLink()) {
                        seen[1]++;
                    } else {
                        seen[0]++;
                    }
                }
            }
            assertEquals(List.of(), problems);
            assertTrue(seen[0] > 5 && seen[1] >= 3, "nodes/links " + seen[0] + "/" + seen[1]);
            Path cwd = mnt.resolve("1/cwd");
            assertTrue(Files.isSymbolicLink(cwd), "1/cwd served as the archived symlink");
            assertEquals("/tmp", Files.readSymbolicLink(cwd).toString());
            assertTrue(Files.isSymbolicLink(mnt.resolve("7")) || !Files.exists(mnt.resolve("7"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(hostile.outsideAbsolute, LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(hostile.outsideClimb, LinkOption.NOFOLLOW_LINKS));
            // a write anywhere on the mount fails
            Process w = new ProcessBuilder("sh", "-c", "echo x > '" + mnt.resolve("2/writable") + "'").start();
            assertTrue(w.waitFor(10, TimeUnit.SECONDS));
            assertNotEquals(0, w.exitValue());
        } finally {
            p.destroy(); // SIGTERM: clean unmount
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            if (mounted(mnt)) {
                new ProcessBuilder("fusermount3", "-u", mnt.toString()).start().waitFor(10, TimeUnit.SECONDS);
            }
            if (mounted(mnt)) {
                new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertFalse(mounted(mnt), "mount left behind");
    }

    @Test
    void shellOnAHostileArchiveMountsProcNosuidNodevAndWritesNothingOutside() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "NOT RUN: no /dev/fuse");
        assumeTrue("root".equals(System.getProperty("user.name")), "NOT RUN: shell needs root here");
        HostileArchives hostile = new HostileArchives(dir);
        Path archive = hostile.write(dir.resolve("hostile.tar.zst"));
        Path out = dir.resolve("shell.out");
        Process p = new ProcessBuilder(replay("shell", archive.toString(), "--", "sh", "-c",
                "grep ' /proc ' /proc/self/mountinfo; ls -la /proc/1/ /proc/2/; cat /proc/7/stat; echo done"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(new File("/dev/null")).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.contains("done"), text);
        String procLine = text.lines().filter(l -> l.contains(" /proc ") && l.contains("fuse")).findFirst().orElse("");
        assertTrue(procLine.contains("nosuid") && procLine.contains("nodev"), "/proc in the shell: " + procLine + "\n" + text);
        assertFalse(text.contains("owned"), "the file behind the proc/7 -> /etc symlink was served: " + text);
        assertFalse(Files.exists(hostile.outsideAbsolute, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(archive.getFileName().toString()));
    }
}
