package io.procsnap.replay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real ZFS pool of an older release on this machine: Debian's zfs-fuse 0.7 (userspace daemon over
 * FUSE, refuses {@code zpool list -Hp}). Makes a 128 MiB file-vdev pool, fills its dataset until
 * ENOSPC (0 bytes available while the pool still shows about 74% CAP: ZFS's slop space), captures the
 * machine with the real capture program and checks that {@code fs} falls back to {@code zpool list -H}
 * and says so, and that {@code diagnose} says the dataset is full, not the pool. Starts zfs-fuse when
 * it is not running and stops it again; destroys exactly its pool and vdev file.
 */
class ZfsFuseFullPoolIT {
    private static final Path ZFS_FUSE = Path.of("/usr/sbin/zfs-fuse");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void datasetFullWhilePoolShowsSlopSpace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "ZfsFuseFullPoolIT needs root for zfs-fuse");
        assumeTrue(Files.isExecutable(ZFS_FUSE), "ZfsFuseFullPoolIT needs zfs-fuse (scripts/setup.sh installs it)");
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "ZfsFuseFullPoolIT needs /dev/fuse");
        String pool = "psnapv15x" + ProcessHandle.current().pid();
        Path dir = Files.createTempDirectory("procsnap-v15-sunos-zfs");
        Path vdev = dir.resolve("vdev");
        Path mnt = dir.resolve("mnt");
        Path archive = Path.of("target", "zfs-fuse-full-pool-it.tar.zst").toAbsolutePath();
        Files.deleteIfExists(archive);
        Process daemon = null;
        boolean created = false;
        try {
            if (!daemonRunning()) {
                daemon = new ProcessBuilder(ZFS_FUSE.toString(), "--no-daemon")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("zfs-fuse.log").toFile()).start();
                waitForDaemon(daemon);
            }
            try (var f = new java.io.RandomAccessFile(vdev.toFile(), "rw")) {
                f.setLength(128L << 20);
            }
            run(List.of("zpool", "create", "-m", mnt.toString(), pool, vdev.toString()), 60);
            created = true;
            run(List.of("zfs", "create", pool + "/data"), 60);
            fill(mnt.resolve("data").resolve("fill"));
            waitForNoSpace(pool + "/data");
            String refused = output(List.of("zpool", "list", "-Hp"), 30);
            assertTrue(refused.contains("invalid option 'p'"), "this zfs-fuse accepts -p: " + refused);

            StringWriter err = new StringWriter();
            int code = io.procsnap.capture.Main.run(new String[] {"--proc-root", "/proc", "-o", archive.toString(),
                    "--samples", "1", "--deadline", "60s"},
                    OutputStream.nullOutputStream(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
            assertTrue(code == 0 || code == 3, "capture failed with " + code + ": " + err);

            CliRun fs = CliRun.of("fs", archive.toString());
            String poolLine = fs.out().lines().filter(l -> l.startsWith(pool + " ")).findFirst().orElse("");
            assertTrue(poolLine.contains("ONLINE"), "the pool is listed from the fallback:\n" + fs.out());
            long cap = Long.parseLong(poolLine.replaceAll(".*\\s(\\d+)%.*", "$1"));
            assertTrue(cap > 50 && cap < 90, "pool CAP below full because of slop space: " + poolLine);
            assertTrue(fs.out().contains("sizes from zpool list -H (sizes rounded to their unit): this ZFS refused "
                    + "zpool list -Hp"), "fs says which form it used:\n" + fs.out());
            // zfs-fuse refuses the zfs get property list too (no logicalused): the rounded form stands
            assertTrue(fs.out().contains("sizes from zfs list -H"), fs.out());
            assertTrue(fs.out().lines().anyMatch(l -> l.startsWith(pool + "/data ") && l.matches(".*\\s0B?\\s.*")),
                    "the dataset has 0 bytes available:\n" + fs.out());

            CliRun diagnose = CliRun.of("diagnose", archive.toString());
            String text = diagnose.out();
            assertTrue(text.contains("ZFS dataset " + pool) && text.contains("is full (0 B available)"),
                    "the finding says the dataset is full:\n" + text);
            assertTrue(text.contains("while pool " + pool + " shows " + cap + "% used (slop space)"),
                    "and that the pool is not:\n" + text);
            assertTrue(text.contains("dataset " + pool + "/data (" + mnt.resolve("data") + "): 0 B available"), text);
            assertTrue(text.contains("the pool is not full"), text);
        } finally {
            if (created) {
                output(List.of("zpool", "destroy", "-f", pool), 60);
            }
            if (daemon != null) {
                daemon.destroy();
                if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            Files.deleteIfExists(vdev);
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // a mount point still busy stays; the pool is gone
            }
        }
    }

    private static boolean daemonRunning() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().command().map(c -> c.endsWith("/zfs-fuse")).orElse(false));
    }

    /** Until {@code zpool list} answers (10 s at most). */
    private static void waitForDaemon(Process daemon) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!daemon.isAlive()) {
                fail("zfs-fuse exited " + daemon.exitValue());
            }
            Process p = new ProcessBuilder("zpool", "list").redirectErrorStream(true).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        fail("zfs-fuse did not answer zpool list within 10 s");
    }

    /** Writes random 1 MiB blocks until the dataset says no space (at most 256 MiB). */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(15).nextBytes(block);
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            for (int i = 0; i < 256; i++) {
                out.write(block);
            }
            fail("256 MiB fit in a 128 MiB pool");
        } catch (IOException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("No space left"), "expected ENOSPC: " + e);
        }
    }

    /** Until {@code zfs get -Hp available} says 0 (the last txg synced; 30 s at most). */
    private static void waitForNoSpace(String dataset) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < end) {
            run(List.of("sync"), 30);
            last = output(List.of("zfs", "get", "-Hp", "available", dataset), 30).strip();
            if (last.split("\t").length > 2 && last.split("\t")[2].equals("0")) {
                return;
            }
            Thread.sleep(500);
        }
        fail("dataset still has space: " + last);
    }

    private static void run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in " + seconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " failed: " + out);
    }

    private static String output(List<String> command, int seconds) throws Exception {
        List<String> cmd = new ArrayList<>(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "";
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
